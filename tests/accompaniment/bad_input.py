"""The accompaniment app's rows of the bad-input tests (tests/test_bad_input.py)."""

from django.urls import reverse

from accompaniment import forms as accompaniment_forms
from accompaniment.models import JobSeeker, Partner, ProfessionalProject
from accompaniment.views.imports import ReferralImportForm
from tests.accompaniment.factories import OutcomeFactory
from tests.bad_input import A, E, Target, _iso, _today, _url, form_fields, version_of


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


TARGETS = {
    # Appointments
    "accompaniment:appointment_create": Target(
        accompaniment_forms.AppointmentForm,
        form_fields(accompaniment_forms.AppointmentForm, "file", "back"),
        _url("accompaniment:appointment_create"),
        base=lambda o: {
            "staff": o["users"]["manager"].pk,
            "kind": "individual",
            "day": _iso(7),
            "start": "10:00",
            "end": "10:45",
        },
    ),
    "accompaniment:appointment_move": Target(
        accompaniment_forms.AppointmentForm,
        ["day", "start", "end", "room", "place", "accept_conflicts", "version", "back"],
        _url("accompaniment:appointment_move", A, "appointment"),
        base=lambda o: {
            "day": _iso(9),
            "start": "14:00",
            "end": "15:00",
            "version": version_of(o[A]["appointment"]),
        },
    ),
    "accompaniment:appointment_cancel": Target(
        None,
        ["version", "back"],
        _url("accompaniment:appointment_cancel", A, "appointment"),
        base=lambda o: {"version": version_of(o[A]["appointment"])},
    ),
    "accompaniment:appointment_record": Target(
        None,
        ["version", "status", "back"],
        _url("accompaniment:appointment_record", A, "appointment"),
        accepts_base=False,
    ),
    # Calendar links: one-click actions.
    "accompaniment:calendar_feeds": Target(None, [], _url("accompaniment:calendar_feeds"), role="counsellor"),
    "accompaniment:calendar_feed_revoke": Target(
        None, [], _url("accompaniment:calendar_feed_revoke", A, "calendar_feed"), role="counsellor"
    ),
    # The public page behind a reminder's link: an anonymous visitor.
    "accompaniment:reminder_answer": Target(
        None,
        ["answer"],
        _url("accompaniment:reminder_answer", A, "reminder_token"),
        base=lambda o: {"answer": "move"},
        role=None,
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
        form_fields(accompaniment_forms.LiftBarrierForm, "version"),
        _url("accompaniment:barrier_lift", A, "barrier"),
        base=lambda o: {"lifted_on": _iso(), "version": version_of(o[A]["barrier"])},
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
        form_fields(accompaniment_forms.OrientationResultForm, "version"),
        _url("accompaniment:orientation_result", A, "orientation"),
        base=lambda o: {"result": "started", "version": version_of(o[A]["orientation"])},
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
    "accompaniment:checkpoint_record": Target(
        accompaniment_forms.CheckpointForm,
        form_fields(accompaniment_forms.CheckpointForm),
        lambda o: reverse("accompaniment:checkpoint_record", args=[o[A]["checkpoint"][0].pk, o[A]["checkpoint"][1]]),
        base=lambda o: {"reached": "1", "situation": "same_job", "note": "CDI chez Delhaize"},
    ),
    "accompaniment:accompaniment_close": Target(
        accompaniment_forms.CloseForm,
        form_fields(accompaniment_forms.CloseForm, "version"),
        _url("accompaniment:accompaniment_close", A, "accompaniment"),
        base=lambda o: {
            "closed_on": _iso(),
            "closing_reason": "exit",
            "confirmed": "True",
            "version": version_of(o[A]["accompaniment"]),
            "_": OutcomeFactory(accompaniment=o[A]["accompaniment"], occurred_on=_today()).pk,
        },
    ),
    # One-click actions: the file already has its counsellor, the accompaniment is open (refused with a message).
    "accompaniment:assignment_request": Target(
        None, [], _url("accompaniment:assignment_request", A, "file"), role="counsellor", accepts_base=False
    ),
    "accompaniment:accompaniment_undo_close": Target(
        None, [], _url("accompaniment:accompaniment_undo_close", A, "accompaniment"), accepts_base=False
    ),
    "accompaniment:accompaniment_recognition": Target(
        accompaniment_forms.RecognitionForm,
        form_fields(accompaniment_forms.RecognitionForm, "version"),
        _url("accompaniment:accompaniment_recognition", A, "accompaniment"),
        base=lambda o: {
            "recognition_status": "recognised",
            "recognised_on": _iso(),
            "version": version_of(o[A]["accompaniment"]),
        },
    ),
    "accompaniment:project_edit": Target(
        accompaniment_forms.ProjectForm,
        form_fields(accompaniment_forms.ProjectForm, "version"),
        _url("accompaniment:project_edit", A, "accompaniment"),
        base=lambda o: {
            "target_occupations": "Cuisinier",
            "summary": "Formation puis emploi",
            # The version of the project, 0 while there is none (the form then has no version field).
            "version": next(
                iter(
                    ProfessionalProject.objects.filter(accompaniment=o[A]["accompaniment"]).values_list(
                        "version", flat=True
                    )
                ),
                0,
            ),
        },
    ),
    "accompaniment:step_create": Target(
        accompaniment_forms.StepForm,
        form_fields(accompaniment_forms.StepForm),
        _url("accompaniment:step_create", A, "accompaniment"),
        base=lambda o: {"description": "Mettre le CV à jour", "owner": "job_seeker", "due_on": _iso(14)},
    ),
    "accompaniment:step_toggle": Target(
        accompaniment_forms.StepDoneForm,
        form_fields(accompaniment_forms.StepDoneForm, "version"),
        _url("accompaniment:step_toggle", A, "step"),
        base=lambda o: {"done": "1", "version": version_of(o[A]["step"])},
    ),
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
}
