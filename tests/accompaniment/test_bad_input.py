"""Hostile CSV files posted to the referral import (the other bad-input tests: tests/test_bad_input.py)."""

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from accompaniment.models import JobSeeker
from tests.bad_input import SCRIPT, Poster, _assert_escaped, _watched_tables, hostile_value
from tests.missionlocale.factories import UserFactory

HEADER = "actiris_number;last_name;first_name;birth_date;referral_date;postcode;niss;phone;email;counsellor;gender"
GOOD_ROW = "7654321;Dupont;Amina;15/05/1999;02/09/2024;1000;;0470 12 34 56;amina@example.org;;F"
csv_cell = hostile_value.map(lambda value: value.replace(";", ",")[:200])


def _csv_with(cells: list[str]) -> str:
    """The good row with its first cells replaced by hostile ones."""
    row = GOOD_ROW.split(";")
    row[: len(cells)] = cells
    return f"{HEADER}\n{';'.join(row)}\n"


csv_upload = st.one_of(
    st.binary(max_size=3000),  # garbage
    st.builds(lambda cells: _csv_with(cells).encode("latin-1", errors="replace"), st.lists(csv_cell, max_size=11)),
    st.builds(lambda cells: _csv_with(cells).encode("utf-16"), st.lists(csv_cell, max_size=11)),
    st.builds(lambda cells: _csv_with(cells).encode("utf-8"), st.lists(csv_cell, min_size=1, max_size=11)),
    st.builds(
        lambda header, cells: f"{header}\n{';'.join(cells)}\n".encode(),
        st.sampled_from([HEADER, SCRIPT, f"{HEADER};{SCRIPT}", HEADER.replace(";", ","), "\ufeff" + HEADER]),
        st.lists(csv_cell, max_size=12),
    ),
)


def _upload(content: bytes, name="referrals.csv"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="text/csv")


@pytest.fixture
def importer(db):
    return Poster(Client(), UserFactory(manager=True), _watched_tables())


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("actiris_number;last_name\n1;Müller\n".encode("latin-1"), "UTF-8"),
        (f"{HEADER}\n{GOOD_ROW}\n".encode("utf-16"), "UTF-8"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "UTF-8"),
        (b"actiris_number;last_name\x00\n", "pas un fichier CSV"),
    ],
    ids=["latin-1", "utf-16", "binary", "nul"],
)
def test_an_import_in_a_wrong_encoding_is_refused_in_french_and_imports_nothing(importer, content, message):
    url = reverse("accompaniment:import_referrals")
    assert not importer.post(url, {"file": _upload(content)}, what="import")
    assert message in importer.last.content.decode()


def test_an_import_with_a_script_in_its_cells_stores_it_and_shows_it_escaped(importer):
    url = reverse("accompaniment:import_referrals")
    content = _csv_with(["7654322", SCRIPT, "<img src=x onerror=alert(1)>"]).encode()
    assert importer.post(url, {"file": _upload(content)}, what="import")
    assert "1" in importer.last.content.decode()

    person = JobSeeker.objects.get(actiris_number="7654322")
    assert person.last_name == SCRIPT
    importer.client.force_login(importer.user)
    page = importer.client.get(reverse("accompaniment:file_detail", args=[person.pk]))
    _assert_escaped(page, "file page")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.content.decode()


def test_hostile_csv_files_never_answer_500_and_a_refused_file_imports_nothing(importer):
    url = reverse("accompaniment:import_referrals")

    @hypothesis_settings(max_examples=25, deadline=None, database=None, derandomize=True)
    @given(content=csv_upload, name=st.sampled_from(["referrals.csv", "REFERRALS.CSV", "referrals.xlsx"]))
    def post_file(content, name):
        importer.post(url, {"file": _upload(content, name)}, what=f"import of {content[:120]!r}")

    post_file()
