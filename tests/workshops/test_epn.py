import pytest
from django.urls import reverse
from django.utils import timezone

from tests.accompaniment.factories import JobSeekerFactory
from tests.missionlocale.factories import UserFactory
from tests.workshops.factories import EnrolmentFactory, ModuleFactory, SessionFactory, VisitorFactory
from workshops.models import CoachingSession, ComputerVisit, Visitor


@pytest.fixture
def coach(db):
    return UserFactory(username="coach.etic", first_name="Yassine", last_name="Tahiri", profession="digital_coach")


def test_reception_finds_visitors_and_files_and_logs_a_visit_in_one_click(client, coach):
    known = VisitorFactory(first_name="Marie", last_name="Dupont")
    with_file = JobSeekerFactory(first_name="Mario", last_name="Dupontel")
    client.force_login(coach)

    results = client.post(reverse("workshops:epn_search"), {"q": "dupont"}, HTTP_HX_REQUEST="true").content.decode()
    assert "DUPONT Marie" in results and "DUPONTEL Mario" in results

    response = client.post(reverse("workshops:visit_log"), {"visitor": known.pk}, HTTP_HX_REQUEST="true")
    assert "Visite de Marie Dupont enregistrée." in response.content.decode()
    client.post(reverse("workshops:visit_log"), {"job_seeker": with_file.pk}, HTTP_HX_REQUEST="true")
    client.post(reverse("workshops:visit_log"), {"job_seeker": with_file.pk}, HTTP_HX_REQUEST="true")

    assert ComputerVisit.objects.filter(visitor=known, visited_on=timezone.localdate()).count() == 1
    linked = Visitor.objects.get(job_seeker=with_file)
    assert linked.visits.count() == 2  # the person with a file is one visitor, whatever the number of visits
    # Once a visitor, the file no longer shows twice in the search.
    results = client.post(reverse("workshops:epn_search"), {"q": "dupontel"}).content.decode()
    assert results.count("DUPONTEL Mario") == 1


def test_a_new_person_and_an_anonymous_visit(client, coach):
    client.force_login(coach)

    client.post(reverse("workshops:visit_log"), {"first_name": "Ana", "last_name": ""}, HTTP_HX_REQUEST="true")
    response = client.post(reverse("workshops:visit_log"), {"anonymous": "1"}, HTTP_HX_REQUEST="true")

    assert Visitor.objects.get().first_name == "Ana"
    assert ComputerVisit.objects.filter(visitor=None).count() == 1
    page = response.content.decode()
    assert "Visite anonyme enregistrée." in page and "2 visites" in page and "1 anonyme" in page


def test_bad_input_gives_a_french_error_and_changes_nothing(client, coach):
    client.force_login(coach)

    response = client.post(reverse("workshops:visit_log"), {"first_name": " "}, HTTP_HX_REQUEST="true")

    assert "Donnez au moins un prénom, ou enregistrez une visite anonyme." in response.content.decode()
    assert not ComputerVisit.objects.exists() and not Visitor.objects.exists()
    assert client.post(reverse("workshops:visit_log"), {"visitor": "x"}).status_code == 404


def test_the_coach_logs_a_coaching_session_with_the_skills_worked_on(client, coach):
    visitor = VisitorFactory()
    client.force_login(coach)
    url = reverse("workshops:visitor_detail", args=[visitor.pk])

    bad = client.post(url, {"occurred_on": "2026-11-25", "duration_minutes": 2, "skills": []})
    assert "Ce champ est obligatoire." in bad.content.decode() and not CoachingSession.objects.exists()
    client.post(url, {"occurred_on": "2026-11-25", "duration_minutes": 45, "skills": ["email", "myactiris"]})

    coaching = CoachingSession.objects.get()
    assert coaching.coach == coach and coaching.skills == ["email", "myactiris"]
    page = client.get(url).content.decode()
    assert "MyActiris" in page and "45 min" in page
    assert "Yassine Tahiri" in client.get(reverse("workshops:coaching")).content.decode()


def test_the_reception_and_coaching_pages_are_bounded(client, coach, django_assert_max_num_queries):
    for visitor in VisitorFactory.create_batch(15):
        ComputerVisit.objects.create(visitor=visitor)
        CoachingSession.objects.create(visitor=visitor, coach=coach, skills=["cv"])
    client.force_login(coach)

    with django_assert_max_num_queries(10):
        assert client.get(reverse("workshops:epn")).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(reverse("workshops:coaching")).content.decode().count("CV et lettre de motivation") == 15


def test_the_visitor_page_pins_its_queries(client, coach, django_assert_max_num_queries):
    visitor = VisitorFactory()
    for index in range(8):
        ComputerVisit.objects.create(visitor=visitor, recorded_by=UserFactory())
        CoachingSession.objects.create(
            visitor=visitor, coach=UserFactory(profession="digital_coach", last_name=f"Coach{index}")
        )
        module = ModuleFactory(digital=True, name=f"Initiation {index}")
        EnrolmentFactory(visitor=visitor, job_seeker=None, session=SessionFactory(module=module))
    client.force_login(coach)

    with django_assert_max_num_queries(12):
        page = client.get(reverse("workshops:visitor_detail", args=[visitor.pk])).content.decode()

    assert all(f"Coach{index}" in page and f"Initiation {index}" in page for index in range(8))
