# Stub: being written.
from django.http import HttpResponse


def _todo(request, *args, **kwargs):
    return HttpResponse(status=501)


agenda = agenda_ics = import_referrals = _todo
