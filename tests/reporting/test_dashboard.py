import csv
import datetime
import html
import io
import re
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from accompaniment import services
from accompaniment.enums import CheckpointSituation, OutcomeKind
from accompaniment.models import FileAccess, LocalProject
from missionlocale import figure_cache
from tests.accompaniment.factories import AccompanimentFactory, InterviewFactory, OutcomeFactory
from tests.missionlocale.factories import UserFactory

TODAY = timezone.localdate()
YEAR = TODAY.year


@pytest.fixture
def year_so_far(db):
    counsellors = [UserFactory(counsellor=True, last_name=f"Conseiller{i:02d}") for i in range(12)]
    for index in range(30):
        started_on = datetime.date(YEAR, 1, 1) + datetime.timedelta(
            days=index * 5 % max(1, (TODAY - datetime.date(YEAR, 1, 1)).days)
        )
        accompaniment = AccompanimentFactory(
            counsellor=counsellors[index % 12], started_on=started_on, recognised_on=started_on
        )
        InterviewFactory(
            job_seeker=accompaniment.job_seeker,
            staff=accompaniment.counsellor,
            occurred_on=started_on,
            note="Note privée",
        )
        if index % 3 == 0:
            OutcomeFactory(accompaniment=accompaniment, kind=OutcomeKind.CDD, occurred_on=started_on)
    return counsellors


def test_dashboard_shows_the_year_against_the_objective(client, manager, year_so_far, django_assert_max_num_queries):
    client.force_login(manager)

    with django_assert_max_num_queries(20):
        response = client.get(reverse("reporting:dashboard"))

    content = response.content.decode().replace("\u202f", " ").replace("\xa0", " ")
    assert response.status_code == 200
    assert 'data-testid="accompanied">30<' in content
    assert 'data-testid="positive-exits">10<' in content
    assert "de l’objectif (1 800)" in content
    assert "Portefeuille" in content or "Remplissage des portefeuilles" in content
    assert "Note privée" not in content


def test_dashboard_query_count_does_not_grow_with_the_data(
    client, manager, year_so_far, django_assert_max_num_queries
):
    for _ in range(40):
        AccompanimentFactory(
            counsellor=year_so_far[0], started_on=datetime.date(YEAR, 1, 2), recognised_on=datetime.date(YEAR, 1, 2)
        )
    client.force_login(manager)

    # The page, then the four parts it loads in requests of their own: each within 20 queries; so are the two
    # parts that show two of them at once.
    with django_assert_max_num_queries(20):
        page = client.get(reverse("reporting:dashboard"))
    for part in ("appointments", "durability", "modules", "employers"):
        url = reverse("reporting:dashboard_part", args=[part])
        assert f'hx-get="{url}?"' in page.content.decode()
    for part in ("appointments", "durability", "modules", "employers", "follow-up", "activity"):
        url = reverse("reporting:dashboard_part", args=[part])
        figure_cache.clear()  # computed, not stored by an earlier request
        with django_assert_max_num_queries(20):
            response = client.get(url, headers={"HX-Request": "true"})
        assert response.status_code == 200


def test_dashboard_filters_by_counsellor(client, manager, year_so_far):
    client.force_login(manager)

    content = client.get(reverse("reporting:dashboard"), {"counsellor": year_so_far[0].pk}).content.decode()

    assert 'data-testid="accompanied">3<' in content


def test_a_confidential_project_is_not_a_dashboard_filter(client, manager, db):
    client.force_login(manager)

    content = client.get(reverse("reporting:dashboard")).content.decode()

    assert "CQD Versailles" in content
    assert "Nouveaux Départs" not in content
    nouveaux_departs = LocalProject.objects.get(name="Nouveaux Départs")
    response = client.get(reverse("reporting:dashboard"), {"local_project": nouveaux_departs.pk})
    assert response.status_code == 200  # an invalid filter falls back to the whole year


def test_each_figure_links_to_the_people_behind_it(client, manager, year_so_far, django_assert_max_num_queries):
    client.force_login(manager)

    with django_assert_max_num_queries(12):
        response = client.get(reverse("reporting:dashboard_list", args=["positive_exits"]))

    content = response.content.decode()
    assert "10 accompagnements" in content
    assert "Note privée" not in content


def test_indicator_table_exports_as_xlsx_and_csv(client, manager, year_so_far):
    client.force_login(manager)

    xlsx = client.get(reverse("reporting:dashboard_export", args=["xlsx"]))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    values = {row[0]: row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert values["Sorties positives"] == 10
    csv_rows = list(
        csv.reader(
            io.StringIO(client.get(reverse("reporting:dashboard_export", args=["csv"])).content.decode("utf-8-sig")),
            delimiter=";",
        )
    )
    assert ["Sorties positives", "10"] in csv_rows


def test_list_export_is_one_row_per_person_without_notes_and_logged(client, manager, year_so_far):
    client.force_login(manager)

    response = client.get(reverse("reporting:dashboard_list_export", args=["accompanied", "csv"]))

    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert len(rows) == 1 + 30
    assert "Note privée" not in text
    assert FileAccess.objects.filter(user=manager, action="export").exists()


def test_counsellors_cannot_see_the_dashboard(client, counsellor):
    client.force_login(counsellor)

    assert client.get(reverse("reporting:dashboard")).status_code == 403
    assert client.get(reverse("reporting:dashboard_export", args=["xlsx"])).status_code == 403


def test_dashboard_filters_by_funder_of_the_local_projects(client, manager, year_so_far):
    from workshops.models import Funder, LocalProjectDetails

    project = LocalProject.objects.get(name="CQD Versailles")
    funder, _created = Funder.objects.get_or_create(name="Ville de Bruxelles (CQD)")
    LocalProjectDetails.objects.update_or_create(local_project=project, defaults={"funder": funder})
    from accompaniment.models import Accompaniment

    for accompaniment in Accompaniment.objects.order_by("pk")[:4]:
        accompaniment.job_seeker.local_projects.add(project)
    client.force_login(manager)

    content = client.get(reverse("reporting:dashboard"), {"funder": funder.pk}).content.decode()

    assert 'data-testid="accompanied">4<' in content


def _fill_section(content: str) -> str:
    start = content.index('id="fill-heading"')
    return content[start : content.index("</section>", start)]


def test_caseload_fill_shows_every_counsellor_of_a_small_team(client, manager, year_so_far):
    client.force_login(manager)

    section = _fill_section(client.get(reverse("reporting:dashboard")).content.decode())

    assert all(f"CONSEILLER{i:02d}" in section.upper() for i in range(12))
    assert "12 conseillers" in section
    assert "Les plus remplis" not in section


def test_caseload_fill_of_a_large_team_shows_the_fullest_and_emptiest(
    client, manager, db, django_assert_max_num_queries
):
    # Capacity 2, 3, 5, 6, … (1.5 per hundredth of FTE) for 3 open accompaniments each: C00 is the fullest.
    for i in range(24):
        counsellor = UserFactory(counsellor=True, last_name=f"Charge{i:02d}", fte=Decimal(i + 1) / 100)
        AccompanimentFactory.create_batch(3, counsellor=counsellor)
    client.force_login(manager)

    with django_assert_max_num_queries(20):
        response = client.get(reverse("reporting:dashboard"))

    section = _fill_section(response.content.decode())
    fullest, emptiest = section.split("Les moins remplis")
    assert [f"CHARGE{i:02d}" in fullest.upper() for i in range(24)] == [True] * 10 + [False] * 14
    assert [f"CHARGE{i:02d}" in emptiest.upper() for i in range(24)] == [False] * 14 + [True] * 10
    assert "24 conseillers : 72 accompagnements ouverts" in section.replace("\u202f", " ").replace("\xa0", " ")
    assert "1 portefeuille dépasse sa capacité" in section
    assert reverse("accompaniment:caseloads") in section


def test_ending_soon_counts_open_accompaniments_ending_within_30_days_without_an_outcome(
    client, manager, db, django_assert_max_num_queries
):
    counsellor = UserFactory(counsellor=True)
    for days, with_outcome in ((-5, False), (10, False), (29, True), (30, False), (31, False), (200, False)):
        accompaniment = AccompanimentFactory(
            counsellor=counsellor,
            started_on=TODAY - datetime.timedelta(days=335),
            planned_end_on=TODAY + datetime.timedelta(days=days),
        )
        if with_outcome:
            OutcomeFactory(accompaniment=accompaniment, kind=OutcomeKind.CDD, occurred_on=TODAY)
    client.force_login(manager)

    with django_assert_max_num_queries(20):
        response = client.get(reverse("reporting:dashboard"))
    listed = client.get(reverse("reporting:dashboard_list", args=["ending_soon"])).content.decode()

    assert response.context["figures"]["ending_soon"] == 3  # -5 (overdue), 10 and 30 days
    assert "3 accompagnements" in listed


def test_dashboard_shows_the_durability_of_last_year_s_exits(client, manager, db, django_assert_max_num_queries):
    """Three exits of January 2024 seen on 10 June 2025: every 3-month checkpoint is due; two were recorded, one
    person still in the same job, one a job seeker again."""
    brussels = ZoneInfo("Europe/Brussels")
    with time_machine.travel(datetime.datetime(2025, 6, 10, 10, tzinfo=brussels), tick=False):
        exits = [
            OutcomeFactory(
                accompaniment=AccompanimentFactory(started_on=datetime.date(2023, 10, 2)),
                occurred_on=datetime.date(2024, 1, 10),
            ).accompaniment
            for _i in range(3)
        ]
        for accompaniment, situation in zip(
            exits, (CheckpointSituation.SAME_JOB, CheckpointSituation.JOB_SEEKER_AGAIN), strict=False
        ):
            services.checkpoint_record(
                job_seeker=accompaniment.job_seeker,
                accompaniment=accompaniment,
                exit_on=datetime.date(2024, 1, 10),
                months=3,
                reached=True,
                situation=situation,
                acting_user=accompaniment.counsellor,
            )
        client.force_login(manager)
        with django_assert_max_num_queries(20):
            page = client.get(reverse("reporting:dashboard"), {"year": "2024"})
        # The page loads these figures in a request of its own, with the page's filters.
        part = reverse("reporting:dashboard_part", args=["durability"])
        assert f'hx-get="{part}?year=2024"' in page.content.decode()
        with django_assert_max_num_queries(20):
            response = client.get(part, {"year": "2024"}, headers={"HX-Request": "true"})

    assert "<html" not in response.content.decode()
    section = re.search(r'<section[^>]*data-testid="durability".*?</section>', response.content.decode(), re.S)
    rows = [
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip()
        for row in re.findall(r"<tr>.*?</tr>", section.group(0), re.S)
    ]
    assert rows[1] == "3 mois après la sortie 3 2 (67 %) 1 (50 %)"
    assert rows[2] == "6 mois après la sortie 3 0 (0 %) 0"
    assert "3 sorties positives cette année" in section.group(0)


def test_a_dashboard_part_opens_on_a_page_of_its_own_without_htmx_and_an_unknown_part_is_not_found(
    client, manager, year_so_far
):
    client.force_login(manager)

    page = client.get(reverse("reporting:dashboard_part", args=["activity"]), {"year": YEAR})
    unknown = client.get(reverse("reporting:dashboard_part", args=["salaries"]))

    content = page.content.decode()
    assert page.status_code == 200
    assert "<html" in content and "Retour au tableau de bord" in content
    assert "Modules collectifs" in content or "modules collectifs" in content
    assert "DEIES" in content  # both panels
    assert unknown.status_code == 404


def _chart_urls(content: str) -> dict[str, str]:
    return {
        name: html.unescape(url)
        for url, name in re.findall(r'src="(/reporting/dashboard/chart/([a-z]+)\.svg\?[^"]*)"', content)
    }


def test_the_charts_are_drawn_in_requests_of_their_own_with_the_page_s_filters(
    client, manager, year_so_far, django_assert_max_num_queries
):
    client.force_login(manager)
    counsellor = year_so_far[0]

    page = client.get(reverse("reporting:dashboard"), {"counsellor": counsellor.pk}).content.decode()
    urls = _chart_urls(page)
    whole_team = _chart_urls(client.get(reverse("reporting:dashboard")).content.decode())

    assert sorted(urls) == ["fill", "months", "outcomes"]
    svgs = {}
    for name, url in urls.items():
        assert f"counsellor={counsellor.pk}" in url
        with django_assert_max_num_queries(20):
            response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "image/svg+xml"
        svgs[name] = response.content.decode()
        assert svgs[name].startswith("<?xml") and "<svg" in svgs[name]
    # Drawn for the chosen counsellor: her caseload alone, her interviews.
    assert counsellor.last_name in svgs["fill"] and year_so_far[1].last_name not in svgs["fill"]
    team_months = client.get(whole_team["months"]).content.decode()
    assert team_months != svgs["months"]
    assert year_so_far[1].last_name in client.get(whole_team["fill"]).content.decode()


def test_a_chart_with_nothing_to_draw_or_unknown_is_not_found_and_counsellors_are_refused(
    client, manager, counsellor, year_so_far
):
    client.force_login(manager)
    earlier = {"year": YEAR - 3}

    page = client.get(reverse("reporting:dashboard"), earlier).content.decode()

    assert "outcomes" not in _chart_urls(page)  # no positive exit that year: no chart
    assert client.get(reverse("reporting:dashboard_chart", args=["outcomes"]), earlier).status_code == 404
    assert client.get(reverse("reporting:dashboard_chart", args=["pie"])).status_code == 404
    client.force_login(counsellor)
    assert client.get(reverse("reporting:dashboard_chart", args=["months"])).status_code == 403
