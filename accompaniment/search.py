"""Finding a person: what a typed query matches, on SQLite and on PostgreSQL.

A query finds a file by its name in any word order and without accents (every word typed must be in the file's
``name_key``, the accent-free "last first" key kept on every database), by its phone number in any format, its
email, its NISS or BIS number (dots and dashes or not) and its Actiris number. On PostgreSQL a word with a small
typo ("gofin", "goffinn") finds the name too: ``pg_trgm``'s strict word similarity (a whole word of the name at
least 0.5 similar; the looser word similarity let "celia" find "Celine") on ``name_key``, served by its GIN trigram
index (migration 0011), the word folded by ``unaccent``. A typo in a name's first letters ("selia") changes too
many trigrams to be found. SQLite has no such tool: there a name must be typed without typos.
"""

import re

import phonenumbers
from django.db.models import Q, Value
from rapidfuzz import fuzz

from accompaniment.niss import name_key, niss_normalise

# Shorter words have too few trigrams to be compared: they must be typed as they are.
FUZZY_MIN_LENGTH = 4
PHONE_CHARACTERS = re.compile(r"^\+?[\d\s./()-]+$")


def query_words(query: str) -> list[str]:
    """The words of a query, lower-case, accents kept (each database folds them its own way)."""
    return [word for word in re.split(r"[\W_]+", (query or "").lower()) if word]


def query_phone(query: str) -> str:
    """The query as an E.164 phone number when it reads as one ("0470 12 34 56", "+32 470/12.34.56"), else ""."""
    if not PHONE_CHARACTERS.match(query) or len(niss_normalise(query)) < 8:
        return ""
    try:
        number = phonenumbers.parse(query, "BE")
    except phonenumbers.NumberParseException:
        return ""
    if not phonenumbers.is_valid_number(number):
        return ""
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def search_condition(query: str, *, vendor: str) -> Q | None:
    """The condition on ``JobSeeker`` for what was typed; None when nothing was typed."""
    query = (query or "").strip()
    if not query:
        return None
    condition = Q()
    if not re.search(r"\s", query) and re.search(r"\d", query):
        # An Actiris number is one word with digits; compared as stored (an index serves it), or upper-cased.
        condition |= Q(actiris_number__in={query, query.upper()})
    digits = niss_normalise(query)
    if len(digits) == 11:
        condition |= Q(niss=digits)
    if "@" in query:
        condition |= Q(email__iexact=query)
    phone = query_phone(query)
    if phone:
        condition |= Q(phone=phone)
    words = query_words(query)
    if words and any(not word.isdigit() for word in words) and "@" not in query:
        condition |= _names_condition(words, vendor=vendor)
    # Nothing to look for (punctuation only): no file, rather than every file.
    return condition or Q(pk__in=[])


def _names_condition(words: list[str], *, vendor: str) -> Q:
    """Every word in the name, in any order; on PostgreSQL a word of 4 letters or more may have a small typo."""
    names = Q()
    for word in words:
        if vendor == "postgresql":
            from django.contrib.postgres.lookups import Unaccent

            folded = Unaccent(Value(word))
            word_condition = Q(name_key__contains=folded)
            if len(word) >= FUZZY_MIN_LENGTH:
                word_condition |= Q(name_key__trigram_strict_word_similar=folded)
        else:
            word_condition = Q(name_key__contains=name_key(word))
        names &= word_condition
    return names


def similarity_to(query: str):
    """On PostgreSQL, how close the name is to the words typed (to list the closest first)."""
    from django.contrib.postgres.lookups import Unaccent
    from django.contrib.postgres.search import TrigramStrictWordSimilarity

    return TrigramStrictWordSimilarity(Unaccent(Value(" ".join(query_words(query)))), "name_key")


# Names this close (0–100, rapidfuzz's token sort ratio on the keys with doubled letters made single) with the same
# birth date are likely the same person: Verbeek / Verbeke 95, Mohamed / Mohammed 100, Muhammad / Mohamed 82;
# Dupont / Dupuis 75 and Célia / Cécile 78 are not.
NEAR_DUPLICATE_SCORE = 80


def _spelling_key(key: str) -> str:
    return re.sub(r"(.)\1+", r"\1", key)


def name_closeness(key: str, other_key: str) -> float:
    """How close two name keys are, whatever the word order, doubled letters and small spelling differences."""
    return fuzz.token_sort_ratio(_spelling_key(key), _spelling_key(other_key))
