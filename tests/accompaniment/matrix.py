"""The accompaniment app's rows of the permission matrix (tests/test_permission_matrix.py)."""

import datetime

from django.utils import timezone

from accompaniment.calendar_feeds import calendar_feed_create
from accompaniment.models import ActionStep, Orientation, Partner, Reminder
from accompaniment.reminders import reminder_token
from tests.accompaniment.factories import (
    AccompanimentFactory,
    AppointmentFactory,
    BarrierFactory,
    OutcomeFactory,
    RoomFactory,
)
from tests.matrix import ALL, E_REDIRECT, MANAGER, MANAGER_REDIRECT, NOT_ALLOWED, E, R, only, redirects

R_REDIRECT = redirects(R)


def make_objects(users) -> dict:
    """The file of the scenario belongs to the counsellor's caseload; the psychologist is not in its team."""
    counsellor = users["counsellor"]
    accompaniment = AccompanimentFactory(counsellor=counsellor)
    person = accompaniment.job_seeker
    # A person of the counsellor's caseload who found a job 4 months ago: the 3-month checkpoint is due.
    exited = AccompanimentFactory(
        counsellor=counsellor, started_on=timezone.localdate() - datetime.timedelta(days=300)
    )
    OutcomeFactory(accompaniment=exited, occurred_on=timezone.localdate() - datetime.timedelta(days=125))
    appointment = AppointmentFactory(staff=counsellor, job_seeker=person)
    reminder = Reminder.objects.create(
        appointment=appointment,
        channel="email",
        scheduled_at=appointment.starts_at - datetime.timedelta(days=2),
        next_try_at=appointment.starts_at - datetime.timedelta(days=2),
    )
    feed = calendar_feed_create(user=counsellor)
    return {
        "file": person,
        # The counsellor's calendar link: its page and revocation are theirs alone; the feed answers its token.
        "calendar_feed": feed,
        "calendar_token": feed.token,
        "accompaniment": accompaniment,
        "checkpoint": (exited, 3),
        # A meeting room, for the administrator's pages of the admin.
        "room": RoomFactory(),
        "barrier": BarrierFactory(job_seeker=person),
        "step": ActionStep.objects.create(accompaniment=accompaniment, description="CV"),
        # Next week, so that moving it to an empty form's day is refused as a form error, not as a past one.
        "appointment": appointment,
        # The signed token of a reminder's link: its public page answers everyone, signed in or not.
        "reminder_token": reminder_token(reminder),
        "orientation": Orientation.objects.create(
            job_seeker=person, partner=Partner.objects.first(), purpose="Formation", staff=counsellor
        ),
    }


# url name -> (object the <pk> designates, GET statuses, POST statuses with an empty form)
EXPECTED = {
    "accompaniment:today": (None, R, NOT_ALLOWED),
    # A posted search or filter is kept in the session and the browser sent to its results (?s= / ?f=).
    "accompaniment:caseload": (None, R, R_REDIRECT),
    "accompaniment:caseload_export": (None, R, R),
    "accompaniment:agenda": (None, R, NOT_ALLOWED),
    "accompaniment:agenda_ics": (None, R, NOT_ALLOWED),
    "accompaniment:calendar_feeds": (None, R, R_REDIRECT),
    # Before the revocation below, which ends this link for the rest of the run.
    "accompaniment:calendar_feed": ("calendar_token", ALL, NOT_ALLOWED),
    # Another's link is not found; revoked again it stays revoked (302).
    "accompaniment:calendar_feed_revoke": (
        "calendar_feed",
        NOT_ALLOWED,
        only(counsellor=302, psychologist=404, manager=404),
    ),
    # Booked from the agenda by anyone who works on files; moved, cancelled and recorded by its staff, the file's
    # editors and managers (the psychologist is in neither). An empty post is a form error or a message.
    "accompaniment:appointment_create": (None, R, R),
    "accompaniment:appointment_move": ("appointment", E, E),
    "accompaniment:appointment_cancel": ("appointment", NOT_ALLOWED, E_REDIRECT),
    "accompaniment:appointment_record": ("appointment", NOT_ALLOWED, E_REDIRECT),
    # No login: the token is the key. An empty answer is refused with its message (400).
    "accompaniment:reminder_answer": ("reminder_token", ALL, dict.fromkeys(ALL, 400)),
    "accompaniment:file_search": (None, R, R_REDIRECT),
    "accompaniment:file_create": (None, R, R),
    "accompaniment:file_detail": ("file", R, NOT_ALLOWED),
    "accompaniment:file_edit": ("file", E, E),
    "accompaniment:niss_unmask": ("file", NOT_ALLOWED, R),
    "accompaniment:file_history": ("file", R, NOT_ALLOWED),
    "accompaniment:file_summary_pdf": ("file", E, NOT_ALLOWED),
    "accompaniment:team_add": ("file", NOT_ALLOWED, E_REDIRECT),
    "accompaniment:choice_options": (None, R, NOT_ALLOWED),
    # Asked without HTMX, the form's address opens the file page at the form.
    "accompaniment:interview_create": ("file", E_REDIRECT, E),
    "accompaniment:barrier_create": ("file", NOT_ALLOWED, E),
    "accompaniment:barrier_lift": ("barrier", NOT_ALLOWED, E_REDIRECT),
    "accompaniment:orientation_create": ("file", NOT_ALLOWED, E),
    "accompaniment:orientation_result": ("orientation", NOT_ALLOWED, E_REDIRECT),
    "accompaniment:accompaniment_create": ("file", NOT_ALLOWED, E),
    "accompaniment:outcome_create": ("accompaniment", NOT_ALLOWED, E),
    # Staff who created a file and keep no caseload ask the managers; here the file already has its counsellor.
    "accompaniment:assignment_request": ("file", NOT_ALLOWED, only(counsellor=302)),
    "accompaniment:accompaniment_close": ("accompaniment", NOT_ALLOWED, E),
    # Refused here (the accompaniment is open), with a message: a redirect for whoever may follow the file up.
    "accompaniment:accompaniment_undo_close": ("accompaniment", NOT_ALLOWED, E_REDIRECT),
    "accompaniment:accompaniment_recognition": ("accompaniment", NOT_ALLOWED, E),
    "accompaniment:project_edit": ("accompaniment", NOT_ALLOWED, E),
    "accompaniment:step_create": ("accompaniment", NOT_ALLOWED, E),
    "accompaniment:step_toggle": ("step", NOT_ALLOWED, E_REDIRECT),
    # The file's editors (counsellor, manager) record a checkpoint; an empty form comes back with its errors.
    "accompaniment:checkpoint_record": ("checkpoint", E, E),
    "accompaniment:caseloads": (None, MANAGER, NOT_ALLOWED),
    "accompaniment:reassign": (None, NOT_ALLOWED, MANAGER_REDIRECT),
    "accompaniment:import_referrals": (None, MANAGER, MANAGER),
}
