"""The workshops app's rows of the permission matrix (tests/test_permission_matrix.py)."""

from accompaniment.models import LocalProject
from tests.accompaniment.factories import AccompanimentFactory
from tests.matrix import E_REDIRECT, NOT_ALLOWED, E, R, only
from tests.workshops.factories import EnrolmentFactory, SessionFactory, VisitorFactory, reference_data
from workshops.models import Attendance


def make_objects(users) -> dict:
    """A session the counsellor facilitates, with one participant who met the completion rule."""
    reference_data()
    counsellor = users["counsellor"]
    session = SessionFactory(facilitators=[counsellor])
    person = AccompanimentFactory(counsellor=counsellor).job_seeker
    enrolment = EnrolmentFactory(session=session, job_seeker=person)
    meetings = list(session.meetings.all())
    Attendance.objects.bulk_create(Attendance(meeting=m, enrolment=enrolment, status="present") for m in meetings)
    return {
        "session": session,
        "meeting": meetings[0],
        "enrolment": enrolment,
        "workshop_file": person,
        "visitor": VisitorFactory(),
        "local_project": LocalProject.objects.get(name="CQD Versailles"),
    }


# An empty POST to the attendance endpoint names no participant: 404 for those who may take attendance.
NO_PARTICIPANT = only(counsellor=404, manager=404)

# url name -> (object the <pk> designates, GET statuses, POST statuses with an empty form)
EXPECTED = {
    "workshops:modules": (None, R, NOT_ALLOWED),
    "workshops:sessions": (None, R, NOT_ALLOWED),
    "workshops:session_create": (None, R, R),
    "workshops:session_detail": ("session", R, NOT_ALLOWED),
    "workshops:session_edit": ("session", E, E),
    "workshops:meeting_add": ("session", NOT_ALLOWED, E),
    "workshops:candidates": ("session", NOT_ALLOWED, E),
    "workshops:enrol": ("session", NOT_ALLOWED, E_REDIRECT),
    "workshops:session_export": ("session", R, NOT_ALLOWED),
    "workshops:enrolment_status": ("enrolment", NOT_ALLOWED, E_REDIRECT),
    "workshops:certificate": ("enrolment", R, NOT_ALLOWED),
    "workshops:attendance_sheet": ("meeting", E, NOT_ALLOWED),
    "workshops:meeting_edit": ("meeting", E, E),
    "workshops:attendance_mark": ("meeting", NOT_ALLOWED, NO_PARTICIPANT),
    "workshops:attendance_all_present": ("meeting", NOT_ALLOWED, E_REDIRECT),
    "workshops:sign_in_sheet": ("meeting", R, NOT_ALLOWED),
    "workshops:file_enrolments": ("workshop_file", R, E),
    "workshops:epn": (None, R, NOT_ALLOWED),
    "workshops:epn_search": (None, NOT_ALLOWED, R),
    "workshops:visit_log": (None, NOT_ALLOWED, R),
    "workshops:visitor_detail": ("visitor", R, R),
    "workshops:coaching": (None, R, NOT_ALLOWED),
    "workshops:projects": (None, R, NOT_ALLOWED),
    "workshops:project_detail": ("local_project", R, NOT_ALLOWED),
}
