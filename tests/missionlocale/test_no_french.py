"""The Dutch and English interfaces show no French: every main page of every role, read in NL and in EN, holds no
sentence of the French catalogue that is not also Dutch (or English) text.

The French sentences are those of locale/fr/LC_MESSAGES/django.mo: each translation whose words differ from the
Dutch and the English ones, cut at its placeholders, kept when a fragment is long enough (two words, 12 characters)
not to be a name or a word both languages share. A few French words the catalogue holds only inside longer
sentences are checked on their own.
"""

import gettext
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models
from django.urls import reverse

from accompaniment.enums import SystemNote
from tests.accompaniment.factories import OutcomeFactory
from tests.e2e.test_accessibility import _pages
from tests.matrix import ALL_ROLES
from tests.missionlocale.factories import UserFactory
from tests.test_permission_matrix import APP_MATRICES
from tests.workshops.factories import MeetingFactory

ROLES = [*ALL_ROLES, "employer_relations", "deies_supervisor"]
MARKER_WORDS = ["décroissant", "croissant", "Engagé·e", "Enregistrer", "Rechercher", "Aucun", "Aucune"]
# The reference lists are data in the language they were entered in (partners, modules, worksites…), not the
# interface: their texts are taken out of a page before looking for French.
REFERENCE_MODELS = [
    "accompaniment.Partner",
    "accompaniment.LocalProject",
    "workshops.Funder",
    "workshops.Module",
    "employers.Worksite",
    "employers.CertificationKind",
]
PLACEHOLDER = re.compile(r"%\(\w+\)[sdi]|%[sdi]|\{[^}]*\}|<[^>]*>|\n")
ATTRIBUTES = {"title", "aria-label", "placeholder", "alt"}


def _catalogue(language) -> dict:
    path = Path(settings.BASE_DIR) / "locale" / language / "LC_MESSAGES" / "django.mo"
    with path.open("rb") as file:
        return gettext.GNUTranslations(file)._catalog


def _french_fragments() -> set[str]:
    french, dutch, english = _catalogue("fr"), _catalogue("nl"), _catalogue("en")
    # Text that is also Dutch or English (a partner's name, "Actiris", "DEIES") is not a sign of French.
    elsewhere = " ".join([*dutch.values(), *english.values(), *(k if isinstance(k, str) else k[0] for k in english)])
    fragments = set()
    for key, text in french.items():
        if not key or text in (dutch.get(key), english.get(key), key if isinstance(key, str) else key[0]):
            continue
        for fragment in PLACEHOLDER.split(text):
            fragment = fragment.strip(" .,:;!?()«»“”—–-·/")
            if len(fragment) >= 12 and " " in fragment and fragment not in elsewhere:
                fragments.add(fragment)
    return fragments


class _Text(HTMLParser):
    """The words a reader sees or hears: text outside scripts and styles, and the labels of attributes."""

    def __init__(self):
        super().__init__()
        self.parts, self._skip = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        self.parts += [value for name, value in attrs if name in ATTRIBUTES and value]

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def _text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return re.sub(r"\s+", " ", " ".join(parser.parts))


def _reference_texts() -> list[str]:
    texts = set()
    for label in REFERENCE_MODELS:
        model = apps.get_model(label)
        names = [f.name for f in model._meta.concrete_fields if isinstance(f, models.CharField | models.TextField)]
        for row in model.objects.values_list(*names):
            texts.update(re.sub(r"\s+", " ", value) for value in row if value)
    return sorted(texts, key=len, reverse=True)


def french_in(text: str, fragments: set[str]) -> list[str]:
    found = sorted(fragment for fragment in fragments if fragment in text)
    found += [word for word in MARKER_WORDS if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", text)]
    return found


@pytest.fixture(scope="module")
def fragments():
    return _french_fragments()


@pytest.fixture
def world(db, settings, tmp_path):
    """The permission matrix's scenario, as the accessibility test builds it, and a hire the product noted."""
    settings.MEDIA_ROOT = tmp_path
    users = {role: UserFactory(**{role: True}) for role in ROLES}
    objects = {matrix.__name__.split(".")[1]: matrix.make_objects(users) for matrix in APP_MATRICES}
    objects["users"] = users
    MeetingFactory(session=objects["workshops"]["session"])
    OutcomeFactory(
        accompaniment=objects["accompaniment"]["accompaniment"],
        system_note=SystemNote.HIRED_AFTER_MATCHING,
        system_note_params={"offer": "Magasinier"},
    )
    return users, objects


def test_the_french_catalogue_gives_enough_sentences_to_look_for(fragments):
    assert len(fragments) > 500
    assert "Rechercher un dossier" in fragments


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("role", ROLES)
def test_no_french_on_the_main_pages(client, world, fragments, role, language):
    users, objects = world
    client.force_login(users[role])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    reference = _reference_texts()
    problems = []
    # The page behind a reminder's link speaks the language of the person it reminds, not the staff member's.
    reminder_page = reverse("accompaniment:reminder_answer", args=[objects["accompaniment"]["reminder_token"]])
    for path in _pages(role, objects):
        if path == reminder_page:
            continue
        response = client.get(path, follow=True)  # the administrator's home is the admin's index
        assert response.status_code == 200, path
        text = _text(response.content.decode())
        for value in reference:
            text = text.replace(value, " ")
        found = french_in(text, fragments)
        if found:
            problems.append(f"{path}: {found}")
    assert problems == [], "\n".join(problems)


def test_the_check_sees_french(fragments):
    assert french_in(_text("<p>Trier par <select><option>nom (décroissant)</option></select></p>"), fragments)
    assert french_in(_text('<a title="Rechercher un dossier">?</a>'), fragments)
    assert not french_in(_text("<p>Sorteren op naam (aflopend)</p>"), fragments)
