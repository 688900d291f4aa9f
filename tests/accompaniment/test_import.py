import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from accompaniment.enums import AccompanimentStatus, ReferralSource
from accompaniment.forms import counsellor_choices
from accompaniment.imports import RowError, referrals_decode, referrals_import
from accompaniment.models import Accompaniment, JobSeeker
from missionlocale.enums import Profession
from tests.accompaniment.factories import AccompanimentFactory, JobSeekerFactory
from tests.missionlocale.factories import UserFactory

HEADER = [
    "actiris_number",
    "last_name",
    "first_name",
    "birth_date",
    "gender",
    "niss",
    "phone",
    "email",
    "street",
    "postcode",
    "commune",
    "referral_date",
    "counsellor",
]
# Three referrals: two for conseiller01 (one with a NISS), one without a counsellor.
GOOD_ROWS = [
    [
        "1234567",
        "Dupont",
        "Amina",
        "1990-05-15",
        "F",
        "90.05.15-124.90",
        "0470 12 34 56",
        "amina.dupont@example.org",
        "Rue Haute 12",
        "1000",
        "Bruxelles",
        "2024-09-02",
        "conseiller01",
    ],
    ["1234568", "El Amrani", "Youssef", "2002-11-03", "M", "", "", "", "", "1080", "Molenbeek", "2024-09-02", ""],
    [
        "1234569",
        "Janssens",
        "Lore",
        "1995-02-20",
        "X",
        "",
        "+32 2 511 22 33",
        "",
        "",
        "1210",
        "",
        "2024-09-03",
        "conseiller01",
    ],
]
BAD_NISS = "90.05.15-124.91"  # the check digits of GOOD_ROWS[0]'s NISS, off by one


def write_csv(tmp_path, rows, *, header=HEADER, delimiter=",", bom=False, name="referrals.csv"):
    lines = [delimiter.join(header)] + [delimiter.join(row) for row in rows]
    path = tmp_path / name
    path.write_text("\r\n".join(lines) + "\r\n", encoding="utf-8-sig" if bom else "utf-8")
    return path


def import_file(path, user):
    with translation.override("fr"):
        return referrals_import(text=referrals_decode(path.read_bytes()), acting_user=user)


def with_cell(row, column, value):
    row = list(row)
    row[HEADER.index(column)] = value
    return row


@pytest.fixture
def importer(db):
    return UserFactory(manager=True, username="coordinatrice")


@pytest.fixture
def conseiller(db):
    return UserFactory(counsellor=True, username="conseiller01")


def test_good_file_imports_all(tmp_path, importer, conseiller):
    result = import_file(write_csv(tmp_path, GOOD_ROWS), importer)

    assert result.ok
    assert (result.rows, result.created, result.already_known, result.accompaniments_opened) == (3, 3, 0, 2)
    assert JobSeeker.objects.count() == 3
    amina = JobSeeker.objects.get(actiris_number="1234567")
    assert (amina.last_name, amina.first_name, amina.birth_date) == ("Dupont", "Amina", datetime.date(1990, 5, 15))
    assert amina.referral_source == ReferralSource.ACTIRIS
    assert amina.actiris_referral_date == datetime.date(2024, 9, 2)
    assert amina.niss == "90051512490"
    assert amina.phone == "+32470123456"
    assert amina.postcode == "1000"
    assert amina.created_by == importer
    assert amina.history.get().history_user == importer
    youssef = JobSeeker.objects.get(actiris_number="1234568")
    assert youssef.niss is None
    assert not youssef.accompaniments.exists()
    assert JobSeeker.objects.get(actiris_number="1234569").phone == "+3225112233"

    accompaniments = Accompaniment.objects.order_by("started_on")
    assert [a.job_seeker.actiris_number for a in accompaniments] == ["1234567", "1234569"]
    first = accompaniments[0]
    assert first.counsellor == conseiller
    assert first.status == AccompanimentStatus.OPEN
    assert (first.started_on, first.planned_end_on) == (datetime.date(2024, 9, 2), datetime.date(2025, 9, 2))
    assert first.referral_source == ReferralSource.ACTIRIS
    assert first.history.get().history_user == importer


@pytest.mark.parametrize(
    "column, value, message",
    [
        ("niss", BAD_NISS, "Les chiffres de contrôle de ce NISS sont erronés."),
        ("postcode", "4000", "Ce code postal n’est pas dans la Région de Bruxelles-Capitale (1000 à 1299)."),
        ("birth_date", "31/02/1990", "Cette date n’existe pas."),
        ("phone", "12", "Ce numéro de téléphone n’est pas valide."),
        ("counsellor", "inconnu", "Aucun membre du personnel actif n’a cet identifiant."),
    ],
)
def test_a_file_with_one_bad_row_imports_nothing_and_lists_the_error(
    tmp_path, importer, conseiller, column, value, message
):
    rows = [with_cell(GOOD_ROWS[0], column, value), *GOOD_ROWS[1:]]

    result = import_file(write_csv(tmp_path, rows), importer)

    assert not result.ok
    assert result.errors == [RowError(2, column, message)]
    assert (result.created, result.already_known, result.accompaniments_opened) == (0, 0, 0)
    assert JobSeeker.objects.count() == 0
    assert Accompaniment.objects.count() == 0


@pytest.mark.parametrize(
    "column, value, message",
    [
        (
            "birth_date",
            "1990-05-16",
            "Ce NISS indique une naissance le 15/05/1990, mais la date de naissance saisie est le 16/05/1990.",
        ),
        ("gender", "M", "Ce NISS est celui d’une femme (numéro d’ordre pair), mais le dossier indique un homme."),
    ],
)
def test_a_niss_that_contradicts_its_row_imports_nothing(tmp_path, importer, conseiller, column, value, message):
    """The file form's rule holds in the import: the NISS must agree with the row's birth date and sex."""
    rows = [with_cell(GOOD_ROWS[0], column, value), *GOOD_ROWS[1:]]

    result = import_file(write_csv(tmp_path, rows), importer)

    assert not result.ok
    assert result.errors == [RowError(2, "niss", message)]
    assert JobSeeker.objects.count() == 0


@pytest.mark.parametrize(
    "staff",
    [
        {"psychologist": True},
        {"employer_relations": True},
        {"administrator": True},
        {"administrator": True, "is_superuser": True},
        {"manager": True},
        {"counsellor": True, "profession": Profession.SOCIAL_WORKER},
    ],
    ids=["psychologist", "employer-officer", "administrator", "superuser", "manager", "social-worker"],
)
def test_only_a_counsellor_with_a_caseload_may_be_named_as_in_the_web_form(tmp_path, importer, conseiller, staff):
    """Issue 12, item 9: the same staff as the counsellor choice of the web form (counsellor_choices)."""
    named = UserFactory(username="nomme", **staff)
    assert named not in counsellor_choices()
    rows = [GOOD_ROWS[0], with_cell(GOOD_ROWS[2], "counsellor", "nomme")]

    result = import_file(write_csv(tmp_path, rows), importer)

    assert result.errors == [RowError(3, "counsellor", "Ce membre du personnel n’a pas de portefeuille.")]
    assert JobSeeker.objects.count() == 0
    assert Accompaniment.objects.count() == 0


def test_the_command_and_the_upload_refuse_a_psychologist_as_counsellor(client, tmp_path, importer, conseiller):
    UserFactory(psychologist=True, username="psy01")
    path = write_csv(tmp_path, [with_cell(GOOD_ROWS[0], "counsellor", "psy01")])
    err = io.StringIO()

    with pytest.raises(CommandError):
        call_command("import_referrals", str(path), "--user", "coordinatrice", stderr=err)
    assert err.getvalue().splitlines() == [
        "Ligne 2, colonne counsellor : Ce membre du personnel n’a pas de portefeuille."
    ]
    client.force_login(importer)
    content = upload(client, path).content.decode()
    assert "Rien n’a été importé" in content and "Ce membre du personnel n’a pas de portefeuille." in content
    assert JobSeeker.objects.count() == 0


def test_every_error_of_the_file_is_listed(tmp_path, importer, conseiller):
    rows = [
        GOOD_ROWS[0],
        with_cell(with_cell(GOOD_ROWS[1], "birth_date", ""), "gender", "H"),
        with_cell(GOOD_ROWS[2], "actiris_number", "1234567"),
    ]

    result = import_file(write_csv(tmp_path, rows), importer)

    assert result.errors == [
        RowError(3, "birth_date", "Cette colonne est obligatoire."),
        RowError(3, "gender", "Écrivez F, M ou X."),
        RowError(4, "actiris_number", "Ce numéro Actiris figure déjà à la ligne 2."),
    ]
    assert JobSeeker.objects.count() == 0


def test_header_errors(tmp_path, importer):
    header = [name for name in HEADER if name != "referral_date"] + ["nis"]
    rows = [row[: len(header) - 1] + [""] for row in GOOD_ROWS]

    result = import_file(write_csv(tmp_path, rows, header=header), importer)

    assert result.errors == [
        RowError(1, "nis", "Colonne inconnue : voyez le format documenté."),
        RowError(1, "referral_date", "Cette colonne obligatoire est absente."),
    ]


def test_a_row_with_missing_cells_is_an_error(tmp_path, importer):
    path = tmp_path / "short.csv"
    path.write_text(",".join(HEADER) + "\n" + ",".join(GOOD_ROWS[1]) + "\n\n1234570,Peeters\n", encoding="utf-8")

    result = import_file(path, importer)

    assert result.errors == [RowError(4, "", "Cette ligne a 2 cellules ; la ligne d’en-tête en a 13.")]


def test_the_same_file_twice_adds_nothing(tmp_path, importer, conseiller):
    path = write_csv(tmp_path, GOOD_ROWS)
    import_file(path, importer)

    result = import_file(path, importer)

    assert result.ok
    assert (result.created, result.already_known, result.accompaniments_opened) == (0, 3, 0)
    assert JobSeeker.objects.count() == 3
    assert Accompaniment.objects.count() == 2


def test_existing_files_are_matched_and_left_as_they_are(tmp_path, importer, conseiller):
    by_niss = JobSeekerFactory(niss="90051512490", actiris_number="", last_name="Dupont-Martin")
    JobSeekerFactory(
        actiris_number="", last_name="EL AMRANI", first_name="Youssef", birth_date=datetime.date(2002, 11, 3)
    )
    AccompanimentFactory(job_seeker=by_niss, started_on=datetime.date(2024, 1, 10))

    result = import_file(write_csv(tmp_path, GOOD_ROWS), importer)

    assert (result.created, result.already_known, result.accompaniments_opened) == (1, 2, 1)
    assert JobSeeker.objects.count() == 3
    by_niss.refresh_from_db()
    assert (by_niss.last_name, by_niss.actiris_number) == ("Dupont-Martin", "")
    # Already accompanied: no second accompaniment.
    assert by_niss.accompaniments.count() == 1


def test_an_accompaniment_is_opened_for_a_known_person_without_one(tmp_path, importer, conseiller):
    known = JobSeekerFactory(actiris_number="1234567")
    AccompanimentFactory(job_seeker=known, started_on=datetime.date(2022, 3, 1), closed=True)

    result = import_file(write_csv(tmp_path, GOOD_ROWS[:1]), importer)

    assert (result.created, result.already_known, result.accompaniments_opened) == (0, 1, 1)
    opened = known.accompaniments.open().get()
    assert (opened.counsellor, opened.started_on) == (conseiller, datetime.date(2024, 9, 2))


def test_no_accompaniment_again_when_one_started_on_the_referral_date(tmp_path, importer, conseiller):
    known = JobSeekerFactory(actiris_number="1234567")
    AccompanimentFactory(job_seeker=known, started_on=datetime.date(2024, 9, 2), closed=True)

    result = import_file(write_csv(tmp_path, GOOD_ROWS[:1]), importer)

    assert (result.already_known, result.accompaniments_opened) == (1, 0)
    assert known.accompaniments.count() == 1


def test_a_failure_while_importing_rolls_everything_back(tmp_path, conseiller):
    # A counsellor importing (not a manager) may not fill a caseload beyond capacity: 0.01 FTE → 2 files, of
    # which 1 referred by Actiris; the one already there came spontaneously, so the second line fills the caseload.
    conseiller.fte = Decimal("0.01")
    conseiller.save()
    AccompanimentFactory(counsellor=conseiller, referral_source="spontaneous")
    rows = [with_cell(row, "counsellor", "conseiller01") for row in GOOD_ROWS]

    result = import_file(write_csv(tmp_path, rows), conseiller)

    assert result.errors == [
        RowError(
            3,
            "",
            f"Le portefeuille de {conseiller} est complet : 2 accompagnements ouverts pour une capacité de 2 "
            "(150 par temps plein, 0,01 ETP). Seule la coordination peut attribuer au-delà de la capacité.",
        )
    ]
    assert (result.created, result.already_known, result.accompaniments_opened) == (0, 0, 0)
    assert JobSeeker.objects.count() == 1  # the factory's
    assert Accompaniment.objects.count() == 1


def test_semicolons_and_dd_mm_yyyy_dates(tmp_path, importer, conseiller):
    rows = [
        with_cell(with_cell(row, "birth_date", "15/05/1990"), "referral_date", "02/09/2024") for row in GOOD_ROWS[:1]
    ]
    rows.append(with_cell(GOOD_ROWS[1], "street", '"Rue de Flandre 3; boîte 2"'))

    result = import_file(write_csv(tmp_path, rows, delimiter=";"), importer)

    assert result.ok, result.errors
    amina = JobSeeker.objects.get(actiris_number="1234567")
    assert (amina.birth_date, amina.actiris_referral_date) == (datetime.date(1990, 5, 15), datetime.date(2024, 9, 2))
    assert JobSeeker.objects.get(actiris_number="1234568").street == "Rue de Flandre 3; boîte 2"


def test_a_byte_order_mark_is_accepted(tmp_path, importer, conseiller):
    path = write_csv(tmp_path, GOOD_ROWS, delimiter=";", bom=True)
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")

    result = import_file(path, importer)

    assert result.ok, result.errors
    assert result.created == 3


# The command


def test_command_imports_and_prints_a_french_summary(tmp_path, importer, conseiller):
    out = io.StringIO()

    call_command("import_referrals", str(write_csv(tmp_path, GOOD_ROWS)), "--user", "coordinatrice", stdout=out)

    assert out.getvalue().splitlines() == [
        "Import terminé : 3 orientations.",
        "Nouveaux dossiers : 3",
        "Dossiers déjà connus : 0",
        "Accompagnements ouverts : 2",
    ]
    assert JobSeeker.objects.count() == 3


def test_command_lists_the_errors_and_exits_with_status_1(tmp_path, importer, conseiller):
    rows = [with_cell(GOOD_ROWS[0], "niss", BAD_NISS), *GOOD_ROWS[1:]]
    err = io.StringIO()

    with pytest.raises(CommandError) as raised:
        call_command("import_referrals", str(write_csv(tmp_path, rows)), "--user", "coordinatrice", stderr=err)

    assert str(raised.value) == "Rien n’a été importé : 1 erreur."
    assert raised.value.returncode == 1
    assert err.getvalue().splitlines() == ["Ligne 2, colonne niss : Les chiffres de contrôle de ce NISS sont erronés."]
    assert JobSeeker.objects.count() == 0


def test_command_needs_a_manager(tmp_path, conseiller):
    path = write_csv(tmp_path, GOOD_ROWS)

    with pytest.raises(CommandError, match="Seule la coordination peut importer des listes d’orientations."):
        call_command("import_referrals", str(path), "--user", "conseiller01")
    with pytest.raises(CommandError, match="Aucun membre du personnel actif n’a l’identifiant personne."):
        call_command("import_referrals", str(path), "--user", "personne")
    assert JobSeeker.objects.count() == 0


def test_command_refuses_a_file_that_is_not_utf8(tmp_path, importer):
    path = tmp_path / "latin1.csv"
    path.write_bytes(",".join(HEADER).encode() + b"\n1234567,Lef\xe8vre\n")

    with pytest.raises(CommandError, match="Ce fichier n’est pas du texte UTF-8"):
        call_command("import_referrals", str(path), "--user", "coordinatrice")


# The upload page

URL = reverse("accompaniment:import_referrals")


def upload(client, path, name=None):
    with path.open("rb") as handle:
        return client.post(URL, {"file": SimpleUploadedFile(name or path.name, handle.read(), "text/csv")})


def test_page_shows_the_form_and_the_format(client, importer):
    client.force_login(importer)

    response = client.get(URL)

    assert response.status_code == 200
    content = response.content.decode()
    assert "Importer des orientations Actiris" in content
    assert 'type="file"' in content
    assert "Format du fichier" in content
    assert "<code>referral_date</code>" in content
    assert "Date de l’orientation par Actiris, JJ/MM/AAAA ou AAAA-MM-JJ" in content


def test_upload_as_a_manager_imports_the_file(client, tmp_path, importer, conseiller):
    client.force_login(importer)

    response = upload(client, write_csv(tmp_path, GOOD_ROWS, delimiter=";", bom=True))

    assert response.status_code == 200
    content = response.content.decode()
    assert "Import terminé" in content
    assert "Nouveaux dossiers" in content
    assert response.context["result"].created == 3
    assert JobSeeker.objects.count() == 3
    assert Accompaniment.objects.filter(counsellor=conseiller).count() == 2


def test_upload_with_an_error_shows_the_table_in_french(client, tmp_path, importer, conseiller):
    client.force_login(importer)
    rows = [GOOD_ROWS[0], with_cell(GOOD_ROWS[1], "postcode", "4000"), GOOD_ROWS[2]]

    response = upload(client, write_csv(tmp_path, rows))

    assert response.status_code == 200
    content = response.content.decode()
    assert "Rien n’a été importé" in content
    assert "Le fichier contient 1 erreur." in content
    assert '<th scope="row">3</th>' in content
    assert "<code>postcode</code>" in content
    assert "Ce code postal n’est pas dans la Région de Bruxelles-Capitale (1000 à 1299)." in content
    assert JobSeeker.objects.count() == 0


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("referrals.xlsx", b"PK\x03\x04", "Choisissez un fichier CSV (son nom se termine par .csv)."),
        ("referrals.csv", b"actiris_number\n1234567,Lef\xe8vre\n", "Ce fichier n’est pas du texte UTF-8."),
        ("referrals.csv", b"actiris_number\x00\x00", "Ce fichier n’est pas un fichier CSV."),
        ("referrals.csv", b"x" * (5 * 1024 * 1024 + 1), "Ce fichier dépasse 5 Mo : scindez la liste."),
    ],
)
def test_upload_refuses_what_is_not_a_csv_list(client, importer, name, content, message):
    client.force_login(importer)

    response = client.post(URL, {"file": SimpleUploadedFile(name, content, "application/octet-stream")})

    assert response.status_code == 200
    assert message in response.content.decode()
    assert response.context["result"] is None
    assert JobSeeker.objects.count() == 0


def test_upload_without_a_file_is_a_form_error(client, importer):
    client.force_login(importer)

    response = client.post(URL, {})

    assert response.status_code == 200
    assert response.context["form"].errors["file"] == ["Ce champ est obligatoire."]


def test_a_counsellor_may_not_import(client, tmp_path, conseiller):
    client.force_login(conseiller)

    assert client.get(URL).status_code == 403
    assert upload(client, write_csv(tmp_path, GOOD_ROWS)).status_code == 403
    assert JobSeeker.objects.count() == 0


@pytest.mark.parametrize("role", ["director", "administrator"])
def test_other_roles_may_not_import(client, db, role):
    client.force_login(UserFactory(**{role: True}))

    assert client.get(URL).status_code == 403
