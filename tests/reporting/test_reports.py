import datetime
import re
import subprocess

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accompaniment.enums import OutcomeKind
from reporting import services
from reporting.annual import annual_indicators
from reporting.enums import ReportStatus
from reporting.models import AnnualReport
from tests.accompaniment.factories import AccompanimentFactory, OutcomeFactory
from tests.missionlocale.factories import UserFactory
from tests.responses import close_response
from tests.workers import celery_worker

CUTOFF = datetime.date(2025, 1, 31)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def year_of_data(db):
    counsellors = [UserFactory(counsellor=True) for _ in range(12)]
    for year, (people, exits) in {2020: (4, 1), 2022: (5, 2), 2024: (7, 3)}.items():
        for index in range(people):
            accompaniment = AccompanimentFactory(
                counsellor=counsellors[index % 12],
                started_on=datetime.date(year, 3, 1),
                recognised_on=datetime.date(year, 3, 20),
            )
            if index < exits:
                OutcomeFactory(
                    accompaniment=accompaniment, kind=OutcomeKind.CDI, occurred_on=datetime.date(year, 9, 1)
                )
    return counsellors


def pdf_text(path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_indicators_command_json_matches_the_functions(year_of_data, capsys):
    import json

    from django.core.management import call_command

    call_command("indicators", "--year", "2024", "--cutoff", "2025-01-31", "--json")

    printed = json.loads(capsys.readouterr().out)
    assert printed == json.loads(json.dumps(annual_indicators(year=2024, cutoff=CUTOFF)))
    assert printed["accompaniment"]["accompanied"] == 7
    assert printed["accompaniment"]["positive_exits"] == 3
    assert printed["accompaniment"]["objective"] == 1800
    assert [row["accompanied"] for row in printed["history"]] == [4, 0, 5, 0, 7]
    assert printed["modules"] == {
        "participants": 0,
        "positive_exits": 0,
        "by_module": {},
        "confidential": ["Nouveaux Départs"],
    }
    assert printed["deies"]["workers"] == 0


def test_director_generates_the_report_and_downloads_it(client, year_of_data, django_capture_on_commit_callbacks):
    director = UserFactory(director=True)
    client.force_login(director)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("reporting:reports"), {"year": 2024, "cutoff": "2025-01-31", "language": "fr"})
    response = client.get(reverse("reporting:reports"))

    report = AnnualReport.objects.get()
    assert report.status == ReportStatus.DONE, report.error
    assert "Télécharger le PDF" in response.content.decode()
    download = client.get(reverse("reporting:report_download", args=[report.pk]))
    assert download["Content-Type"] == "application/pdf"
    path = settings.MEDIA_ROOT / "report.pdf"
    path.write_bytes(b"".join(download.streaming_content))
    close_response(download)
    text = pdf_text(path)
    assert "Rapport d’activités" in text
    # The figures of the stored JSON, and the five-year table.
    assert report.indicators["accompaniment"]["accompanied"] == 7
    for year, people, exits, rate in [(2024, 7, 3, 43), (2023, 0, 0, None), (2022, 5, 2, 40), (2020, 4, 1, 25)]:
        line = next(line for line in text.splitlines() if re.match(rf"\s*{year}\s+\d", line))
        assert f" {people} " in f" {line} " and f" {exits} " in f" {line} "
        if rate is not None:
            assert f"{rate} %" in line


def test_generating_twice_gives_the_same_figures_and_never_overwrites(
    year_of_data, django_capture_on_commit_callbacks
):
    director = UserFactory(director=True)
    with django_capture_on_commit_callbacks(execute=True):
        first = services.report_request(year=2024, cutoff=CUTOFF, language="fr", acting_user=director)
    with django_capture_on_commit_callbacks(execute=True):
        second = services.report_request(year=2024, cutoff=CUTOFF, language="fr", acting_user=director)

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.version, second.version) == (1, 2)
    assert first.indicators == second.indicators
    assert first.file.name != second.file.name
    assert first.file.storage.exists(first.file.name) and second.file.storage.exists(second.file.name)


def test_two_clicks_do_not_start_two_builds(year_of_data):
    director = UserFactory(director=True)
    services.report_request(year=2024, cutoff=CUTOFF, language="fr", acting_user=director)  # not run: no commit

    with pytest.raises(ValidationError):
        services.report_request(year=2024, cutoff=CUTOFF, language="fr", acting_user=director)

    assert AnnualReport.objects.count() == 1


def test_a_redelivered_task_does_nothing_twice(year_of_data):
    director = UserFactory(director=True)
    report = services.report_request(year=2024, cutoff=CUTOFF, language="fr", acting_user=director)
    services.report_build(report_id=report.pk)
    report.refresh_from_db()
    finished = report.finished_at

    services.report_build(report_id=report.pk)

    report.refresh_from_db()
    assert report.status == ReportStatus.DONE
    assert report.finished_at == finished


def test_a_failing_build_is_marked_failed_with_a_readable_reason(year_of_data, settings, tmp_path):
    director = UserFactory(director=True)
    blocked = tmp_path / "not-a-directory"
    blocked.write_text("")
    settings.MEDIA_ROOT = blocked
    report = services.report_request(year=2024, cutoff=CUTOFF, language="fr", acting_user=director)

    with pytest.raises(OSError):
        services.report_build(report_id=report.pk)

    report.refresh_from_db()
    assert report.status == ReportStatus.FAILED
    assert "Le PDF n’a pas pu être produit" in report.error or "PDF" in report.error
    # It can be generated again.
    settings.MEDIA_ROOT = tmp_path / "media"
    again = services.report_request(year=2024, cutoff=CUTOFF, language="fr", acting_user=director)
    services.report_build(report_id=again.pk)
    again.refresh_from_db()
    assert again.status == ReportStatus.DONE


def test_jobs_stuck_past_the_hard_limit_are_marked_failed(year_of_data):
    director = UserFactory(director=True)
    report = services.report_request(year=2024, cutoff=CUTOFF, language="fr", acting_user=director)

    assert services.reports_fail_stuck(now=timezone.now()) == 0
    later = timezone.now() + datetime.timedelta(seconds=settings.REPORT_TASK_TIME_LIMIT + 120)
    assert services.reports_fail_stuck(now=later) == 1

    report.refresh_from_db()
    assert report.status == ReportStatus.FAILED


def test_bad_input_gives_a_french_error_and_queues_nothing(client, db):
    client.force_login(UserFactory(director=True))
    future = (timezone.localdate() + datetime.timedelta(days=5)).isoformat()

    response = client.post(
        reverse("reporting:reports"), {"year": timezone.localdate().year, "cutoff": future, "language": "fr"}
    )

    assert response.status_code == 200
    assert "La date de référence ne peut pas être dans le futur." in response.content.decode()
    assert not AnnualReport.objects.exists()


def test_the_report_in_dutch(year_of_data, tmp_path):
    pdf, _data = services.report_render_pdf(year=2024, cutoff=CUTOFF, language="nl")
    path = tmp_path / "nl.pdf"
    path.write_bytes(pdf)

    assert "Activiteitenverslag" in pdf_text(path)


def test_the_director_overrides_the_objective_with_history(client, year_of_data):
    director = UserFactory(director=True)
    client.force_login(director)

    client.post(reverse("reporting:objective", args=[2024]), {"value": 1750, "note": "Un départ non remplacé"})
    response = client.get(reverse("reporting:objective", args=[2024]))

    assert annual_indicators(year=2024, cutoff=CUTOFF)["accompaniment"]["objective"] == 1750
    assert "Un départ non remplacé" in response.content.decode()


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_the_report_through_a_real_worker(client, settings, tmp_path):
    """In CI (CELERY_BROKER_URL set) the task runs in a Celery worker on Redis; in process otherwise."""
    counsellor = UserFactory(counsellor=True)
    AccompanimentFactory(
        counsellor=counsellor, started_on=datetime.date(2024, 5, 2), recognised_on=datetime.date(2024, 5, 9)
    )
    director = UserFactory(director=True)
    client.force_login(director)
    if not settings.CELERY_BROKER_URL:
        client.post(reverse("reporting:reports"), {"year": 2024, "cutoff": "2025-01-31", "language": "fr"})
        report = AnnualReport.objects.get()
    else:
        with celery_worker():
            client.post(reverse("reporting:reports"), {"year": 2024, "cutoff": "2025-01-31", "language": "fr"})
            report = AnnualReport.objects.get()
            deadline = timezone.now() + datetime.timedelta(seconds=90)
            while report.status in (ReportStatus.QUEUED, ReportStatus.RUNNING) and timezone.now() < deadline:
                import time

                time.sleep(0.5)
                report.refresh_from_db()
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE, report.error
    download = client.get(reverse("reporting:report_download", args=[report.pk]))
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    close_response(download)
