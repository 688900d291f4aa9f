import datetime
import io

import pytest
from django.core.management import call_command
from django.db.models import Count, Exists, F, Max, Q

from accompaniment.enums import POSITIVE_OUTCOMES, AccompanimentStatus, RecognitionStatus, ReferralSource
from accompaniment.models import (
    Accompaniment,
    ActionStep,
    Appointment,
    Barrier,
    Interview,
    JobSeeker,
    Orientation,
    Outcome,
    ProfessionalProject,
    TeamMember,
    accompaniments_blocking_assignment,
)
from accompaniment.niss import name_key, niss_validate
from accompaniment.services import add_one_year
from demo.accompaniment import demo_accompaniment_seed
from missionlocale.enums import Profession
from missionlocale.models import User
from tests.demo.conftest import TODAY

REPORT_CUT_OFF = datetime.date(2025, 1, 31)
# ../shared/domain.md, "The 2024 figures to reproduce with the demo data": (accompanied, positive exits).
FIGURES = {
    2020: (1402, 546),
    2021: (1759, 704),
    2022: (1779, 800),
    2023: (1743, 810),
    2024: (1861, 838),
}


def accompanied_and_positive_exits(year: int, cut_off: datetime.date) -> tuple[int, int]:
    """The two indicators of ../shared/domain.md, counted here independently of the reporting code."""
    accompaniments = Accompaniment.objects.filter(
        started_on__year=year, started_on__lte=cut_off, recognition_status=RecognitionStatus.RECOGNISED
    )
    accompanied = accompaniments.aggregate(n=Count("job_seeker", distinct=True))["n"]
    positive = Outcome.objects.filter(
        accompaniment__in=accompaniments,
        kind__in=POSITIVE_OUTCOMES,
        occurred_on__gte=F("accompaniment__started_on"),
        occurred_on__lte=cut_off,
    ).aggregate(n=Count("accompaniment__job_seeker", distinct=True))["n"]
    return accompanied, positive


@pytest.mark.parametrize("cut_off", [REPORT_CUT_OFF, TODAY])
def test_demo_reproduces_the_figures_of_the_2024_report(demo_data, db, cut_off):
    assert {year: accompanied_and_positive_exits(year, cut_off) for year in FIGURES} == FIGURES


def test_demo_goes_on_after_2024_with_fewer_exits_for_the_current_year(demo_data, db):
    accompanied_2025, positive_2025 = accompanied_and_positive_exits(2025, TODAY)
    accompanied_2026, positive_2026 = accompanied_and_positive_exits(2026, TODAY)

    assert 1700 <= accompanied_2025 <= 1900 and 0.4 <= positive_2025 / accompanied_2025 <= 0.5
    assert 1550 <= Accompaniment.objects.filter(started_on__year=2026).count() <= 1750
    assert 1400 <= accompanied_2026 <= 1700 and positive_2026 < positive_2025 * 0.6
    assert not Accompaniment.objects.filter(started_on__gt=TODAY).exists()


def test_demo_counts_only_what_actiris_recognised_and_distinct_people(demo_data, db):
    for year in range(2020, 2027):
        started = Accompaniment.objects.filter(started_on__year=year)
        assert started.exclude(recognition_status=RecognitionStatus.RECOGNISED).count() >= 20, year
        # Someone with two accompaniments started the same year counts once.
        assert started.values("job_seeker").annotate(n=Count("pk")).filter(n__gt=1).exists(), year
    unrecognised = Outcome.objects.filter(kind__in=POSITIVE_OUTCOMES).exclude(
        accompaniment__recognition_status=RecognitionStatus.RECOGNISED
    )
    assert unrecognised.exists()
    returning = JobSeeker.objects.annotate(years=Count("accompaniments__started_on__year", distinct=True))
    assert returning.filter(years__gt=1).count() > 300


def test_demo_keeps_the_rules_of_the_domain(demo_data, db):
    several_open = Accompaniment.objects.open().values("job_seeker").annotate(n=Count("pk")).filter(n__gt=1)
    assert not several_open.exists()
    assert not Accompaniment.objects.filter(status=AccompanimentStatus.CLOSED, outcomes__isnull=True).exists()
    assert not Outcome.objects.filter(occurred_on__lt=F("accompaniment__started_on")).exists()
    assert not Outcome.objects.filter(occurred_on__gt=TODAY).exists()
    assert not Outcome.objects.filter(occurred_on__gt=F("accompaniment__closed_on")).exists()
    for started_on, planned_end_on in Accompaniment.objects.values_list("started_on", "planned_end_on"):
        assert planned_end_on == add_one_year(started_on)
    # Started more than a year ago: closed. Recent ones mostly open, some ending within 30 days.
    assert not Accompaniment.objects.open().filter(planned_end_on__lte=TODAY).exists()
    assert Accompaniment.objects.ending_within(30, TODAY).count() > 50
    # A second accompaniment only starts after the previous one closed.
    for person in JobSeeker.objects.annotate(n=Count("accompaniments")).filter(n__gt=1)[:300]:
        accompaniments = list(person.accompaniments.order_by("started_on"))
        for previous, following in zip(accompaniments, accompaniments[1:], strict=False):
            assert previous.closed_on and previous.closed_on < following.started_on
    assert Interview.objects.count() < 40_000
    assert not Barrier.objects.filter(lifted_on__lt=F("identified_on")).exists()


def test_demo_has_referrals_waiting_for_a_counsellor(demo_data, db):
    waiting = JobSeeker.objects.filter(accompaniments=None)

    assert waiting.count() == 12
    assert not waiting.exclude(referral_source=ReferralSource.ACTIRIS).exists()
    assert not waiting.filter(actiris_referral_date__lt=datetime.date(2026, 11, 1)).exists()


def test_the_files_to_assign_flag_matches_its_definition_on_every_demo_file(demo_data, db):
    """The demo writes with bulk_create (no signals): the flag is derived once at the end, for every file."""
    blocked = Exists(accompaniments_blocking_assignment())

    assert not JobSeeker.objects.filter(blocked, awaiting_counsellor=True).exists()
    assert not JobSeeker.objects.filter(~blocked, awaiting_counsellor=False).exists()
    assert JobSeeker.objects.filter(awaiting_counsellor=True).count() == 12


def test_demo_files_look_real(demo_data, db):
    people = JobSeeker.objects.exclude(accompaniments=None)
    total = people.count()
    with_niss = list(people.exclude(niss=None).values_list("niss", flat=True))
    assert 0.4 < len(with_niss) / total < 0.6
    assert all(niss_validate(niss) == niss for niss in with_niss)
    assert any(niss.startswith(("00", "01", "02", "03", "04", "05", "06")) for niss in with_niss)  # born from 2000
    for person in people.order_by("pk")[:500]:
        assert person.name_key == name_key(person.last_name, person.first_name)
        assert person.phone.startswith("+324") and len(person.phone) == 12
        assert 18 <= (person.accompaniments.order_by("started_on")[0].started_on - person.birth_date).days // 365 <= 64
    city = people.filter(postcode__in=["1000", "1020", "1120", "1130"]).count()
    assert city / total > 0.5
    assert people.filter(postcode="1080", commune__in=["Molenbeek-Saint-Jean", "Sint-Jans-Molenbeek"]).exists()
    actiris = people.filter(referral_source=ReferralSource.ACTIRIS)
    assert 0.55 < actiris.count() / total < 0.8
    assert not actiris.filter(actiris_number="").exists()
    assert people.filter(local_projects__name="Projet 50+").exists()
    assert people.annotate(n=Count("barriers")).filter(n__gte=1, n__lte=3).count() == total
    assert Barrier.objects.exclude(lifted_on=None).exists()
    positive = Outcome.objects.filter(kind__in=POSITIVE_OUTCOMES)
    assert not positive.filter(organisation="").exclude(kind="self_employment").exists()
    assert positive.filter(organisation="Delhaize").exists() and positive.filter(organisation="Interface3").exists()


def test_demo_caseloads_fill_the_gauges(demo_data, db):
    caseloads = {
        user.username: (user.open, user.actiris)
        for user in User.objects.counsellors().annotate(
            open=Count("accompaniments", filter=Q(accompaniments__status=AccompanimentStatus.OPEN)),
            actiris=Count(
                "accompaniments",
                filter=Q(
                    accompaniments__status=AccompanimentStatus.OPEN,
                    accompaniments__referral_source=ReferralSource.ACTIRIS,
                ),
            ),
        )
    }
    assert len(caseloads) == 12
    assert all(100 <= total <= 160 and 0.6 <= actiris / total <= 0.76 for total, actiris in caseloads.values())
    over = [name for name, (total, _actiris) in caseloads.items() if total > 150]
    assert len(over) == 1, caseloads


def test_demo_agenda_action_plans_and_confidential_notes(demo_data, db):
    brussels = datetime.timezone(datetime.timedelta(hours=1))  # winter time
    start = datetime.datetime.combine(TODAY + datetime.timedelta(days=1), datetime.time(0), tzinfo=brussels)
    end = start + datetime.timedelta(days=14)
    for counsellor in User.objects.counsellors():
        upcoming = list(Appointment.objects.active().filter(staff=counsellor, starts_at__gte=start, starts_at__lt=end))
        assert len(upcoming) >= 10, counsellor
        for appointment in upcoming:
            local = appointment.starts_at.astimezone(brussels)
            assert local.weekday() < 5 and 9 <= local.hour <= 16
        times = [a.starts_at for a in upcoming]
        assert len(times) == len(set(times))
    # Past appointments were held or missed, at about the rate of reminded appointments.
    past = Appointment.objects.filter(starts_at__lt=start - datetime.timedelta(days=1))
    held, missed = past.filter(status="done").count(), past.filter(status="no_show").count()
    assert held and missed and 0.05 <= missed / (held + missed) <= 0.3
    assert not past.filter(status__in=["planned", "confirmed"]).exists()

    confidential = Interview.objects.filter(staff__profession__in=[Profession.PSYCHOLOGIST, Profession.SOCIAL_WORKER])
    assert confidential.exists() and not confidential.filter(confidential=False).exists()
    assert set(confidential.values_list("author_profession", flat=True)) == {"psychologist", "social_worker"}
    for interview in confidential.select_related("staff")[:100]:
        assert TeamMember.objects.filter(job_seeker=interview.job_seeker_id, user=interview.staff).exists()
    assert not Interview.objects.exclude(author_profession=F("staff__profession")).exists()

    open_accompaniments = Accompaniment.objects.open()
    interviews = open_accompaniments.annotate(n=Count("interviews"), last=Max("interviews__occurred_on"))
    assert not interviews.filter(last__gt=TODAY).exists()
    assert interviews.filter(n__gte=3, n__lte=14).count() / open_accompaniments.count() > 0.8
    assert ProfessionalProject.objects.filter(accompaniment__in=open_accompaniments).count() > 1000
    assert ActionStep.objects.filter(done_on=None, due_on__lt=TODAY).exists()
    assert ActionStep.objects.exclude(done_on=None).exists()
    assert Orientation.objects.exists()
    assert open_accompaniments.filter(outcomes__kind__in=POSITIVE_OUTCOMES).exists()


def test_demo_reminders_sent_for_the_past_pending_for_what_is_to_come(demo_data, db):
    from accompaniment.models import Reminder
    from reporting.indicators import appointments_summary

    now = datetime.datetime.combine(TODAY, datetime.time(18), tzinfo=datetime.timezone(datetime.timedelta(hours=1)))
    past, coming = Reminder.objects.filter(scheduled_at__lt=now), Reminder.objects.filter(scheduled_at__gte=now)
    assert set(coming.values_list("status", flat=True)) == {"pending"}
    assert not coming.filter(appointment__status__in=["done", "no_show", "cancelled"]).exists()
    sent, failed = past.filter(status="sent").count(), past.filter(status="failed").count()
    assert sent > 1000 and 0 < failed / (sent + failed) < 0.1
    assert not past.filter(status="pending").exists()
    # Never to the home of a safe-contact file, never without consent.
    assert not Reminder.objects.filter(appointment__job_seeker__reminder_channel="").exists()
    assert not Reminder.objects.filter(
        appointment__job_seeker__do_not_contact_at_home=True, appointment__job_seeker__safe_phone=""
    ).exists()
    figures = appointments_summary(year=TODAY.year, cutoff=TODAY)
    assert figures["with_reminder_no_show_rate"] < figures["without_reminder_no_show_rate"]


def test_demo_seed_again_adds_nothing(demo_data, db):
    def counts():
        models = [JobSeeker, Accompaniment, Outcome, Interview, Barrier, ActionStep, TeamMember]
        return [model.objects.count() for model in models] + [Accompaniment.history.count()]

    before = counts()

    demo_accompaniment_seed(today=TODAY)
    call_command("seed_demo", stdout=io.StringIO())

    assert counts() == before
