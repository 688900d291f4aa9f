"""Each interview's "next appointment" becomes an appointment of its own.

One appointment per staff member, person and start (two interviews that set the same next appointment make
one), 45 minutes long (the product recorded no length), in no room. It is marked held, and linked to the
interview, when that staff member logged an interview with the person on its day; otherwise it stays planned,
past or not: the product never knew whether the person came, and inventing no-shows would bend the figures.
"""

import datetime
import zoneinfo

from django.conf import settings
from django.db import migrations

LENGTH = datetime.timedelta(minutes=45)
BATCH = 1000


def forwards(apps, schema_editor):
    Interview = apps.get_model("accompaniment", "Interview")
    Appointment = apps.get_model("accompaniment", "Appointment")
    User = apps.get_model("missionlocale", "User")
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    psychologists = set(User.objects.filter(profession="psychologist").values_list("pk", flat=True))
    held = {}
    for pk, job_seeker_id, staff_id, occurred_on in (
        Interview.objects.order_by("pk").values_list("pk", "job_seeker_id", "staff_id", "occurred_on").iterator()
    ):
        held.setdefault((job_seeker_id, staff_id, occurred_on), pk)
    seen, batch = set(), []
    rows = (
        Interview.objects.filter(next_appointment_at__isnull=False)
        .order_by("pk")
        .values_list("pk", "job_seeker_id", "staff_id", "next_appointment_at", "created_at")
        .iterator()
    )
    for pk, job_seeker_id, staff_id, start, created_at in rows:
        key = (staff_id, job_seeker_id, start)
        if key in seen:
            continue
        seen.add(key)
        held_id = held.get((job_seeker_id, staff_id, start.astimezone(zone).date()))
        batch.append(
            Appointment(
                staff_id=staff_id,
                job_seeker_id=job_seeker_id,
                starts_at=start,
                ends_at=start + LENGTH,
                kind="psychologist" if staff_id in psychologists else "individual",
                status="done" if held_id and held_id != pk else "planned",
                held_interview_id=held_id if held_id and held_id != pk else None,
                planned_at_interview_id=pk,
                created_by_id=staff_id,
                created_at=created_at,
            )
        )
        if len(batch) >= BATCH:
            Appointment.objects.bulk_create(batch)
            batch = []
    Appointment.objects.bulk_create(batch)


def backwards(apps, schema_editor):
    Interview = apps.get_model("accompaniment", "Interview")
    Appointment = apps.get_model("accompaniment", "Appointment")
    for interview_id, start in Appointment.objects.filter(planned_at_interview__isnull=False).values_list(
        "planned_at_interview_id", "starts_at"
    ):
        Interview.objects.filter(pk=interview_id).update(next_appointment_at=start)
    Appointment.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("accompaniment", "0014_appointments_and_rooms")]

    operations = [migrations.RunPython(forwards, backwards)]
