"""Issue 17: the dashboard's figures are stored between requests and recomputed after any committed change to the
data they read (missionlocale/figure_cache.py); a closed year's late correction and this year's interview show at
the next request.

The writes run inside ``django_capture_on_commit_callbacks(execute=True)``: a test's transaction never commits, and
the data's versions change when a transaction commits, as they do in production."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import update_last_login
from django.db import transaction
from django.urls import reverse

from accompaniment import services
from accompaniment.enums import OutcomeKind
from accompaniment.reminders import reminders_cancel
from missionlocale import figure_cache
from missionlocale.figure_cache import APPOINTMENTS, INTERVIEWS, RECORDS
from reporting.dashboard import dashboard_activity, dashboard_figures, dashboard_follow_up
from tests.accompaniment.factories import (
    AccompanimentFactory,
    AppointmentFactory,
    BarrierFactory,
    InterviewFactory,
    OutcomeFactory,
)
from tests.missionlocale.factories import UserFactory

pytestmark = pytest.mark.django_db

BRUSSELS = ZoneInfo("Europe/Brussels")
NOW = datetime.datetime(2026, 3, 10, 10, 0, tzinfo=BRUSSELS)
STARTED = datetime.date(2024, 3, 1)


@pytest.fixture
def year_2024(django_capture_on_commit_callbacks):
    with time_machine.travel(NOW, tick=False), django_capture_on_commit_callbacks(execute=True):
        counsellor = UserFactory(counsellor=True)
        accompaniments = [
            AccompanimentFactory(counsellor=counsellor, started_on=STARTED, recognised_on=STARTED) for _ in range(3)
        ]
        OutcomeFactory(accompaniment=accompaniments[0], kind=OutcomeKind.CDI, occurred_on=datetime.date(2024, 5, 2))
    return accompaniments


def _exits(content: str) -> str:
    return content.split('data-testid="positive-exits">', 1)[1].split("<", 1)[0]


@time_machine.travel(NOW, tick=False)
def test_a_late_correction_to_a_closed_year_shows_at_the_next_request(
    client, manager, year_2024, django_capture_on_commit_callbacks, django_assert_num_queries
):
    client.force_login(manager)
    url = reverse("reporting:dashboard") + "?year=2024"
    assert _exits(client.get(url).content.decode()) == "1"

    # Stored: asked again, only the data's versions are read.
    with django_assert_num_queries(1):
        figures = dashboard_figures(year=2024)
    assert figures["summary"]["positive_exits"] == 1
    assert figures["summary"]["accompanied"] == 3

    # A 2024 outcome entered in 2026 (a late correction): the next request counts it.
    with django_capture_on_commit_callbacks(execute=True):
        OutcomeFactory(accompaniment=year_2024[1], kind=OutcomeKind.CDD, occurred_on=datetime.date(2024, 6, 3))
    assert _exits(client.get(url).content.decode()) == "2"
    assert dashboard_figures(year=2024)["by_outcome"]["by_kind"][OutcomeKind.CDD] == 1

    # Deleted again (the correction was a mistake): back to one.
    with django_capture_on_commit_callbacks(execute=True):
        year_2024[1].outcomes.get().delete()
    assert _exits(client.get(url).content.decode()) == "1"


@time_machine.travel(NOW, tick=False)
def test_an_interview_logged_changes_only_the_interviews_figures(
    counsellor, django_capture_on_commit_callbacks, django_assert_num_queries
):
    with django_capture_on_commit_callbacks(execute=True):
        accompaniment = AccompanimentFactory(counsellor=counsellor, started_on=datetime.date(2026, 1, 5))
        InterviewFactory(job_seeker=accompaniment.job_seeker, staff=counsellor, occurred_on=datetime.date(2026, 2, 3))
        barrier = BarrierFactory(job_seeker=accompaniment.job_seeker)
    figures = dashboard_figures(year=2026)
    assert figures["interviews_per_month"][:3] == [0, 1, 0]

    before = figure_cache.versions()

    # Logged from the browser's form, through the service the view calls, with a barrier worked on.
    with django_capture_on_commit_callbacks(execute=True):
        services.interview_log(
            job_seeker=accompaniment.job_seeker,
            staff=counsellor,
            barriers=[barrier],
            occurred_on=datetime.date(2026, 3, 9),
            kind="individual",
            duration_minutes=30,
            note="Suivi",
        )
    after = figure_cache.versions()
    assert after[INTERVIEWS] != before[INTERVIEWS]
    assert after[RECORDS] == before[RECORDS]  # the accompaniment figures stay stored

    # The versions, then the interviews per month recomputed alone.
    with django_assert_num_queries(2):
        figures = dashboard_figures(year=2026)
    assert figures["interviews_per_month"][:3] == [0, 1, 1]


def test_a_write_in_a_savepoint_rolled_back_does_not_hide_a_later_one(django_capture_on_commit_callbacks):
    before = figure_cache.versions()
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            AccompanimentFactory()
            raise RuntimeError("the form was refused")
        OutcomeFactory()
    assert figure_cache.versions()[RECORDS] != before[RECORDS]


def test_a_staff_record_changes_the_versions_but_a_login_does_not(counsellor, django_capture_on_commit_callbacks):
    before = figure_cache.versions()
    with django_capture_on_commit_callbacks(execute=True):
        counsellor.set_password("Un-mot-de-passe-solide-2026")
        counsellor.save(update_fields=["password"])
    changed = figure_cache.versions()
    assert changed[RECORDS] != before[RECORDS]  # a staff member's record is data some figures show

    with django_capture_on_commit_callbacks(execute=True):
        update_last_login(None, counsellor)  # what every login does
    assert figure_cache.versions() == changed  # the login's `last_login` is no figure's


@time_machine.travel(NOW, tick=False)
def test_bulk_writes_without_signals_change_the_versions_too(counsellor, manager, django_capture_on_commit_callbacks):
    """The caseload fill after a reassignment (a bulk update with history) and the missed-appointment figures after
    reminders cancelled in bulk: both recomputed."""
    other = UserFactory(counsellor=True)
    with django_capture_on_commit_callbacks(execute=True):
        moved = AccompanimentFactory(counsellor=counsellor, started_on=datetime.date(2026, 1, 5))
    fill = {row["counsellor"].pk: row["open"] for row in dashboard_figures(year=2026)["fill"]["rows"]}
    assert fill[counsellor.pk] == 1 and fill[other.pk] == 0
    dashboard_follow_up(year=2026)
    dashboard_activity(year=2026)

    before = figure_cache.versions()
    with django_capture_on_commit_callbacks(execute=True):
        services.accompaniments_reassign(
            accompaniments=[moved], counsellor=other, reason="Départ en congé", acting_user=manager
        )
    fill = {row["counsellor"].pk: row["open"] for row in dashboard_figures(year=2026)["fill"]["rows"]}
    assert fill[counsellor.pk] == 0 and fill[other.pk] == 1
    assert figure_cache.versions()[RECORDS] != before[RECORDS]

    with django_capture_on_commit_callbacks(execute=True):
        appointment = AppointmentFactory(job_seeker=moved.job_seeker, staff=other)
    before = figure_cache.versions()
    with django_capture_on_commit_callbacks(execute=True):
        reminders_cancel(appointment=appointment)
    assert figure_cache.versions()[APPOINTMENTS] != before[APPOINTMENTS]
