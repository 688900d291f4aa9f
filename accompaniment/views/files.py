# Stub: being written.
from django.http import HttpResponse


def _todo(request, *args, **kwargs):
    return HttpResponse(status=501)


caseload = caseload_export = _todo
file_search = file_create = file_detail = file_edit = niss_unmask = file_history = team_add = _todo
interview_create = barrier_create = barrier_lift = orientation_create = orientation_result = _todo
accompaniment_create = outcome_create = accompaniment_close = accompaniment_recognition = project_edit = _todo
step_create = step_toggle = caseloads = reassign = access_log = _todo
