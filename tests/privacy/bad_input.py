"""The privacy rows of the bad-input tests (tests/test_bad_input.py), as in tests/privacy/matrix.py."""

from privacy import forms as privacy_forms
from tests.bad_input import A, Target, _url, form_fields

TARGETS = {
    # Erasure is refused while an accompaniment is open, as in the scenario: no payload is accepted.
    "privacy:erase": Target(
        privacy_forms.ErasureForm,
        form_fields(privacy_forms.ErasureForm),
        _url("privacy:erase", A, "file"),
        base=lambda o: {"reason": "Demande écrite", "confirm": "on"},
        accepts_base=False,
    ),
}
