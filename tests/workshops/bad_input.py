"""The workshops app's rows of the bad-input tests (tests/test_bad_input.py)."""

from tests.bad_input import A, Target, W, _iso, _url, form_fields, version_of
from workshops import forms as workshop_forms
from workshops.models import Module


def _session_base(o):
    return {
        "module": Module.objects.filter(is_active=True, kind="collective").first().pk,
        "label": "Décembre",
        "starts_on": _iso(7),
        "ends_on": _iso(21),
        "starts_at": "09:30",
        "ends_at": "12:00",
        "capacity": "12",
        "facilitators": [o["users"]["manager"].pk],
        "weekday_choices": ["1", "3"],
    }


TARGETS = {
    # Workshops
    "workshops:session_create": Target(
        workshop_forms.SessionForm,
        form_fields(workshop_forms.SessionForm),
        _url("workshops:session_create"),
        base=_session_base,
    ),
    "workshops:session_edit": Target(
        workshop_forms.SessionForm,
        form_fields(workshop_forms.SessionForm, "version"),
        _url("workshops:session_edit", W, "session"),
        base=lambda o: {**_session_base(o), "version": version_of(o[W]["session"])},
    ),
    "workshops:meeting_add": Target(
        workshop_forms.MeetingForm,
        form_fields(workshop_forms.MeetingForm),
        _url("workshops:meeting_add", W, "session"),
        base=lambda o: {"date": _iso(3), "starts_at": "09:00", "ends_at": "11:00", "topic": "CV"},
    ),
    "workshops:meeting_edit": Target(
        workshop_forms.MeetingForm,
        form_fields(workshop_forms.MeetingForm, "delete"),
        _url("workshops:meeting_edit", W, "meeting"),
        base=lambda o: {"date": o[W]["meeting"].date.isoformat(), "starts_at": "09:00", "ends_at": "11:00"},
    ),
    "workshops:candidates": Target(None, ["q"], _url("workshops:candidates", W, "session"), accepts_base=False),
    "workshops:enrol": Target(
        workshop_forms.EnrolForm,
        form_fields(workshop_forms.EnrolForm),
        _url("workshops:enrol", W, "session"),
        base=lambda o: {"person": o[A]["file"].pk},
    ),
    "workshops:enrolment_status": Target(
        workshop_forms.StatusForm,
        form_fields(workshop_forms.StatusForm),
        _url("workshops:enrolment_status", W, "enrolment"),
        base=lambda o: {"status": "withdrawn"},
    ),
    "workshops:attendance_mark": Target(
        None,
        ["enrolment", "status"],
        _url("workshops:attendance_mark", W, "meeting"),
        base=lambda o: {"enrolment": o[W]["enrolment"].pk, "status": "absent"},
    ),
    "workshops:attendance_all_present": Target(None, [], _url("workshops:attendance_all_present", W, "meeting")),
    "workshops:file_enrolments": Target(
        workshop_forms.FileEnrolForm,
        form_fields(workshop_forms.FileEnrolForm),
        _url("workshops:file_enrolments", A, "file"),
        base=lambda o: {"session": o[W]["future_session"].pk},
    ),
    "workshops:epn_search": Target(None, ["q", "mode"], _url("workshops:epn_search"), accepts_base=False),
    "workshops:visit_log": Target(
        workshop_forms.VisitorForm,
        form_fields(workshop_forms.VisitorForm, "visitor", "job_seeker", "anonymous", "next"),
        _url("workshops:visit_log"),
        base=lambda o: {"first_name": "Karim", "last_name": "Haddad"},
    ),
    "workshops:visitor_detail": Target(
        workshop_forms.CoachingForm,
        form_fields(workshop_forms.CoachingForm),
        _url("workshops:visitor_detail", W, "visitor"),
        base=lambda o: {"occurred_on": _iso(), "duration_minutes": "45", "skills": ["email", "cv"]},
    ),
}
