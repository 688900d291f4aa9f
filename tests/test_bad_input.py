"""Hostile and random values posted to every form of the product (issue #7, "bad input").

For every URL that accepts POST (read from the URLconf through the permission matrix), ``TARGETS`` says who
posts, to which object, the names of the fields (from the view's form class) and a valid payload. Each
test first posts the valid payload (it must be accepted: the hostile values then reach the service code),
then each field in turn with a script in it, then hypothesis-drawn hostile values. For every response:

- no 500 (the test client re-raises the view's exception);
- a rejected form (an error status, a form shown again with errors, an error message) stored nothing: the
  row counts of every table of the product are unchanged (the access log excepted: reading is logged);
- no script posted comes back unescaped, neither in the response nor in the page a success redirects to.

A POST URL without an entry here fails ``test_every_post_url_has_bad_input_coverage``.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django import forms
from django.apps import apps
from django.contrib.admin.helpers import AdminForm
from django.contrib.auth import forms as auth_forms
from django.contrib.messages import constants as message_levels
from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from accompaniment import forms as accompaniment_forms
from accompaniment.imports import ImportResult
from accompaniment.models import JobSeeker, Partner
from accompaniment.views.imports import ReferralImportForm
from employers import forms as employer_forms
from employers.models import CertificationKind, Worksite
from missionlocale import forms as missionlocale_forms
from privacy import forms as privacy_forms
from reporting import forms as reporting_forms
from reporting.enums import ReportLanguage, TextSection
from tests.accompaniment.factories import OutcomeFactory
from tests.missionlocale.factories import PASSWORD, UserFactory
from tests.responses import close_response
from tests.test_permission_matrix import APP_MATRICES, EXPECTED
from tests.urls import all_urls
from workshops import forms as workshop_forms
from workshops.models import Module

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
# What must never come back as such in an HTML page; their escaped forms may.
RAW_MARKERS = [SCRIPT, "<img src=x onerror=alert(1)>"]

HOSTILE = [
    SCRIPT,
    IMG,
    "'; DROP TABLE accompaniment_jobseeker; --",
    "' OR '1'='1",
    "1 UNION SELECT username, password FROM missionlocale_user --",
    "%' OR 1=1 --",
    "a\x00b",
    "\x00",
    "\x01\x02\x07\x1b[2J\x7f",
    "\r\n\t\x0b\x0c",
    "\u202egnp.exe",
    "x" * 10_000,
    "é" * 1000,
    "😀" * 300,
    "2024-02-30",
    "0000-00-00",
    "0001-01-01",
    "9999-12-31",
    "10000-01-01",
    "31/12/9999",
    "2024-13-45",
    "9999-12-31T23:59",
    "0001-01-01T00:00",
    "25:61",
    "-1",
    "0",
    "-2147483649",
    "2147483648",
    "9223372036854775808",
    "99999999999999999999999",
    "1e309",
    "NaN",
    "-Infinity",
    "-0.5",
    "²",
    "¹²³⁴",
    "١٢٣",
    "0x1F",
    "",
    " ",
    "None",
    "[]",
    "../../../etc/passwd",
    "javascript:alert(1)",
    "//evil.example.org/",
    "{{ request }}",
    "{% debug %}",
]

hostile_value = st.one_of(
    st.sampled_from(HOSTILE),
    st.sampled_from(HOSTILE),
    st.text(max_size=40),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.dates(min_value=datetime.date(1, 1, 1)).map(lambda day: day.strftime("%Y-%m-%d").zfill(10)),
)
# Multiple-choice fields receive lists; a list of one is what a single field receives from a browser.
hostile_entry = st.one_of(hostile_value, st.lists(hostile_value, min_size=0, max_size=3))

EXAMPLES = 4


@dataclass(frozen=True)
class Target:
    """How to post bad input to one URL."""

    form: type | None  # the view's form class, None when the view reads request.POST itself
    fields: list[str]  # the names of the fields its view reads
    url: Callable[[dict], str]  # objects -> URL
    base: Callable[[dict], dict] = lambda o: {}  # objects -> a payload the view accepts
    role: str | None = "manager"  # None: an anonymous visitor
    accepts_base: bool = True  # False: no payload is accepted as such (searches, one-click actions…)
    extra: dict = field(default_factory=dict)


def _nasty_values(form_class, field_name: str) -> list[str]:
    form_field = form_class.base_fields.get(field_name) if form_class else None
    if isinstance(form_field, forms.ModelChoiceField | forms.ModelMultipleChoiceField):
        return ["99999999999999999999999"]
    if isinstance(form_field, forms.DateTimeField):
        return ["9999-12-31T23:59"]
    if isinstance(form_field, forms.DateField):
        return ["9999-12-31"]
    if isinstance(form_field, forms.TimeField):
        return ["23:59"]
    if isinstance(form_field, forms.IntegerField | forms.DecimalField | forms.FloatField):
        return ["99999999999999999999999"]
    if form_field is None:  # read from request.POST by the view: no form validator stands before the database
        return [SCRIPT, "a\x00b", "²", "99999999999999999999999"]
    return [SCRIPT]


def form_fields(form_class, *extra: str) -> list[str]:
    return [*form_class.base_fields, *extra]


def _today() -> datetime.date:
    return timezone.localdate()


def _iso(days: int = 0) -> str:
    return (_today() + datetime.timedelta(days=days)).isoformat()


def _url(name, app=None, kind=None, attribute="pk"):
    if kind is None:
        return lambda o: reverse(name)
    return lambda o: reverse(name, args=[getattr(o[app][kind], attribute, o[app][kind])])


def _job_seeker_base(o):
    return {
        "first_name": "Amina",
        "last_name": "Dupont",
        "birth_date": "1999-05-15",
        "gender": "F",
        "referral_source": "spontaneous",
        "postcode": "1000",
        "phone": "0470 12 34 56",
    }


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


def _contract_base(o):
    return {
        "worker": o["employers"]["file"].pk,
        "measure": "article_60",
        "worksite": Worksite.objects.filter(is_active=True).first().pk,
        "job_title": "Ouvrier",
        "started_on": _iso(-30),
        "planned_end_on": _iso(300),
        "fte": "1.00",
    }


TEXT_FIELDS = [f"{section.value}_{language.value}" for section in TextSection for language in ReportLanguage]

A, E, W, R = "accompaniment", "employers", "workshops", "reporting"

TARGETS = {
    # Authentication and language
    "login": Target(
        auth_forms.AuthenticationForm,
        form_fields(auth_forms.AuthenticationForm, "next"),
        _url("login"),
        role=None,
        accepts_base=False,
    ),
    "home": Target(None, [], _url("home")),
    # Two-factor pages: a random code is never a valid one.
    "two_factor_setup": Target(
        missionlocale_forms.TwoFactorEnrolForm, ["token"], _url("two_factor_setup"), accepts_base=False
    ),
    "two_factor_verify": Target(
        missionlocale_forms.TwoFactorVerifyForm, ["code"], _url("two_factor_verify"), accepts_base=False
    ),
    "two_factor_recovery_codes": Target(None, [], _url("two_factor_recovery_codes"), accepts_base=False),
    "logout": Target(None, ["next"], _url("logout")),
    "set_language": Target(None, ["language", "next"], _url("set_language"), base=lambda o: {"language": "nl"}),
    "password_change": Target(
        auth_forms.PasswordChangeForm,
        form_fields(auth_forms.PasswordChangeForm),
        _url("password_change"),
        base=lambda o: {
            "old_password": PASSWORD,
            "new_password1": "Un-nouveau-mot-de-passe-2026",
            "new_password2": "Un-nouveau-mot-de-passe-2026",
        },
    ),
    "password_reset": Target(
        auth_forms.PasswordResetForm,
        form_fields(auth_forms.PasswordResetForm),
        _url("password_reset"),
        base=lambda o: {"email": "personne@example.org"},
        role=None,
    ),
    "password_reset_confirm": Target(
        auth_forms.SetPasswordForm,
        form_fields(auth_forms.SetPasswordForm),
        lambda o: reverse("password_reset_confirm", kwargs={"uidb64": "MQ", "token": "set-password"}),
        role=None,
        accepts_base=False,  # the link is not a valid one
    ),
    # Accompaniment
    "accompaniment:caseload": Target(
        None,
        ["q", "status", "source", "ending_soon", "no_recent_interview", "local_project", "barrier", "ordering"],
        _url("accompaniment:caseload"),
        accepts_base=False,
    ),
    "accompaniment:caseload_export": Target(
        None,
        ["q", "status", "source", "local_project", "barrier", "ordering"],
        _url("accompaniment:caseload_export"),
        accepts_base=False,
    ),
    "accompaniment:file_search": Target(None, ["q"], _url("accompaniment:file_search"), accepts_base=False),
    "accompaniment:file_create": Target(
        accompaniment_forms.JobSeekerForm,
        form_fields(accompaniment_forms.JobSeekerForm),
        _url("accompaniment:file_create"),
        base=_job_seeker_base,
    ),
    "accompaniment:file_edit": Target(
        accompaniment_forms.JobSeekerForm,
        form_fields(accompaniment_forms.JobSeekerForm),
        _url("accompaniment:file_edit", A, "file"),
        # The version the form was loaded with, read again before each post (each save bumps it).
        base=lambda o: {
            **_job_seeker_base(o),
            "first_name": "Amélie",
            "version": JobSeeker.objects.get(pk=o[A]["file"].pk).version,
        },
    ),
    # Erasure is refused while an accompaniment is open, as in the scenario: no payload is accepted.
    "privacy:erase": Target(
        privacy_forms.ErasureForm,
        form_fields(privacy_forms.ErasureForm),
        _url("privacy:erase", A, "file"),
        base=lambda o: {"reason": "Demande écrite", "confirm": "on"},
        accepts_base=False,
    ),
    "accompaniment:niss_unmask": Target(None, [], _url("accompaniment:niss_unmask", A, "file"), accepts_base=False),
    "accompaniment:team_add": Target(
        accompaniment_forms.TeamAddForm,
        form_fields(accompaniment_forms.TeamAddForm),
        _url("accompaniment:team_add", A, "file"),
        base=lambda o: {"user": o["users"]["psychologist"].pk},
    ),
    "accompaniment:interview_create": Target(
        accompaniment_forms.InterviewForm,
        form_fields(accompaniment_forms.InterviewForm, "from"),
        _url("accompaniment:interview_create", A, "file"),
        base=lambda o: {
            "occurred_on": _iso(),
            "kind": "individual",
            "duration_minutes": "45",
            "staff": o["users"]["manager"].pk,
            "note": "CV revu",
        },
    ),
    "accompaniment:barrier_create": Target(
        accompaniment_forms.BarrierForm,
        form_fields(accompaniment_forms.BarrierForm),
        _url("accompaniment:barrier_create", A, "file"),
        base=lambda o: {"kind": "housing", "identified_on": _iso()},
    ),
    "accompaniment:barrier_lift": Target(
        accompaniment_forms.LiftBarrierForm,
        form_fields(accompaniment_forms.LiftBarrierForm),
        _url("accompaniment:barrier_lift", A, "barrier"),
        base=lambda o: {"lifted_on": _iso()},
    ),
    "accompaniment:orientation_create": Target(
        accompaniment_forms.OrientationForm,
        form_fields(accompaniment_forms.OrientationForm),
        _url("accompaniment:orientation_create", A, "file"),
        base=lambda o: {
            "partner": Partner.objects.filter(is_active=True).first().pk,
            "oriented_on": _iso(),
            "purpose": "Formation",
        },
    ),
    "accompaniment:orientation_result": Target(
        accompaniment_forms.OrientationResultForm,
        form_fields(accompaniment_forms.OrientationResultForm),
        _url("accompaniment:orientation_result", A, "orientation"),
        base=lambda o: {"result": "started"},
    ),
    "accompaniment:accompaniment_create": Target(
        accompaniment_forms.AccompanimentOpenForm,
        form_fields(accompaniment_forms.AccompanimentOpenForm),
        _url("accompaniment:accompaniment_create", E, "file"),
        base=lambda o: {"counsellor": o["users"]["counsellor"].pk, "started_on": _iso()},
        accepts_base=False,  # the file already has an open accompaniment
    ),
    "accompaniment:outcome_create": Target(
        accompaniment_forms.OutcomeForm,
        form_fields(accompaniment_forms.OutcomeForm),
        _url("accompaniment:outcome_create", A, "accompaniment"),
        base=lambda o: {"kind": "cdd", "occurred_on": _iso(), "organisation": "Delhaize"},
    ),
    "accompaniment:accompaniment_close": Target(
        accompaniment_forms.CloseForm,
        form_fields(accompaniment_forms.CloseForm),
        _url("accompaniment:accompaniment_close", A, "accompaniment"),
        base=lambda o: {
            "closed_on": _iso(),
            "_": OutcomeFactory(accompaniment=o[A]["accompaniment"], occurred_on=_today()).pk,
        },
    ),
    "accompaniment:accompaniment_recognition": Target(
        accompaniment_forms.RecognitionForm,
        form_fields(accompaniment_forms.RecognitionForm),
        _url("accompaniment:accompaniment_recognition", A, "accompaniment"),
        base=lambda o: {"recognition_status": "recognised", "recognised_on": _iso()},
    ),
    "accompaniment:project_edit": Target(
        accompaniment_forms.ProjectForm,
        form_fields(accompaniment_forms.ProjectForm),
        _url("accompaniment:project_edit", A, "accompaniment"),
        base=lambda o: {"target_occupations": "Cuisinier", "summary": "Formation puis emploi"},
    ),
    "accompaniment:step_create": Target(
        accompaniment_forms.StepForm,
        form_fields(accompaniment_forms.StepForm),
        _url("accompaniment:step_create", A, "accompaniment"),
        base=lambda o: {"description": "Mettre le CV à jour", "owner": "job_seeker", "due_on": _iso(14)},
    ),
    "accompaniment:step_toggle": Target(None, [], _url("accompaniment:step_toggle", A, "step")),
    "accompaniment:reassign": Target(
        accompaniment_forms.ReassignForm,
        form_fields(accompaniment_forms.ReassignForm, "next"),
        _url("accompaniment:reassign"),
        base=lambda o: {
            "accompaniments": [o[A]["accompaniment"].pk],
            "counsellor": o["users"]["counsellor"].pk,
            "reason": "Congé",
        },
    ),
    "accompaniment:import_referrals": Target(
        ReferralImportForm, form_fields(ReferralImportForm), _url("accompaniment:import_referrals"), accepts_base=False
    ),
    # Workshops
    "workshops:session_create": Target(
        workshop_forms.SessionForm,
        form_fields(workshop_forms.SessionForm),
        _url("workshops:session_create"),
        base=_session_base,
    ),
    "workshops:session_edit": Target(
        workshop_forms.SessionForm,
        form_fields(workshop_forms.SessionForm),
        _url("workshops:session_edit", W, "session"),
        base=_session_base,
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
    # Employers
    "employers:employer_list": Target(
        None, ["q", "size", "section"], _url("employers:employer_list"), accepts_base=False
    ),
    "employers:employer_create": Target(
        employer_forms.EmployerForm,
        form_fields(employer_forms.EmployerForm),
        _url("employers:employer_create"),
        base=lambda o: {"name": "Boulangerie du Sablon", "size_band": "tpe", "postcode": "1000"},
    ),
    "employers:employer_edit": Target(
        employer_forms.EmployerForm,
        form_fields(employer_forms.EmployerForm),
        _url("employers:employer_edit", E, "employer"),
        base=lambda o: {"name": "Boulangerie du Sablon", "size_band": "small"},
    ),
    "employers:contact_create": Target(
        employer_forms.EmployerContactForm,
        form_fields(employer_forms.EmployerContactForm),
        _url("employers:contact_create", E, "employer"),
        base=lambda o: {"name": "Mme Janssens", "language": "nl", "phone": "02 279 22 11"},
    ),
    "employers:prospection_create": Target(
        employer_forms.ProspectionForm,
        form_fields(employer_forms.ProspectionForm),
        _url("employers:prospection_create", E, "employer"),
        base=lambda o: {"kind": "phone", "contacted_on": _iso(), "subject": "Offres de printemps"},
    ),
    "employers:follow_up_done": Target(None, ["next"], _url("employers:follow_up_done", E, "prospection")),
    "employers:offer_create": Target(
        employer_forms.JobOfferForm,
        form_fields(employer_forms.JobOfferForm),
        _url("employers:offer_create"),
        base=lambda o: {
            "employer": o[E]["employer"].pk,
            "title": "Vendeur",
            "contract_type": "cdd",
            "posts": "2",
            "opened_on": _iso(),
            "source": "prospection",
            "hours_per_week": "38",
        },
    ),
    "employers:offer_edit": Target(
        employer_forms.JobOfferForm,
        form_fields(employer_forms.JobOfferForm),
        _url("employers:offer_edit", E, "offer"),
        base=lambda o: {
            "employer": o[E]["employer"].pk,
            "title": "Vendeuse",
            "contract_type": "cdi",
            "posts": "1",
            "opened_on": _iso(-10),
            "source": "actiris",
        },
    ),
    "employers:offer_propose": Target(
        employer_forms.MatchingProposeForm,
        form_fields(employer_forms.MatchingProposeForm),
        _url("employers:offer_propose", E, "other_offer"),
        base=lambda o: {"job_seeker": o[E]["file"].pk, "proposed_on": _iso()},
    ),
    "employers:job_seeker_propose": Target(
        employer_forms.MatchingProposeForm,
        form_fields(employer_forms.MatchingProposeForm),
        _url("employers:job_seeker_propose", E, "file"),
        base=lambda o: {"employer": o[E]["employer"].pk, "proposed_on": _iso(), "note": "Candidature spontanée"},
    ),
    "employers:matching_move": Target(
        employer_forms.MatchingMoveForm,
        form_fields(employer_forms.MatchingMoveForm, "next"),
        _url("employers:matching_move", E, "matching"),
        base=lambda o: {"status": "cv_sent", "changed_on": _iso()},
    ),
    "employers:matching_record_outcome": Target(
        None, ["next"], _url("employers:matching_record_outcome", E, "hired_matching")
    ),
    "employers:people_search": Target(None, ["q", "field"], _url("employers:people_search"), accepts_base=False),
    "employers:job_day_create": Target(
        employer_forms.JobDayForm,
        form_fields(employer_forms.JobDayForm),
        _url("employers:job_day_create"),
        base=lambda o: {"title": "Job Day Horeca", "held_on": _iso(20), "employers": [o[E]["employer"].pk]},
    ),
    "employers:job_day_guest_add": Target(
        employer_forms.JobDayGuestForm,
        form_fields(employer_forms.JobDayGuestForm),
        _url("employers:job_day_guest_add", E, "job_day"),
        base=lambda o: {"job_seeker": o[A]["file"].pk, "present": "on"},
    ),
    "employers:job_day_guest_presence": Target(None, [], _url("employers:job_day_guest_presence", E, "guest")),
    "employers:session_create": Target(
        employer_forms.InformationSessionForm,
        form_fields(employer_forms.InformationSessionForm),
        _url("employers:session_create"),
        base=lambda o: {
            "held_on": _iso(),
            "partner": Partner.objects.filter(is_active=True).first().pk,
            "theme": "Titres-services",
            "people_reached": "14",
        },
    ),
    "employers:concertation_create": Target(
        employer_forms.ConcertationForm,
        form_fields(employer_forms.ConcertationForm),
        _url("employers:concertation_create"),
        base=lambda o: {"held_on": _iso(), "title": "Concertation", "partners_present": "CPAS", "themes": "NEET"},
    ),
    "employers:contract_create": Target(
        employer_forms.ContractForm,
        form_fields(employer_forms.ContractForm),
        _url("employers:contract_create"),
        base=_contract_base,
    ),
    "employers:contract_edit": Target(
        employer_forms.ContractForm,
        form_fields(employer_forms.ContractForm),
        _url("employers:contract_edit", E, "contract"),
        base=_contract_base,
    ),
    "employers:training_create": Target(
        employer_forms.TrainingForm,
        form_fields(employer_forms.TrainingForm),
        _url("employers:training_create", E, "contract"),
        base=lambda o: {
            "kind": "internal",
            "title": "Sécurité",
            "hours": "8",
            "trained_on": (o[E]["contract"].started_on + datetime.timedelta(days=1)).isoformat(),
        },
    ),
    "employers:certification_create": Target(
        employer_forms.CertificationForm,
        form_fields(employer_forms.CertificationForm),
        _url("employers:certification_create", E, "contract"),
        base=lambda o: {"kind": CertificationKind.objects.filter(is_active=True).first().pk, "obtained_on": _iso()},
    ),
    "employers:contract_end": Target(
        employer_forms.ContractEndForm,
        form_fields(employer_forms.ContractEndForm),
        _url("employers:contract_end", E, "contract"),
        base=lambda o: {"ended_on": _iso(), "end_reason": "term", "situation_at_end": "employment"},
    ),
    # Reporting: the director's
    "reporting:reports": Target(
        reporting_forms.ReportRequestForm,
        form_fields(reporting_forms.ReportRequestForm),
        _url("reporting:reports"),
        base=lambda o: {"year": str(_today().year - 1), "cutoff": _iso(), "language": "fr"},
        role="director",
    ),
    "reporting:report_texts": Target(
        None,
        TEXT_FIELDS,
        lambda o: reverse("reporting:report_texts", args=[2024]),
        base=lambda o: dict.fromkeys(TEXT_FIELDS, "Une année de travail."),
        role="director",
    ),
    "reporting:objective": Target(
        reporting_forms.ObjectiveForm,
        form_fields(reporting_forms.ObjectiveForm),
        lambda o: reverse("reporting:objective", args=[2024]),
        base=lambda o: {"value": "180", "note": "Objectif de la convention"},
        role="director",
    ),
}

POST_URLS = sorted(
    {
        name
        for name, _path in all_urls()
        if not name.startswith("admin:") and name in EXPECTED and set(EXPECTED[name][2].values()) != {405}
    }
)


def test_every_post_url_has_bad_input_coverage():
    missing = [name for name in POST_URLS if name not in TARGETS]
    assert missing == [], f"Add these POST URLs to tests/test_bad_input.py TARGETS: {missing}"
    assert sorted(set(TARGETS) - set(POST_URLS)) == [], "TARGETS names a URL that takes no POST"


def test_the_targets_name_the_fields_of_their_forms():
    """The field lists come from the forms: a renamed field would leave the new name without bad input."""
    assert "birth_date" in TARGETS["accompaniment:file_create"].fields
    assert set(workshop_forms.CoachingForm.base_fields) <= set(TARGETS["workshops:visitor_detail"].fields)
    form = reporting_forms.ReportTextsForm(texts={})
    assert sorted(form.fields) == sorted(TEXT_FIELDS)


# --- Scenario and checks -------------------------------------------------------------------------------------


def _watched_tables() -> list[str]:
    """Every table of the product's apps, the access log excepted (reads are logged, by design)."""
    tables = []
    for label in ("missionlocale", "accompaniment", "workshops", "employers", "reporting"):
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            if model._meta.db_table != "accompaniment_fileaccess" and model._meta.managed:
                tables.append(model._meta.db_table)
    return sorted(set(tables))


def _row_counts(tables) -> tuple:
    quote = connection.ops.quote_name
    sql = "SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {quote(t)})" for t in tables)
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchone()


def _contexts(response):
    context = response.context
    if context is None:
        return []
    return list(context) if isinstance(context, list) else [context]


def _rejected(response) -> bool:
    if response.status_code >= 400:
        return True
    if any(m.level >= message_levels.ERROR for m in get_messages(response.wsgi_request)):
        return True
    for context in _contexts(response):
        for value in context.flatten().values():
            if isinstance(value, AdminForm):
                value = value.form
            if isinstance(value, forms.BaseForm) and value.is_bound and value.errors:
                return True
            if isinstance(value, ImportResult) and not value.ok:
                return True
    return False


def _why(response) -> str:
    reasons = [f"status {response.status_code}"]
    reasons += [str(m) for m in get_messages(response.wsgi_request)]
    for context in _contexts(response):
        for value in context.flatten().values():
            if isinstance(value, AdminForm):
                value = value.form
            if isinstance(value, forms.BaseForm) and value.is_bound and value.errors:
                reasons.append(value.errors.as_text())
    return "; ".join(reasons)


def _assert_escaped(response, what):
    if "html" not in response.get("Content-Type", ""):
        return
    body = response.content.decode("utf-8", errors="replace")
    for marker in RAW_MARKERS:
        assert marker not in body, f"{what}: {marker!r} rendered unescaped"


@dataclass
class Poster:
    client: Client
    user: object | None
    tables: list[str]
    last: object = None

    def post(self, url, data, *, htmx=False, what="", follow=True):
        """Post; check status, escaping and, when rejected, that nothing was stored. True if accepted."""
        if self.user is not None:
            self.client.force_login(self.user)
        headers = {"HX-Request": "true"} if htmx else {}
        before = _row_counts(self.tables)
        response = self.client.post(url, data, headers=headers)
        close_response(response)
        assert response.status_code < 500, what
        _assert_escaped(response, what)
        self.last = response
        if _rejected(response):
            assert _row_counts(self.tables) == before, f"{what}: a rejected form stored rows ({response.status_code})"
            return False
        location = response.get("Location", "")
        if follow and response.status_code == 302 and location.startswith("/") and not location.startswith("//"):
            if self.user is not None:
                self.client.force_login(self.user)  # a logout or a password change ended the session
            page = self.client.get(location)
            close_response(page)
            assert page.status_code < 500, f"{what}: the page after the redirect"
            _assert_escaped(page, f"{what}, then GET {location}")
        return True


class Objects(dict):
    """The objects of an app's permission-matrix scenario, built the first time a target asks for them."""

    def __missing__(self, app):
        matrices = {matrix.__name__.split(".")[1]: matrix for matrix in APP_MATRICES}
        objects = self[app] = matrices[app].make_objects(self["users"])
        if app == E:
            from tests.employers.factories import JobOfferFactory

            objects["other_offer"] = JobOfferFactory(employer=objects["employer"])
        if app == W:
            from tests.workshops.factories import SessionFactory

            objects["future_session"] = SessionFactory(
                starts_on=_today() + datetime.timedelta(days=10), ends_on=_today() + datetime.timedelta(days=40)
            )
        return objects


@pytest.fixture
def scenario(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    users = {
        "counsellor": UserFactory(counsellor=True),
        "psychologist": UserFactory(psychologist=True),
        "manager": UserFactory(manager=True),
        "director": UserFactory(director=True),
        "administrator": UserFactory(administrator=True),
    }
    return Objects(users=users)


@pytest.mark.parametrize("name", sorted(TARGETS))
def test_hostile_values_are_refused_or_stored_safely(name, scenario):
    target = TARGETS[name]
    user = scenario["users"][target.role] if target.role else None
    poster = Poster(Client(), user, _watched_tables())
    url = target.url(scenario)
    base = target.base(scenario)

    accepted = poster.post(url, base, what=f"{name} with a valid payload")
    assert accepted or not target.accepts_base, (
        f"{name}: the valid payload was refused; fix TARGETS: {_why(poster.last)}"
    )
    # Each field in turn holds the nastiest value for its type, the rest being valid: a script in a text
    # (stored, it must come back escaped), a far-future date, an id or a number no column holds.
    for field_name in target.fields:
        for payload in _nasty_values(target.form, field_name):
            poster.post(url, {**base, field_name: payload}, what=f"{name} with {field_name}={payload!r:.60}")

    @hypothesis_settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,  # the same examples on every run: a failure in CI is reproduced on a laptop
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )
    @given(
        changes=st.dictionaries(st.sampled_from(target.fields or ["unexpected"]), hostile_entry, min_size=1),
        keep_base=st.booleans(),
        htmx=st.booleans(),
    )
    def post_hostile(changes, keep_base, htmx):
        data = {**(base if keep_base else {}), **changes}
        # The page a success leads to is checked by the passes above; here the answers themselves.
        poster.post(url, data, htmx=htmx, what=f"{name} with {data!r:.300}", follow=False)

    post_hostile()


# --- The CSV import ------------------------------------------------------------------------------------------

HEADER = "actiris_number;last_name;first_name;birth_date;referral_date;postcode;niss;phone;email;counsellor;gender"
GOOD_ROW = "7654321;Dupont;Amina;15/05/1999;02/09/2024;1000;;0470 12 34 56;amina@example.org;;F"
csv_cell = hostile_value.map(lambda value: value.replace(";", ",")[:200])


def _csv_with(cells: list[str]) -> str:
    """The good row with its first cells replaced by hostile ones."""
    row = GOOD_ROW.split(";")
    row[: len(cells)] = cells
    return f"{HEADER}\n{';'.join(row)}\n"


csv_upload = st.one_of(
    st.binary(max_size=3000),  # garbage
    st.builds(lambda cells: _csv_with(cells).encode("latin-1", errors="replace"), st.lists(csv_cell, max_size=11)),
    st.builds(lambda cells: _csv_with(cells).encode("utf-16"), st.lists(csv_cell, max_size=11)),
    st.builds(lambda cells: _csv_with(cells).encode("utf-8"), st.lists(csv_cell, min_size=1, max_size=11)),
    st.builds(
        lambda header, cells: f"{header}\n{';'.join(cells)}\n".encode(),
        st.sampled_from([HEADER, SCRIPT, f"{HEADER};{SCRIPT}", HEADER.replace(";", ","), "\ufeff" + HEADER]),
        st.lists(csv_cell, max_size=12),
    ),
)


def _upload(content: bytes, name="referrals.csv"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="text/csv")


@pytest.fixture
def importer(db):
    return Poster(Client(), UserFactory(manager=True), _watched_tables())


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("actiris_number;last_name\n1;Müller\n".encode("latin-1"), "UTF-8"),
        (f"{HEADER}\n{GOOD_ROW}\n".encode("utf-16"), "UTF-8"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "UTF-8"),
        (b"actiris_number;last_name\x00\n", "pas un fichier CSV"),
    ],
    ids=["latin-1", "utf-16", "binary", "nul"],
)
def test_an_import_in_a_wrong_encoding_is_refused_in_french_and_imports_nothing(importer, content, message):
    url = reverse("accompaniment:import_referrals")
    assert not importer.post(url, {"file": _upload(content)}, what="import")
    assert message in importer.last.content.decode()


def test_an_import_with_a_script_in_its_cells_stores_it_and_shows_it_escaped(importer):
    url = reverse("accompaniment:import_referrals")
    content = _csv_with(["7654322", SCRIPT, "<img src=x onerror=alert(1)>"]).encode()
    assert importer.post(url, {"file": _upload(content)}, what="import")
    assert "1" in importer.last.content.decode()
    from accompaniment.models import JobSeeker

    person = JobSeeker.objects.get(actiris_number="7654322")
    assert person.last_name == SCRIPT
    importer.client.force_login(importer.user)
    page = importer.client.get(reverse("accompaniment:file_detail", args=[person.pk]))
    _assert_escaped(page, "file page")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.content.decode()


def test_hostile_csv_files_never_answer_500_and_a_refused_file_imports_nothing(importer):
    url = reverse("accompaniment:import_referrals")

    @hypothesis_settings(max_examples=25, deadline=None, database=None, derandomize=True)
    @given(content=csv_upload, name=st.sampled_from(["referrals.csv", "REFERRALS.CSV", "referrals.xlsx"]))
    def post_file(content, name):
        importer.post(url, {"file": _upload(content, name)}, what=f"import of {content[:120]!r}")

    post_file()
