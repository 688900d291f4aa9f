"""The public page behind the link of a reminder: no login, the signed token in the URL.

It shows the reminder itself (day, time, place, the staff member's first name) and nothing else of the file,
and records the person's answer (accompaniment/reminders.py). A link that is unknown, altered or expired gets a
page that says so, and changes nothing.
"""

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils import timezone, translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from accompaniment.reminders import (
    BadToken,
    ReminderAnswer,
    appointment_is_answerable,
    appointment_place,
    reminder_answer,
    reminder_from_token,
)


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def reminder_answer_page(request, token: str):
    try:
        reminder = reminder_from_token(token)
    except BadToken:
        return render(request, "accompaniment/reminder_invalid.html", status=404)
    appointment = reminder.appointment
    error = answered = None
    if request.method == "POST":
        try:
            reminder_answer(reminder=reminder, answer=request.POST.get("answer", ""))
            answered = request.POST["answer"]
        except ValidationError as refusal:
            error = refusal.messages[0]
        appointment.refresh_from_db()
        appointment.job_seeker.refresh_from_db()
    language = appointment.job_seeker.preferred_language if appointment.job_seeker_id else None
    with translation.override(language or translation.get_language()):
        return render(
            request,
            "accompaniment/reminder_answer.html",
            {
                "starts_at": timezone.localtime(appointment.starts_at),
                "place": appointment_place(appointment),
                "staff_first_name": appointment.staff.first_name,
                "appointment": appointment,
                "answerable": appointment_is_answerable(appointment),
                "reminders_on": bool(appointment.job_seeker.reminder_channel),
                "answered": answered,
                "error": error,
                "answers": ReminderAnswer,
            },
            status=400 if error else 200,
        )
