"""What each field of a person-related model is, declared once on the model and read everywhere.

Each model that holds data about a person (the job seeker's file and every row that leads to it, the EPN
visitor) declares ``PERSONAL_DATA``: a mapping from each of its fields to a ``Kind``. It is plain data in
the domain app; the right-of-access export and the anonymisation (``privacy/``) and the file's history page
read it, so a field cannot reach them without being classified (``tests/privacy/test_classification.py``
fails on a field that is not). It lives in this bottom layer so that every app may declare and read it.
"""

import enum

from django.core.exceptions import ImproperlyConfigured


class Kind(enum.Enum):
    # Identifies or describes the person (names, birth date, contact data, safe-contact flags): erased when
    # the file is anonymised.
    PERSONAL = "personal"
    # Personal and shown to few readers (the NISS, the address a safe-contact file hides, a confidential
    # interview note): erased when the file is anonymised and masked in the history for other readers.
    PROTECTED = "protected"
    # Words staff wrote about the person (notes, purposes, reasons): erased when the file is anonymised.
    FREE_TEXT = "free_text"
    # About the person but kept after anonymisation, because past reports count it and it does not tell
    # who they are: dates, kinds, levels, statuses and the links between rows.
    KEPT = "kept"
    # The product's own bookkeeping (derived search keys, versions, who created the row): neither exported
    # nor shown in the history; a derived key is recomputed by the anonymisation.
    INTERNAL = "internal"


# Erased when a file is anonymised.
ERASED_KINDS = frozenset({Kind.PERSONAL, Kind.PROTECTED, Kind.FREE_TEXT})


def declared_fields(model) -> list:
    """The model's fields a declaration must cover: concrete and many-to-many, the primary key aside."""
    fields = [*model._meta.concrete_fields, *model._meta.many_to_many]
    return [field for field in fields if not field.primary_key]


def classification(model) -> dict[str, Kind]:
    """The model's ``PERSONAL_DATA``, in declaration order; refused if a field is missing or unknown."""
    declared = getattr(model, "PERSONAL_DATA", None)
    if declared is None:
        raise ImproperlyConfigured(f"{model._meta.label} declares no PERSONAL_DATA.")
    names = {field.name for field in declared_fields(model)}
    missing, unknown = names - set(declared), set(declared) - names
    if missing or unknown:
        raise ImproperlyConfigured(
            f"{model._meta.label}.PERSONAL_DATA: unclassified {sorted(missing)}, unknown {sorted(unknown)}."
        )
    return dict(declared)


def fields_of_kind(model, *kinds: Kind) -> list[str]:
    """The names of the model's fields of these kinds, in declaration order."""
    return [name for name, kind in classification(model).items() if kind in kinds]
