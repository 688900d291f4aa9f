"""Notes the product writes itself are stored as a code and read in the reader's language; the sort labels of the
caseload too."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.conf import settings
from django.urls import reverse
from django.utils import translation

from accompaniment.enums import SystemNote
from accompaniment.models import Outcome, system_note_text
from employers import services
from employers.enums import MatchingStatus
from tests.accompaniment.factories import AccompanimentFactory, OutcomeFactory
from tests.employers.factories import JobOfferFactory, MatchingFactory
from tests.missionlocale.factories import UserFactory

D = datetime.date
data_migration = importlib.import_module("accompaniment.migrations.0012_outcome_system_note_data")


@pytest.fixture
def hire(db):
    """A hire recorded from a matching by an employer officer working in French."""
    officer = UserFactory(employer_relations=True)
    accompaniment = AccompanimentFactory(started_on=D(2024, 1, 1))
    matching = MatchingFactory(
        job_seeker=accompaniment.job_seeker, offer=JobOfferFactory(contract_type="cdd", title="Magasinier")
    )
    services.matching_move(
        matching=matching, status=MatchingStatus.HIRED, acting_user=officer, changed_on=D(2024, 4, 2)
    )
    with translation.override("fr"):
        outcome = services.matching_record_outcome(matching=matching, acting_user=officer)
    return accompaniment, outcome


def test_a_hire_from_a_matching_keeps_a_code_and_the_offer_not_a_sentence(hire):
    _accompaniment, outcome = hire
    outcome.refresh_from_db()

    assert (outcome.note, outcome.system_note) == ("", SystemNote.HIRED_AFTER_MATCHING)
    assert outcome.system_note_params == {"offer": "Magasinier"}


@pytest.mark.parametrize(
    ("language", "shown", "not_shown"),
    [
        ("nl", "Aangeworven na een matching: Magasinier", "Engagé·e après"),
        ("en", "Hired after a matching: Magasinier", "Engagé·e après"),
        ("fr", "Engagé·e après une mise en relation : Magasinier", "Hired after"),
    ],
)
def test_the_timeline_says_the_hire_in_the_readers_language(client, hire, language, shown, not_shown):
    accompaniment, _outcome = hire
    client.force_login(accompaniment.counsellor)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language

    page = client.get(reverse("accompaniment:file_detail", args=[accompaniment.job_seeker_id])).content.decode()

    assert shown in page
    assert not_shown not in page


def test_a_note_whose_details_were_erased_still_reads(db):
    with translation.override("nl"):
        assert system_note_text(SystemNote.HIRED_AFTER_MATCHING, None) == "Aangeworven na een matching"
        assert system_note_text(SystemNote.HIRED_AFTER_MATCHING, {"offer": "Kok"}) == (
            "Aangeworven na een matching: Kok"
        )


def test_the_data_migration_turns_the_written_sentences_into_codes(db):
    french = OutcomeFactory(note="Engagé·e après une mise en relation : Aide-cuisinier")
    dutch = OutcomeFactory(note="Aangeworven na een matching: Kok")
    english = OutcomeFactory(note="Hired after a matching: Driver")
    staff_note = OutcomeFactory(note="Engagée chez Delhaize après son stage.")

    data_migration.forwards(apps, None)

    rows = {o.pk: (o.note, o.system_note, o.system_note_params) for o in Outcome.objects.all()}
    assert rows[french.pk] == ("", "hired_after_matching", {"offer": "Aide-cuisinier"})
    assert rows[dutch.pk] == ("", "hired_after_matching", {"offer": "Kok"})
    assert rows[english.pk] == ("", "hired_after_matching", {"offer": "Driver"})
    assert rows[staff_note.pk] == ("Engagée chez Delhaize après son stage.", "", None)

    data_migration.backwards(apps, None)
    assert Outcome.objects.get(pk=dutch.pk).note == "Engagé·e après une mise en relation : Kok"


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("nl", ["resterende dagen", "resterende dagen (aflopend)", "naam", "naam (aflopend)"]),
        ("en", ["days left", "days left (descending)", "name", "name (descending)"]),
        ("fr", ["jours restants", "jours restants (décroissant)", "nom", "nom (décroissant)"]),
    ],
)
def test_the_caseload_sort_labels_are_in_the_readers_language(client, counsellor, language, expected):
    client.force_login(counsellor)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language

    response = client.get(reverse("accompaniment:caseload"))

    labels = [str(label) for _value, label in response.context["filter"].form.fields["ordering"].choices]
    assert labels[:4] == expected


def test_a_change_reason_the_product_wrote_is_read_in_the_readers_language():
    from accompaniment.history import _reason

    with translation.override("nl"):
        assert _reason("seat freed") == "Er kwam een plaats vrij: uitgenodigd vanaf de wachtlijst"
    with translation.override("fr"):
        assert _reason("seat freed") == "Une place s’est libérée : invité·e depuis la liste d’attente"
        assert _reason("Réaffectation : départ de Karim") == "Réaffectation : départ de Karim"
        assert _reason(None) == ""
