"""Every field of a person-related model is classified once (PERSONAL_DATA), and what reads the classification
(the history page, the right-of-access export, the anonymisation) follows it."""

import json

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.urls import reverse

from accompaniment import services
from accompaniment.history import file_history_entries
from accompaniment.models import ActionStep, JobSeeker
from missionlocale.personal_data import Kind, classification, declared_fields
from privacy.anonymisation import ERASED, erased_values
from tests.accompaniment.factories import AccompanimentFactory, JobSeekerFactory
from tests.missionlocale.factories import UserFactory
from tests.privacy.factories import open_access_request
from workshops.models import Visitor

# The fields django-simple-history adds to every version. The anonymisation clears the change reasons.
HISTORY_FIELDS = {"history_id", "history_date", "history_change_reason", "history_type", "history_user"}


def _is_historical(model) -> bool:
    return hasattr(model, "instance_type")


def person_related_models() -> list:
    """Models that lead to a person (a job seeker's file or an EPN visitor) by foreign keys or many-to-many
    fields, at any depth: their rows are about that person."""
    candidates = [
        model
        for model in apps.get_models()
        if not _is_historical(model) and not model._meta.auto_created and model._meta.app_label != "admin"
    ]
    related = {JobSeeker, Visitor}
    grown = True
    while grown:
        grown = False
        for model in candidates:
            if model not in related and any(
                field.related_model in related for field in declared_fields(model) if field.is_relation
            ):
                related.add(model)
                grown = True
    return sorted(related, key=lambda model: model._meta.label)


def test_every_field_of_a_person_related_model_is_classified():
    found = person_related_models()
    labels = {model._meta.label for model in found}
    # The search reaches every app that holds data on people.
    assert {"accompaniment.Interview", "workshops.CoachingSession", "employers.MatchingStatusChange"} <= labels
    errors = []
    for model in found:
        try:
            classification(model)
        except ImproperlyConfigured as error:
            errors.append(str(error))
    assert errors == [], "Classify these fields in the model's PERSONAL_DATA (missionlocale/personal_data.py)"


def test_the_versions_in_the_history_tables_hold_only_classified_fields():
    """A version copies its model's fields (classified there) and adds the history's own; a many-to-many history
    table holds links only."""
    person_related = set(person_related_models())
    checked = 0
    for model in apps.get_models():
        if not _is_historical(model):
            continue
        fields = {field.name for field in model._meta.concrete_fields}
        if "m2m_history_id" in fields:
            texts = [f for f in model._meta.concrete_fields if isinstance(f, models.CharField | models.TextField)]
            assert texts == [], model._meta.label
        elif model.instance_type in person_related:
            extra = fields - set(classification(model.instance_type)) - HISTORY_FIELDS - {"id"}
            assert extra == set(), f"{model._meta.label}: {sorted(extra)}"
            checked += 1
    assert checked >= 8


def test_an_unclassified_field_is_neither_shown_nor_exported(monkeypatch, db):
    person = JobSeekerFactory()
    declaration = dict(JobSeeker.PERSONAL_DATA)
    del declaration["phone"]
    monkeypatch.setattr(JobSeeker, "PERSONAL_DATA", declaration)
    with pytest.raises(ImproperlyConfigured, match="phone"):
        file_history_entries(person, UserFactory(manager=True))
    with pytest.raises(ImproperlyConfigured, match="phone"):
        erased_values(JobSeeker)


def test_the_anonymisation_erases_what_the_declaration_says():
    assert erased_values(JobSeeker, first_name="#1", last_name="Anonyme", name_key="anonyme 1", birth_date=None) == {
        "first_name": "#1",
        "last_name": "Anonyme",
        "name_key": "anonyme 1",
        "birth_date": None,
        "niss": None,
        "actiris_number": "",
        "street": "",
        "postcode": "",
        "commune": "",
        "phone": "",
        "email": "",
        "languages": "",
        "do_not_contact_at_home": False,
        "address_hidden": False,
        "reminder_channel": "",
        "safe_phone": "",
        "safe_email": "",
    }
    # A required text keeps its row and loses its words; a birth date is replaced by the caller, never guessed.
    assert erased_values(ActionStep) == {"description": ERASED}
    with pytest.raises(ImproperlyConfigured, match="birth_date"):
        erased_values(JobSeeker)


def test_the_file_export_follows_the_declaration(client, db):
    person = JobSeekerFactory(niss="85073003328")
    manager = UserFactory(manager=True)
    open_access_request(person, manager)
    client.force_login(manager)
    data = json.loads(client.get(reverse("privacy:personal_data_json", args=[person.pk])).content)
    exported = [name for name, kind in JobSeeker.PERSONAL_DATA.items() if kind is not Kind.INTERNAL]
    assert list(data["file"]) == exported
    assert "name_key" not in data["file"] and "version" not in data["file"]


def test_the_history_masks_a_hidden_address_for_all_but_the_counsellor(client, db):
    """Safe contact: the address a file hides is hidden in its history too, old addresses included; the NISS is
    never shown outside the team; the person's own export has everything."""
    person = JobSeekerFactory(street="Rue des Tanneurs 58", commune="Bruxelles", niss="85073003328")
    accompaniment = AccompanimentFactory(job_seeker=person)
    counsellor = accompaniment.counsellor
    services.job_seeker_update(job_seeker=person, acting_user=counsellor, street="Rue Haute 12", address_hidden=True)
    manager = UserFactory(manager=True)

    client.force_login(manager)
    page = client.get(reverse("accompaniment:file_history", args=[person.pk])).content.decode()
    assert "Rue des Tanneurs" not in page and "Rue Haute" not in page and "Masquée" in page
    assert "85073003328" not in page

    client.force_login(counsellor)
    page = client.get(reverse("accompaniment:file_history", args=[person.pk])).content.decode()
    assert "Rue des Tanneurs 58" in page and "Rue Haute 12" in page

    own = file_history_entries(person, manager, show_protected=True)
    changes = [change for entry in own for change in entry.changes]
    assert ("Rue des Tanneurs 58", "Rue Haute 12") in [(before, after) for _label, before, after in changes]
