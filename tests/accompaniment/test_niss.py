import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accompaniment.models import JobSeeker
from accompaniment.niss import niss_format, niss_mask, niss_validate
from tests.accompaniment.factories import AccompanimentFactory, JobSeekerFactory


def _niss(yymmdd: str, serial: str, born_2000_or_later: bool = False) -> str:
    base = yymmdd + serial
    check = 97 - int(("2" if born_2000_or_later else "") + base) % 97
    return f"{base}{check:02d}"


@pytest.mark.parametrize(
    "value",
    [
        _niss("850730", "033"),
        "85.07.30-033.28",  # dots and dashes are accepted
        _niss("050315", "123", born_2000_or_later=True),  # the "2" prefix rule for births from 2000
        _niss("854730", "033"),  # BIS number: month + 40
        _niss("852730", "033"),  # BIS number: month + 20
    ],
)
def test_valid_niss_and_bis_numbers(value):
    assert len(niss_validate(value)) == 11


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("85073003329", "Les chiffres de contrôle de ce NISS sont erronés."),
        ("8507300332", "Un NISS compte 11 chiffres."),
        (_niss("851330", "033"), "Ce NISS ne contient pas une date de naissance valide."),
    ],
)
def test_invalid_niss_numbers_are_refused_in_french(value, message):
    with pytest.raises(ValidationError) as error:
        niss_validate(value)
    assert error.value.messages == [message]


def test_niss_is_masked_unless_shown():
    assert niss_format("85073003328") == "85.07.30-033.28"
    assert "033" not in niss_mask("85073003328")


def _file_data(**overrides):
    return {
        "first_name": "Amina",
        "last_name": "El Idrissi",
        "birth_date": "1990-05-15",
        "gender": "F",
        "niss": "",
        "actiris_number": "",
        "referral_source": "spontaneous",
        "phone": "0470 12 34 56",
        "postcode": "1000",
        **overrides,
    }


def test_creating_a_file_normalises_niss_and_phone(client, counsellor):
    client.force_login(counsellor)

    response = client.post(
        reverse("accompaniment:file_create"), _file_data(niss="85.07.30-033.28", birth_date="1985-07-30", gender="M")
    )

    person = JobSeeker.objects.get()
    assert response.url == reverse("accompaniment:file_detail", args=[person.pk])
    assert person.niss == "85073003328"
    assert person.phone == "+32470123456"


def test_a_bad_niss_gives_a_french_error_and_creates_nothing(client, counsellor):
    client.force_login(counsellor)

    response = client.post(reverse("accompaniment:file_create"), _file_data(niss="85073003329"))

    assert response.status_code == 200
    assert "Les chiffres de contrôle de ce NISS sont erronés." in response.content.decode()
    assert not JobSeeker.objects.exists()


def test_an_existing_niss_shows_the_existing_file_instead_of_creating_one(client, counsellor):
    existing = JobSeekerFactory(niss="85073003328", first_name="Karim", last_name="Benali")
    client.force_login(counsellor)

    response = client.post(
        reverse("accompaniment:file_create"), _file_data(niss="85073003328", birth_date="1985-07-30", gender="M")
    )

    content = response.content.decode()
    assert "Cette personne a déjà un dossier" in content
    assert reverse("accompaniment:file_detail", args=[existing.pk]) in content
    assert JobSeeker.objects.count() == 1


def test_same_name_and_birth_date_whatever_accents_and_case_is_a_duplicate(client, counsellor):
    existing = JobSeekerFactory(
        first_name="Aïcha", last_name="Diallo", name_key="diallo aicha", birth_date="1990-05-15"
    )
    client.force_login(counsellor)

    response = client.post(reverse("accompaniment:file_create"), _file_data(first_name="AICHA", last_name="diallo"))

    assert reverse("accompaniment:file_detail", args=[existing.pk]) in response.content.decode()
    assert JobSeeker.objects.count() == 1


def test_same_name_other_birth_date_is_a_different_person(client, counsellor):
    JobSeekerFactory(first_name="Amina", last_name="El Idrissi", birth_date="1991-01-01")
    client.force_login(counsellor)

    client.post(reverse("accompaniment:file_create"), _file_data())

    assert JobSeeker.objects.count() == 2


@pytest.mark.parametrize(
    ("niss", "birth_date", "gender"),
    [
        (_niss("850730", "033"), "1985-07-30", "M"),  # a man's NISS: odd sequence number
        (_niss("850730", "034"), "1985-07-30", "F"),  # a woman's: even
        (_niss("850730", "033"), "1985-07-30", "X"),  # gender not stated: only the birth date is compared
        (_niss("054730", "123", born_2000_or_later=True), "2005-07-30", "M"),  # BIS, month + 40: sex known
        (_niss("852730", "034"), "1985-07-30", "M"),  # BIS, month + 20: the sex is not known, not compared
        (_niss("850000", "034"), "1985-03-12", "F"),  # only the year known (month 00)
    ],
)
def test_a_niss_that_agrees_with_birth_date_and_sex_is_accepted(client, counsellor, niss, birth_date, gender):
    client.force_login(counsellor)

    response = client.post(
        reverse("accompaniment:file_create"), _file_data(niss=niss, birth_date=birth_date, gender=gender)
    )

    assert response.status_code == 302
    assert JobSeeker.objects.get().niss == niss


@pytest.mark.parametrize(
    ("niss", "birth_date", "gender", "message"),
    [
        (
            _niss("850730", "033"),
            "1985-07-31",
            "M",
            "Ce NISS indique une naissance le 30/07/1985, mais la date de naissance saisie est le 31/07/1985.",
        ),
        (
            _niss("850730", "033"),
            "1985-07-30",
            "F",
            "Ce NISS est celui d’un homme (numéro d’ordre impair), mais le dossier indique une femme.",
        ),
        (
            _niss("850730", "034"),
            "1985-07-30",
            "M",
            "Ce NISS est celui d’une femme (numéro d’ordre pair), mais le dossier indique un homme.",
        ),
        (  # a BIS number (month + 40) says the sex too
            _niss("854730", "033"),
            "1985-07-30",
            "F",
            "Ce NISS est celui d’un homme (numéro d’ordre impair), mais le dossier indique une femme.",
        ),
        (  # a BIS number (month + 20) still says the birth date
            _niss("852730", "033"),
            "1986-07-30",
            "M",
            "Ce NISS indique une naissance le 30/07/1985, mais la date de naissance saisie est le 30/07/1986.",
        ),
        (
            _niss("850000", "034"),
            "1986-03-12",
            "F",
            "Ce NISS indique une naissance en 1985, mais la date de naissance saisie est le 12/03/1986.",
        ),
    ],
)
def test_a_niss_contradicting_birth_date_or_sex_is_refused_and_nothing_is_created(
    client, counsellor, niss, birth_date, gender, message
):
    client.force_login(counsellor)

    response = client.post(
        reverse("accompaniment:file_create"), _file_data(niss=niss, birth_date=birth_date, gender=gender)
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not JobSeeker.objects.exists()


def test_editing_a_file_into_a_contradiction_with_its_niss_is_refused(client, counsellor):
    person = JobSeekerFactory(niss=_niss("850730", "034"), birth_date="1985-07-30", gender="F", last_name="Goffin")
    AccompanimentFactory(job_seeker=person, counsellor=counsellor)
    client.force_login(counsellor)
    data = _file_data(first_name=person.first_name, last_name="Goffin", niss=person.niss, birth_date="1985-07-30")

    response = client.post(
        reverse("accompaniment:file_edit", args=[person.pk]), {**data, "gender": "M", "version": person.version}
    )

    assert response.status_code == 200
    assert "mais le dossier indique un homme" in response.content.decode()
    person.refresh_from_db()
    assert person.gender == "F"
