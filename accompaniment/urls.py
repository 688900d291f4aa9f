from django.urls import path

from accompaniment.views import (
    agenda,
    appointments,
    calendar_feeds,
    caseload,
    checkpoints,
    files,
    imports,
    manager,
    plan,
    reminders,
    summary,
    today,
)

app_name = "accompaniment"

urlpatterns = [
    # The counsellor's day, caseload and agenda
    path("today/", today.today, name="today"),
    path("caseload/", caseload.caseload, name="caseload"),
    path("caseload/export.csv", caseload.caseload_export, name="caseload_export"),
    path("agenda/", agenda.agenda, name="agenda"),
    path("agenda/appointments.ics", agenda.agenda_ics, name="agenda_ics"),
    path("agenda/calendar-links/", calendar_feeds.calendar_feeds, name="calendar_feeds"),
    path(
        "agenda/calendar-links/<int:pk>/revoke/",
        calendar_feeds.calendar_feed_revoke_view,
        name="calendar_feed_revoke",
    ),
    # The feed itself: no login, the secret token is the key.
    path("calendar/<str:token>.ics", calendar_feeds.calendar_feed, name="calendar_feed"),
    path("appointments/new/", appointments.appointment_create, name="appointment_create"),
    path("appointments/<int:pk>/move/", appointments.appointment_move, name="appointment_move"),
    path("appointments/<int:pk>/cancel/", appointments.appointment_cancel, name="appointment_cancel"),
    path("appointments/<int:pk>/record/", appointments.appointment_record, name="appointment_record"),
    # The public page behind a reminder's link (no login: the signed token is the key).
    path("r/<str:token>", reminders.reminder_answer_page, name="reminder_answer"),
    # Job-seeker files
    path("files/", files.file_search, name="file_search"),
    path("files/new/", files.file_create, name="file_create"),
    path("files/<int:pk>/", files.file_detail, name="file_detail"),
    path("files/<int:pk>/edit/", files.file_edit, name="file_edit"),
    path("files/<int:pk>/niss/", files.niss_unmask, name="niss_unmask"),
    path("files/<int:pk>/history/", files.file_history, name="file_history"),
    path("files/<int:pk>/summary.pdf", summary.file_summary_pdf, name="file_summary_pdf"),
    path("files/<int:pk>/team/", files.team_add, name="team_add"),
    # The options of a staff select, for the name typed above it (HTMX)
    path("choices/options/", files.choice_options, name="choice_options"),
    # What happens on a file
    path("files/<int:pk>/interviews/new/", plan.interview_create, name="interview_create"),
    path("files/<int:pk>/barriers/new/", plan.barrier_create, name="barrier_create"),
    path("barriers/<int:pk>/lift/", plan.barrier_lift, name="barrier_lift"),
    path("files/<int:pk>/orientations/new/", plan.orientation_create, name="orientation_create"),
    path("orientations/<int:pk>/result/", plan.orientation_result, name="orientation_result"),
    path("files/<int:pk>/accompaniments/new/", plan.accompaniment_create, name="accompaniment_create"),
    path("accompaniments/<int:pk>/outcomes/new/", plan.outcome_create, name="outcome_create"),
    path(
        "accompaniments/<int:pk>/checkpoints/<int:months>/",
        checkpoints.checkpoint_record,
        name="checkpoint_record",
    ),
    path("files/<int:pk>/assignment-request/", plan.assignment_request, name="assignment_request"),
    path("accompaniments/<int:pk>/close/", plan.accompaniment_close, name="accompaniment_close"),
    path("accompaniments/<int:pk>/undo-close/", plan.accompaniment_undo_close, name="accompaniment_undo_close"),
    path("accompaniments/<int:pk>/recognition/", plan.accompaniment_recognition, name="accompaniment_recognition"),
    path("accompaniments/<int:pk>/project/", plan.project_edit, name="project_edit"),
    path("accompaniments/<int:pk>/steps/new/", plan.step_create, name="step_create"),
    path("steps/<int:pk>/toggle/", plan.step_toggle, name="step_toggle"),
    # Managers
    path("caseloads/", manager.caseloads, name="caseloads"),
    path("caseloads/reassign/", manager.reassign, name="reassign"),
    path("imports/referrals/", imports.import_referrals, name="import_referrals"),
]
