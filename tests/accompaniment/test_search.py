"""Finding a person (issue 13): the search box finds a file however the name or number is typed, Back returns to
the results, nothing typed reaches a URL, and a near-duplicate is shown before a second file is created."""

import datetime
import re

import pytest
import time_machine
from django.urls import reverse

from accompaniment.models import JobSeeker
from tests.accompaniment.factories import AccompanimentFactory, JobSeekerFactory
from tests.missionlocale.factories import UserFactory

SEARCH = reverse("accompaniment:file_search")
CREATE = reverse("accompaniment:file_create")
NISS = "85073003427"  # a woman born on 30 July 1985


@pytest.fixture
def celia(db):
    return JobSeekerFactory(
        first_name="Célia",
        last_name="Goffin",
        birth_date=datetime.date(1985, 7, 30),
        niss=NISS,
        phone="+32470123456",
        email="celia.goffin@example.be",
        actiris_number="4455667",
    )


@pytest.fixture
def others(db):
    """People who must not come up: other names, other numbers."""
    return [
        JobSeekerFactory(first_name="Marc", last_name="Lenoir", phone="+3225551234", email="marc@example.be"),
        JobSeekerFactory(first_name="Celine", last_name="Dubois", phone="+32478000000"),
        JobSeekerFactory(first_name="Julie", last_name="Goffaux", phone="+32479111111"),
    ]


def _search(client, query, **kwargs):
    return client.post(SEARCH, {"q": query}, follow=True, **kwargs)


def _names(response) -> list[str]:
    return re.findall(r'<a href="/files/\d+/">([^<]+)</a>', response.content.decode())


@pytest.mark.parametrize(
    "query",
    [
        "Célia Goffin",
        "celia goffin",  # no accents
        "goffin celia",  # the other word order
        "GOFFIN, Célia",
        "celia",
        "Goffi",  # the beginning of the name
        "0470 12 34 56",  # the phone in the Belgian way
        "+32 470/12.34.56",  # and in the international one
        "0032470123456",
        "celia.goffin@example.be",
        "Celia.Goffin@Example.BE",
        "85.07.30-034.27",  # the NISS as on the identity card
        "85073003427",
        "4455667",  # the Actiris number
    ],
)
def test_each_way_of_typing_finds_celia_goffin_and_only_her(client, counsellor, celia, others, query):
    client.force_login(counsellor)

    response = _search(client, query)

    assert response.status_code == 200
    assert _names(response) == ["GOFFIN Célia"]


def test_every_word_must_match_so_a_first_name_alone_finds_everyone_with_it(client, counsellor, celia, others):
    client.force_login(counsellor)

    assert _names(_search(client, "celia dubois")) == []
    assert _names(_search(client, "goffi")) == ["GOFFIN Célia"]
    assert sorted(_names(_search(client, "go"))) == ["GOFFAUX Julie", "GOFFIN Célia"]


@pytest.mark.postgresql
@pytest.mark.parametrize("query", ["gofin", "celia gofin", "Goffinn Célia", "celia gofffin"])
def test_on_postgresql_a_small_typo_still_finds_her(client, counsellor, celia, others, query):
    client.force_login(counsellor)

    names = _names(_search(client, query))

    assert names[0] == "GOFFIN Célia"
    assert "LENOIR Marc" not in names and "DUBOIS Celine" not in names


@pytest.mark.postgresql
def test_on_postgresql_the_name_has_a_trigram_index(db):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'accompaniment_jobseeker_name_key_trgm'")
        (definition,) = cursor.fetchone()
    assert "gin" in definition and "gin_trgm_ops" in definition


def test_the_search_goes_by_post_then_an_opaque_key_and_nothing_typed_reaches_a_url(client, counsellor, celia):
    client.force_login(counsellor)

    response = _search(client, "85.07.30-034.27")

    ((url, status),) = response.redirect_chain
    assert status == 302
    key = url.removeprefix("/files/?s=")
    assert key in client.session["saved_search"]
    assert NISS not in url and "85.07.30" not in url
    # The results page is a GET: reloading it, or coming Back to it, shows the results again.
    again = client.get(url)
    assert _names(again) == ["GOFFIN Célia"]


def test_a_search_key_is_only_good_in_its_own_session_and_expires(client, counsellor, celia):
    client.force_login(counsellor)
    url = _search(client, "goffin").redirect_chain[0][0]

    other = UserFactory(counsellor=True)
    from django.test import Client

    stranger = Client()
    stranger.force_login(other)
    content = stranger.get(url).content.decode()
    assert "GOFFIN" not in content
    assert "Cette recherche a expiré : tapez-la à nouveau." in content

    with time_machine.travel(datetime.datetime.now(datetime.UTC) + datetime.timedelta(hours=9)):
        client.force_login(counsellor)
        content = client.get(url).content.decode()
    assert "GOFFIN" not in content
    assert "Cette recherche a expiré" in content


@pytest.mark.parametrize("key", ["x" * 5000, "../../etc", "%00", ""])
def test_a_made_up_key_gives_an_empty_search_page_not_an_error(client, counsellor, key):
    client.force_login(counsellor)

    response = client.get(SEARCH, {"s": key})

    assert response.status_code == 200


def test_files_opened_lately_come_first_and_are_listed_before_any_search(client, counsellor):
    people = [JobSeekerFactory(first_name="Anne", last_name=f"Martin{suffix}") for suffix in ("a", "b", "c")]
    client.force_login(counsellor)
    client.get(reverse("accompaniment:file_detail", args=[people[2].pk]))
    client.get(reverse("accompaniment:file_detail", args=[people[1].pk]))

    assert _names(_search(client, "anne martin")) == ["MARTINB Anne", "MARTINC Anne", "MARTINA Anne"]
    assert "ouvert récemment" in _search(client, "anne martin").content.decode()
    assert _names(client.get(SEARCH)) == ["MARTINB Anne", "MARTINC Anne"]


def test_the_files_opened_lately_are_kept_for_this_session_only_and_opening_a_file_writes_no_session(
    client, counsellor, django_assert_max_num_queries
):
    people = [JobSeekerFactory(first_name="Anne", last_name=f"Martin{suffix}") for suffix in ("a", "b")]
    client.force_login(counsellor)
    session_before = client.session.session_key

    with django_assert_max_num_queries(20) as context:
        client.get(reverse("accompaniment:file_detail", args=[people[1].pk]))

    assert not [
        query for query in context.captured_queries if "django_session" in query["sql"] and "UPDATE" in query["sql"]
    ]
    assert client.session.session_key == session_before
    cookie = client.cookies["recent_files"]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert "Anne" not in cookie.value and "Martin" not in cookie.value
    assert _names(client.get(SEARCH)) == ["MARTINB Anne"]

    client.cookies["recent_files"] = cookie.value.replace(str(people[1].pk), str(people[0].pk), 1)
    assert _names(client.get(SEARCH)) == []  # a cookie changed by hand is ignored

    client.cookies["recent_files"] = cookie.value
    client.force_login(UserFactory(counsellor=True))  # another session on this browser
    assert _names(client.get(SEARCH)) == []


def test_the_results_page_shows_names_only_and_pins_its_queries(client, counsellor, django_assert_max_num_queries):
    for index in range(30):
        AccompanimentFactory(job_seeker__last_name=f"Peeters{index}", job_seeker__niss=None)
    JobSeekerFactory(last_name="Peeters", street="Rue Cachée 12", address_hidden=True)
    client.force_login(counsellor)
    url = _search(client, "peeters").redirect_chain[0][0]

    # session, user, its permissions (two), the results in one query, and the session saved (three)
    with django_assert_max_num_queries(8):
        response = client.get(url)

    content = response.content.decode()
    assert len(_names(response)) == 31
    assert "Rue Cachée" not in content
    assert "en cours, avec" in content  # the counsellor of the open accompaniment


def test_staff_who_read_no_files_have_no_search_box_and_no_search(client, counsellor, director, administrator):
    client.force_login(counsellor)
    assert 'id="header-search"' in client.get(reverse("accompaniment:caseload")).content.decode()
    for user in (director, administrator):
        client.force_login(user)
        assert 'id="header-search"' not in client.get(reverse("home"), follow=True).content.decode()
        assert client.post(SEARCH, {"q": "goffin"}).status_code == 403
        assert client.get(SEARCH).status_code == 403


def test_caseload_filters_are_kept_behind_a_key_for_back_and_reload(client, counsellor):
    AccompanimentFactory(counsellor=counsellor, ending_soon=True, job_seeker__last_name="Bientot")
    AccompanimentFactory(counsellor=counsellor, job_seeker__last_name="Plustard", job_seeker__niss=NISS)
    client.force_login(counsellor)
    caseload = reverse("accompaniment:caseload")

    response = client.post(caseload, {"q": "85.07.30-034.27", "status": "open"}, follow=True)

    ((url, _status),) = response.redirect_chain
    assert re.fullmatch(r"/caseload/\?f=[\w-]+", url)
    content = client.get(url).content.decode()
    assert "PLUSTARD" in content and "BIENTOT" not in content
    assert 'value="85.07.30-034.27"' in content  # the filter form shows what was typed

    htmx = client.post(caseload, {"ending_soon": "true", "status": "open"}, headers={"HX-Request": "true"})
    assert re.fullmatch(r"/caseload/\?f=[\w-]+", htmx["HX-Replace-Url"])
    content = client.get(htmx["HX-Replace-Url"]).content.decode()
    assert "BIENTOT" in content and "PLUSTARD" not in content


def _file_data(**overrides):
    return {
        "first_name": "Jan",
        "last_name": "Verbeke",
        "birth_date": "1990-05-15",
        "gender": "M",
        "niss": "",
        "actiris_number": "",
        "referral_source": "spontaneous",
        "phone": "0470 12 34 56",
        "postcode": "1000",
        **overrides,
    }


@pytest.mark.parametrize(
    ("existing", "typed"),
    [
        (("Jan", "Verbeek"), ("Jan", "Verbeke")),
        (("Mohamed", "Benali"), ("Mohammed", "Benali")),
        (("Muhammad", "El Amrani"), ("Mohamed", "El Amrani")),
        (("Jan", "Peeters"), ("Peters", "Jan")),  # first and last names swapped, one letter less
    ],
)
def test_a_near_duplicate_born_the_same_day_is_shown_before_creation(client, counsellor, existing, typed):
    first, last = existing
    person = JobSeekerFactory(first_name=first, last_name=last, birth_date=datetime.date(1990, 5, 15))
    client.force_login(counsellor)

    response = client.post(CREATE, _file_data(first_name=typed[0], last_name=typed[1]))

    content = response.content.decode()
    assert response.status_code == 200
    assert "Cette personne a peut-être déjà un dossier" in content
    assert f'href="{reverse("accompaniment:file_detail", args=[person.pk])}"' in content
    assert JobSeeker.objects.count() == 1

    # It is someone else: the same form, confirmed, creates the file.
    response = client.post(
        CREATE, {**_file_data(first_name=typed[0], last_name=typed[1]), "confirm_other_person": "1"}
    )
    assert response.status_code == 302
    assert JobSeeker.objects.count() == 2


@pytest.mark.parametrize(
    ("existing", "birth_date", "typed"),
    [
        (("Jan", "Verbeek"), datetime.date(1990, 5, 16), ("Jan", "Verbeke")),  # another birth date: another person
        (("Marie", "Dupuis"), datetime.date(1990, 5, 15), ("Marie", "Dupont")),  # different names
        (("Célia", "Goffin"), datetime.date(1990, 5, 15), ("Cécile", "Goffin")),
    ],
)
def test_a_different_person_is_created_without_a_warning(client, counsellor, existing, birth_date, typed):
    JobSeekerFactory(first_name=existing[0], last_name=existing[1], birth_date=birth_date)
    client.force_login(counsellor)

    response = client.post(CREATE, _file_data(first_name=typed[0], last_name=typed[1]))

    assert response.status_code == 302
    assert JobSeeker.objects.count() == 2


def test_the_same_niss_is_still_refused_even_when_confirmed(client, counsellor):
    JobSeekerFactory(first_name="Jan", last_name="Verbeek", birth_date=datetime.date(1985, 7, 30), niss="85073003328")
    client.force_login(counsellor)

    response = client.post(
        CREATE,
        {
            **_file_data(last_name="Autre", birth_date="1985-07-30", niss="85.07.30-033.28"),
            "confirm_other_person": "1",
        },
    )

    assert "Cette personne a déjà un dossier" in response.content.decode()
    assert JobSeeker.objects.count() == 1


@pytest.mark.postgresql
def test_on_postgresql_a_name_search_uses_the_trigram_index(celia, others):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a few rows: the planner would rather read them all
        plan = JobSeeker.objects.search("gofin celia").explain()
    assert "accompaniment_jobseeker_name_key_trgm" in plan


def test_punctuation_alone_finds_nobody(client, counsellor, celia):
    client.force_login(counsellor)

    assert _names(_search(client, "-- ,")) == []
