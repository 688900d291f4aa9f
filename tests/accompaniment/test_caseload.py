import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from accompaniment.enums import BarrierKind, ReferralSource
from accompaniment.models import FileAccess, Interview, LocalProject
from tests.accompaniment.factories import (
    AccompanimentFactory,
    BarrierFactory,
    InterviewFactory,
    JobSeekerFactory,
)
from tests.missionlocale.factories import UserFactory

URL = reverse("accompaniment:caseload")


def _caseload(counsellor, files, interviews_each=10):
    accompaniments = AccompanimentFactory.create_batch(files, counsellor=counsellor)
    Interview.objects.bulk_create(
        Interview(
            job_seeker=a.job_seeker,
            staff=counsellor,
            author_profession="counsellor",
            occurred_on=timezone.localdate() - datetime.timedelta(days=day),
            note="Suivi",
        )
        for a in accompaniments
        for day in range(1, interviews_each + 1)
    )
    return accompaniments


@pytest.mark.parametrize("files", [10, 150])
def test_caseload_page_has_a_fixed_number_of_queries(client, counsellor, django_assert_max_num_queries, files):
    _caseload(counsellor, files)
    client.force_login(counsellor)

    # 13: the counter of accompaniments without a recent interview (issue 13) is one count.
    with django_assert_max_num_queries(13):
        response = client.get(URL)

    assert response.status_code == 200
    assert f"{files} accompagnements" in response.content.decode()


def test_gauge_shows_the_fill_pro_rata_of_the_fte(client, db):
    counsellor = UserFactory(counsellor=True, fte=Decimal("0.80"))
    AccompanimentFactory.create_batch(3, counsellor=counsellor, job_seeker__referral_source=ReferralSource.ACTIRIS)
    AccompanimentFactory(counsellor=counsellor, job_seeker__referral_source=ReferralSource.SPONTANEOUS)
    client.force_login(counsellor)

    response = client.get(URL)

    assert "4 / 120 (Actiris 3 / 80)" in response.content.decode()


def test_gauge_beyond_capacity_is_red(client, db):
    counsellor = UserFactory(counsellor=True, fte=Decimal("0.01"))  # capacity 2 (150 × 0.01 rounded)
    AccompanimentFactory.create_batch(3, counsellor=counsellor)
    client.force_login(counsellor)

    content = client.get(URL).content.decode()

    assert "Au-delà de la capacité" in content
    assert "text-danger" in content


def test_caseload_shows_only_ones_own_open_accompaniments(client, counsellor):
    mine = AccompanimentFactory(counsellor=counsellor, job_seeker__last_name="Mienne")
    AccompanimentFactory(counsellor=counsellor, closed=True, job_seeker__last_name="Fermee")
    AccompanimentFactory(job_seeker__last_name="Autre")
    client.force_login(counsellor)

    content = client.get(URL).content.decode()

    assert str(mine.job_seeker) in content
    assert "FERMEE" not in content
    assert "AUTRE" not in content


def test_filters(client, counsellor):
    ending = AccompanimentFactory(counsellor=counsellor, ending_soon=True, job_seeker__last_name="Bientot")
    quiet = AccompanimentFactory(counsellor=counsellor, job_seeker__last_name="Silencieux")
    busy = AccompanimentFactory(
        counsellor=counsellor, job_seeker__last_name="Suivi", job_seeker__referral_source="spontaneous"
    )
    InterviewFactory(job_seeker=busy.job_seeker, staff=counsellor, occurred_on=timezone.localdate())
    InterviewFactory(job_seeker=ending.job_seeker, staff=counsellor, occurred_on=timezone.localdate())
    InterviewFactory(
        job_seeker=quiet.job_seeker, staff=counsellor, occurred_on=timezone.localdate() - datetime.timedelta(days=61)
    )
    BarrierFactory(job_seeker=quiet.job_seeker, kind=BarrierKind.HOUSING)
    project = LocalProject.objects.get(name="CQD Versailles")
    busy.job_seeker.local_projects.add(project)
    client.force_login(counsellor)

    def names(**params):
        content = client.get(URL, params).content.decode()
        return {name for name in ("BIENTOT", "SILENCIEUX", "SUIVI") if name in content}

    assert names() == {"BIENTOT", "SILENCIEUX", "SUIVI"}
    assert names(ending_soon="true") == {"BIENTOT"}
    assert names(no_recent_interview="true") == {"SILENCIEUX"}
    assert names(barrier=BarrierKind.HOUSING) == {"SILENCIEUX"}
    assert names(source="spontaneous") == {"SUIVI"}
    assert names(local_project=project.pk) == {"SUIVI"}
    assert names(q="silen") == {"SILENCIEUX"}
    assert names(q=busy.job_seeker.actiris_number) == {"SUIVI"}


def test_search_by_niss_with_dots(client, counsellor):
    AccompanimentFactory(counsellor=counsellor, job_seeker__niss="85073003328", job_seeker__last_name="Trouvee")
    AccompanimentFactory(counsellor=counsellor, job_seeker__last_name="Autre")
    client.force_login(counsellor)

    response = client.post(URL, {"q": "85.07.30-033.28"}, follow=True)

    content = response.content.decode()

    assert "TROUVEE" in content
    assert "AUTRE" not in content


def test_htmx_filtering_returns_only_the_table(client, counsellor):
    AccompanimentFactory(counsellor=counsellor)
    client.force_login(counsellor)

    response = client.get(URL, {"ending_soon": "true"}, headers={"HX-Request": "true"})

    assert "<html" not in response.content.decode()
    assert "Aucun accompagnement ne correspond." in response.content.decode()


def test_manager_sees_another_caseload_but_a_counsellor_does_not(client, counsellor, manager):
    other = UserFactory(counsellor=True)
    AccompanimentFactory(counsellor=other, job_seeker__last_name="Collegue")

    client.force_login(counsellor)
    assert client.get(URL, {"counsellor": other.pk}).status_code == 403

    client.force_login(manager)
    response = client.get(URL, {"counsellor": other.pk})
    assert response.status_code == 200
    assert "COLLEGUE" in response.content.decode()


def test_csv_export_has_one_row_per_accompaniment_and_no_notes(client, counsellor):
    accompaniment = AccompanimentFactory(counsellor=counsellor, job_seeker__last_name="Export")
    psychologist = UserFactory(psychologist=True)
    InterviewFactory(
        job_seeker=accompaniment.job_seeker, staff=psychologist, confidential=True, note="Violence conjugale"
    )
    InterviewFactory(job_seeker=accompaniment.job_seeker, staff=counsellor, note="Note du conseiller")
    client.force_login(counsellor)

    response = client.get(reverse("accompaniment:caseload_export"))

    text = response.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][0] == "Nom"
    assert [row[0] for row in rows[1:]] == ["Export"]
    assert "Violence" not in text and "Note du conseiller" not in text
    assert FileAccess.objects.filter(user=counsellor, action="export").exists()


def test_manager_reassigns_several_files_with_a_reason(client, manager, counsellor):
    other = UserFactory(counsellor=True)
    accompaniments = AccompanimentFactory.create_batch(2, counsellor=counsellor)
    client.force_login(manager)

    response = client.post(
        reverse("accompaniment:reassign"),
        {"accompaniments": [a.pk for a in accompaniments], "counsellor": other.pk, "reason": "Rééquilibrage"},
        follow=True,
    )

    assert "2 dossiers réattribués" in response.content.decode()
    for accompaniment in accompaniments:
        accompaniment.refresh_from_db()
        assert accompaniment.counsellor == other
        assert accompaniment.history.first().history_change_reason == "Rééquilibrage"


def test_reassigning_without_a_reason_changes_nothing(client, manager, counsellor):
    accompaniment = AccompanimentFactory(counsellor=counsellor)
    client.force_login(manager)

    client.post(
        reverse("accompaniment:reassign"),
        {"accompaniments": [accompaniment.pk], "counsellor": UserFactory(counsellor=True).pk, "reason": ""},
    )

    accompaniment.refresh_from_db()
    assert accompaniment.counsellor == counsellor


def test_caseloads_overview_shows_every_counsellor_side_by_side(client, manager, django_assert_max_num_queries):
    full = UserFactory(counsellor=True, fte=Decimal("0.01"), last_name="Plein")
    AccompanimentFactory.create_batch(3, counsellor=full)
    for _ in range(10):
        AccompanimentFactory.create_batch(2, counsellor=UserFactory(counsellor=True))
    JobSeekerFactory.create_batch(5)
    client.force_login(manager)

    with django_assert_max_num_queries(10):
        response = client.get(reverse("accompaniment:caseloads"))

    content = response.content.decode()
    assert "3 / 2" in content
    assert "table-danger" in content
    assert content.count("Attribuer</button>") == 5


def test_manager_assigns_a_new_file_beyond_capacity_with_a_warning(client, manager):
    full = UserFactory(counsellor=True, fte=Decimal("0.01"))
    AccompanimentFactory.create_batch(2, counsellor=full)
    person = JobSeekerFactory()
    client.force_login(manager)

    response = client.post(
        reverse("accompaniment:accompaniment_create", args=[person.pk]),
        {"counsellor": full.pk, "started_on": timezone.localdate().isoformat()},
        follow=True,
    )

    assert person.accompaniments.get().counsellor == full
    assert "au-delà de sa capacité" in response.content.decode() or "capacité" in response.content.decode()


def test_a_searched_niss_never_lands_in_a_url(client, counsellor):
    AccompanimentFactory(counsellor=counsellor, job_seeker__niss="85073003328")
    client.force_login(counsellor)

    response = client.post(URL, {"q": "85073003328", "ending_soon": "true"}, follow=True)

    content = response.content.decode()
    assert "85073003328" not in content.replace('value="85073003328"', "")
    assert "q=85073003328" not in content
    assert all("85073003328" not in url for url, _status in response.redirect_chain)


def test_files_to_assign_include_people_referred_again_after_a_closed_accompaniment(client, manager):
    never = JobSeekerFactory(last_name="Jamais")
    closed = AccompanimentFactory(closed=True, job_seeker__last_name="Revenue")
    closed.job_seeker.actiris_referral_date = closed.closed_on
    closed.job_seeker.save()
    AccompanimentFactory(job_seeker__last_name="Suivie")
    client.force_login(manager)

    content = client.get(reverse("accompaniment:caseloads")).content.decode()

    assert str(never) in content
    assert "REVENUE" in content
    assert "SUIVIE" not in content
