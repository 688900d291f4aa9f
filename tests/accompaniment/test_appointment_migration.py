"""The data migration that turns each interview's "next appointment" into an appointment (0015)."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BRUSSELS = ZoneInfo("Europe/Brussels")
# The other branches of the app's history that were merged with it stay applied, in the state too.
OTHER_BRANCHES = [
    ("accompaniment", "0016_merge_document_downloads_and_scale"),
    ("accompaniment", "0014_exit_checkpoints"),
]
BEFORE = [("accompaniment", "0014_appointments_and_rooms"), *OTHER_BRANCHES]
AFTER = [("accompaniment", "0016_interview_next_appointment_now_an_appointment"), *OTHER_BRANCHES]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_next_appointments_become_appointments():
    old = _migrate(BEFORE)
    try:
        User = old.get_model("missionlocale", "User")
        JobSeeker = old.get_model("accompaniment", "JobSeeker")
        Interview = old.get_model("accompaniment", "Interview")
        counsellor = User.objects.create(username="c", profession="counsellor")
        psychologist = User.objects.create(username="p", profession="psychologist")
        amina = JobSeeker.objects.create(first_name="Amina", last_name="E", birth_date=datetime.date(2000, 1, 1))
        bilal = JobSeeker.objects.create(first_name="Bilal", last_name="F", birth_date=datetime.date(2001, 1, 1))

        def interview(person, staff, day, next_at=None):
            return Interview.objects.create(
                job_seeker=person,
                staff=staff,
                author_profession=staff.profession,
                occurred_on=day,
                next_appointment_at=next_at,
            )

        first = interview(
            amina, counsellor, datetime.date(2025, 3, 3), datetime.datetime(2025, 3, 10, 10, tzinfo=BRUSSELS)
        )
        held = interview(amina, counsellor, datetime.date(2025, 3, 10))
        # The same next appointment written on two interviews makes one appointment.
        interview(bilal, counsellor, datetime.date(2025, 3, 3), datetime.datetime(2025, 3, 12, 9, tzinfo=BRUSSELS))
        interview(bilal, counsellor, datetime.date(2025, 3, 4), datetime.datetime(2025, 3, 12, 9, tzinfo=BRUSSELS))
        interview(bilal, psychologist, datetime.date(2025, 3, 4), datetime.datetime(2025, 3, 20, 14, tzinfo=BRUSSELS))
        interview(bilal, counsellor, datetime.date(2025, 3, 5))

        new = _migrate(AFTER)

        Appointment = new.get_model("accompaniment", "Appointment")
        rows = list(
            Appointment.objects.order_by("starts_at").values_list(
                "job_seeker__first_name",
                "staff__username",
                "starts_at",
                "ends_at",
                "kind",
                "status",
                "held_interview_id",
                "planned_at_interview_id",
            )
        )
        assert rows == [
            (
                "Amina",
                "c",
                datetime.datetime(2025, 3, 10, 9, tzinfo=datetime.UTC),
                datetime.datetime(2025, 3, 10, 9, 45, tzinfo=datetime.UTC),
                "individual",
                "done",
                held.pk,
                first.pk,
            ),
            (
                "Bilal",
                "c",
                datetime.datetime(2025, 3, 12, 8, tzinfo=datetime.UTC),
                datetime.datetime(2025, 3, 12, 8, 45, tzinfo=datetime.UTC),
                "individual",
                "planned",
                None,
                rows[1][7],
            ),
            (
                "Bilal",
                "p",
                datetime.datetime(2025, 3, 20, 13, tzinfo=datetime.UTC),
                datetime.datetime(2025, 3, 20, 13, 45, tzinfo=datetime.UTC),
                "psychologist",
                "planned",
                None,
                rows[2][7],
            ),
        ]
        # And back: the next appointments are written on their interviews again.
        back = _migrate(BEFORE)
        assert back.get_model("accompaniment", "Interview").objects.get(pk=first.pk).next_appointment_at == (
            datetime.datetime(2025, 3, 10, 10, tzinfo=BRUSSELS)
        )
    finally:
        _migrate(_latest())


def _latest():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()
