"""Rule 6 (retention) and erasure on request: personal data goes, past reports' figures stay."""

import datetime
import io
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from accompaniment.enums import AccessAction, AnonymisationCause
from accompaniment.models import (
    Accompaniment,
    ActionStep,
    Anonymisation,
    Barrier,
    FileAccess,
    Interview,
    JobSeeker,
    Orientation,
    Outcome,
    ProfessionalProject,
)
from employers.models import InsertionContract, Matching, MatchingStatusChange
from privacy.anonymisation import anonymise_expired, expired_files, expired_visitors, job_seeker_anonymise
from reporting.annual import annual_indicators
from tests.accompaniment.factories import AccompanimentFactory, InterviewFactory, JobSeekerFactory
from tests.employers.factories import MatchingFactory
from tests.missionlocale.factories import UserFactory
from tests.privacy.factories import aware, open_access_request, person_with_everything
from tests.workshops.factories import VisitorFactory
from workshops.models import Attendance, CoachingSession, ComputerVisit, Enrolment, Visitor

TODAY = datetime.date(2026, 11, 25)  # retention limit with 5 years: 2021-11-25
CUTOFF = datetime.date(2025, 1, 31)
YEARS = (2018, 2019, 2020, 2021, 2024)


@pytest.fixture
def people(db):
    counsellor = UserFactory(counsellor=True)
    psychologist = UserFactory(psychologist=True)
    # Names no other text of an export can contain, so that "the name is gone" cannot pass or fail by chance.
    old = [
        person_with_everything(
            year=year, counsellor=counsellor, psychologist=psychologist, niss=niss, last_name=last_name
        )
        for year, niss, last_name in (
            (2018, "85073003328", "Vanderzwalmen"),
            (2019, None, "Opdebeeckx"),
            (2020, None, "Wauterickx"),
        )
    ]
    recent = [
        person_with_everything(year=year, counsellor=counsellor, psychologist=psychologist) for year in (2021, 2024)
    ]
    return old, recent


def figures() -> dict:
    return {year: annual_indicators(year=year, cutoff=CUTOFF) for year in YEARS}


def indicators_json(year: int) -> str:
    out = io.StringIO()
    call_command("indicators", "--year", str(year), "--cutoff", CUTOFF.isoformat(), "--json", stdout=out)
    return out.getvalue()


def assert_no_personal_data_left(person: JobSeeker, original: JobSeeker):
    person.refresh_from_db()
    assert person.anonymised_at is not None
    assert original.last_name not in (person.first_name, person.last_name)
    assert person.niss is None and person.actiris_number == "" and person.email == "" and person.phone == ""
    assert person.street == "" and person.postcode == "" and person.commune == ""
    assert person.birth_date == datetime.date(original.birth_date.year, 1, 1)
    # History tables too: no version keeps the name, the address, the NISS or a note.
    for version in JobSeeker.history.filter(id=person.pk):
        assert version.last_name != original.last_name and version.street == "" and version.niss is None
        assert version.phone == "" and version.email == ""
    pk = person.pk
    texts = [
        *Interview.objects.filter(job_seeker_id=pk).values_list("note", "topics"),
        *Barrier.objects.filter(job_seeker_id=pk).values_list("note"),
        *Barrier.history.filter(job_seeker_id=pk).values_list("note"),
        *Outcome.objects.filter(accompaniment__job_seeker_id=pk).values_list("note", "organisation"),
        *Outcome.history.filter(accompaniment__job_seeker_id=pk).values_list("note", "organisation"),
        *ProfessionalProject.objects.filter(accompaniment__job_seeker_id=pk).values_list(
            "summary", "target_occupations"
        ),
        *ActionStep.history.filter(accompaniment__job_seeker_id=pk).values_list("description"),
        *Orientation.history.filter(job_seeker_id=pk).values_list("purpose"),
        *Matching.objects.filter(job_seeker_id=pk).values_list("note", "reason"),
        *MatchingStatusChange.objects.filter(matching__job_seeker_id=pk).values_list("reason"),
        *CoachingSession.objects.filter(visitor__job_seeker_id=pk).values_list("note"),
        *Visitor.objects.filter(job_seeker_id=pk).values_list("first_name", "last_name"),
    ]
    flat = " ".join(value for row in texts for value in row if value)
    for word in ("Violences", "Delhaize", "Aide-soignante", "logement", "Hébergement", "Garde", "email", "psy"):
        assert word not in flat
    assert original.last_name not in flat and original.first_name not in flat


def test_retention_anonymises_old_files_and_past_figures_do_not_change(people):
    old, recent = people
    originals = {p.pk: JobSeeker.objects.get(pk=p.pk) for p in old + recent}
    before = figures()
    before_json = {year: indicators_json(year) for year in (2019, 2020, 2024)}
    counts = {
        model: model.objects.count()
        for model in (
            Accompaniment,
            Outcome,
            Interview,
            Enrolment,
            Attendance,
            ComputerVisit,
            Matching,
            InsertionContract,
        )
    }
    assert before[2019]["accompaniment"]["accompanied"] == 1 and before[2019]["accompaniment"]["positive_exits"] == 1
    assert before[2019]["modules"] and before[2019]["epn"]["computer_users"] == 1
    assert before[2019]["deies"]["workers"] == 1

    assert anonymise_expired(today=TODAY) == {"files": 3, "visitors": 0}

    for person in old:
        assert_no_personal_data_left(person, originals[person.pk])
        assert Anonymisation.objects.get(job_seeker=person).cause == AnonymisationCause.RETENTION
    for person in recent:
        person.refresh_from_db()
        assert person.anonymised_at is None and person.last_name == originals[person.pk].last_name
    assert figures() == before
    assert {year: indicators_json(year) for year in (2019, 2020, 2024)} == before_json
    assert {model: model.objects.count() for model in counts} == counts
    # Idempotent: the next daily run finds nothing more.
    assert anonymise_expired(today=TODAY) == {"files": 0, "visitors": 0}


def test_which_files_expire(db):
    long_ago = aware(datetime.date(2015, 1, 10))
    closed_old = AccompanimentFactory(
        started_on=datetime.date(2019, 1, 1), status="closed", closed_on=datetime.date(2020, 1, 1)
    ).job_seeker
    closed_recent = AccompanimentFactory(
        started_on=datetime.date(2021, 1, 1), status="closed", closed_on=datetime.date(2022, 1, 1)
    ).job_seeker
    still_open = AccompanimentFactory(started_on=datetime.date(2019, 1, 1)).job_seeker
    later_matching = AccompanimentFactory(
        started_on=datetime.date(2019, 1, 1), status="closed", closed_on=datetime.date(2020, 1, 1)
    ).job_seeker
    MatchingFactory(job_seeker=later_matching, proposed_on=datetime.date(2024, 3, 1))
    never_accompanied_old = JobSeekerFactory()
    InterviewFactory(job_seeker=never_accompanied_old, occurred_on=datetime.date(2016, 5, 1))
    never_accompanied_recent = JobSeekerFactory()
    InterviewFactory(job_seeker=never_accompanied_recent, occurred_on=datetime.date(2023, 5, 1))
    JobSeeker.objects.update(created_at=long_ago)

    assert set(expired_files(today=TODAY)) == {closed_old, never_accompanied_old}
    assert not {closed_recent, still_open, later_matching, never_accompanied_recent} & set(expired_files(today=TODAY))


def test_retention_period_comes_from_the_setting(db, settings):
    person = AccompanimentFactory(
        started_on=datetime.date(2022, 1, 1), status="closed", closed_on=datetime.date(2023, 1, 1)
    ).job_seeker
    JobSeeker.objects.update(created_at=aware(datetime.date(2022, 1, 1)))
    assert person not in expired_files(today=TODAY)
    settings.RETENTION_YEARS = 3
    assert person in expired_files(today=TODAY)


def test_epn_visitors_without_a_file_expire_too(db):
    old = VisitorFactory(created_at=aware(datetime.date(2018, 1, 1)))
    ComputerVisit.objects.create(visitor=old, visited_on=datetime.date(2018, 2, 1))
    recent = VisitorFactory(created_at=aware(datetime.date(2018, 1, 1)))
    ComputerVisit.objects.create(visitor=recent, visited_on=datetime.date(2025, 2, 1))
    assert list(expired_visitors(today=TODAY)) == [old]
    assert anonymise_expired(today=TODAY)["visitors"] == 1
    old.refresh_from_db()
    assert old.last_name == "Anonyme" and ComputerVisit.objects.filter(visitor=old).count() == 1
    assert list(expired_visitors(today=TODAY)) == []


def test_dry_run_prints_counts_never_names(db):
    person = JobSeekerFactory(last_name="Vandermeulen")
    InterviewFactory(job_seeker=person, occurred_on=datetime.date(2012, 5, 1))
    JobSeeker.objects.update(created_at=aware(datetime.date(2012, 1, 1)))
    out = io.StringIO()
    call_command("anonymise_expired", "--dry-run", stdout=out)
    assert "1 files" in out.getvalue() and "would be anonymised" in out.getvalue()
    assert "Vandermeulen" not in out.getvalue()
    person.refresh_from_db()
    assert person.anonymised_at is None
    call_command("anonymise_expired", stdout=io.StringIO())
    person.refresh_from_db()
    assert person.anonymised_at is not None


def test_daily_task_is_scheduled_and_runs(db, settings):
    from privacy.tasks import anonymise_expired_files

    schedule = settings.CELERY_BEAT_SCHEDULE["anonymise-expired-files"]
    assert schedule["task"] == "privacy.tasks.anonymise_expired_files" and schedule["schedule"] == 86400
    person = JobSeekerFactory()
    JobSeeker.objects.update(created_at=aware(datetime.date(2012, 1, 1)))
    assert anonymise_expired_files.delay().get() == {"files": 1, "visitors": 0}
    person.refresh_from_db()
    assert person.anonymised_at is not None


def test_erasure_on_request_keeps_figures_and_records_reason_and_who(people, client):
    old, recent = people
    person = recent[1]  # 2024: its figures are in this year's report
    original = JobSeeker.objects.get(pk=person.pk)
    before = figures()
    manager = UserFactory(manager=True)
    client.force_login(manager)
    url = reverse("privacy:erase", args=[person.pk])
    page = client.get(url).content.decode()
    assert original.full_name in page and "Anonymiser" in page

    # The reason and the confirmation are mandatory: nothing is erased without them.
    response = client.post(url, {"reason": "  ", "confirm": "on"})
    assert response.status_code == 200 and "Ce champ est obligatoire" in response.content.decode()
    response = client.post(url, {"reason": "Demande écrite du 3 mars"})
    assert "Ce champ est obligatoire" in response.content.decode()
    person.refresh_from_db()
    assert person.anonymised_at is None and not Anonymisation.objects.exists()

    response = client.post(url, {"reason": "Demande écrite du 3 mars", "requested_on": "2026-03-03", "confirm": "on"})
    assert response.status_code == 302
    assert_no_personal_data_left(person, original)
    record = Anonymisation.objects.get(job_seeker=person)
    assert (record.cause, record.reason, record.by, record.requested_on) == (
        AnonymisationCause.REQUEST,
        "Demande écrite du 3 mars",
        manager,
        datetime.date(2026, 3, 3),
    )
    assert FileAccess.objects.filter(user=manager, job_seeker=person, action=AccessAction.ANONYMISE).exists()
    assert figures() == before
    page = client.get(reverse("privacy:personal_data", args=[person.pk])).content.decode()
    assert "Demande écrite du 3 mars" in page
    # An anonymised file is read-only, and anonymising it twice is refused.
    assert client.get(reverse("accompaniment:file_edit", args=[person.pk])).status_code == 403
    response = client.post(url, {"reason": "encore", "confirm": "on"})
    assert "déjà anonymisé" in response.content.decode()


def test_erasure_is_refused_while_an_accompaniment_is_open(db):
    manager = UserFactory(manager=True)
    person = AccompanimentFactory().job_seeker
    with pytest.raises(ValidationError):
        job_seeker_anonymise(job_seeker=person, cause=AnonymisationCause.REQUEST, reason="x", acting_user=manager)
    person.refresh_from_db()
    assert person.anonymised_at is None


def test_only_managers_erase(client, db):
    person = JobSeekerFactory()
    for user in (UserFactory(counsellor=True), UserFactory(director=True), UserFactory(administrator=True)):
        client.force_login(user)
        response = client.post(reverse("privacy:erase", args=[person.pk]), {"reason": "x", "confirm": "on"})
        assert response.status_code == 403
    person.refresh_from_db()
    assert person.anonymised_at is None


def test_right_of_access_json_after_anonymisation_holds_no_name(people, client):
    old, _recent = people
    person = old[0]
    original = JobSeeker.objects.get(pk=person.pk)
    anonymise_expired(today=TODAY)
    manager = UserFactory(manager=True)
    open_access_request(person, manager)
    client.force_login(manager)
    data = json.loads(client.get(reverse("privacy:personal_data_json", args=[person.pk])).content)
    text = json.dumps(data, ensure_ascii=False)
    assert original.last_name not in text and "Violences" not in text and "85073003328" not in text
    assert data["anonymisation"][0]["cause"]
