"""The privacy rows of the bad-input tests (tests/test_bad_input.py), as in tests/privacy/matrix.py."""

from privacy import forms as privacy_forms
from tests.bad_input import A, Target, _url, form_fields

TARGETS = {
    # The matrix's file has no open request: a valid one is recorded (302), then refused as a second one (200).
    "privacy:access_request_create": Target(
        privacy_forms.AccessRequestForm,
        form_fields(privacy_forms.AccessRequestForm),
        _url("privacy:access_request_create", A, "file"),
        base=lambda o: {"requester": "Elle-même", "identity_check": "id_card", "requested_on": "2024-01-10"},
    ),
    # Erasure is refused while an accompaniment is open, as in the scenario: no payload is accepted.
    # One-click actions: no open request on the matrix's file, so each answers with a redirect and changes nothing.
    "privacy:access_request_answer": Target(
        None, [], _url("privacy:access_request_answer", A, "file"), accepts_base=False
    ),
    "privacy:access_request_notes": Target(
        None, ["release"], _url("privacy:access_request_notes", A, "file"), accepts_base=False
    ),
    "privacy:erase": Target(
        privacy_forms.ErasureForm,
        form_fields(privacy_forms.ErasureForm),
        _url("privacy:erase", A, "file"),
        base=lambda o: {"reason": "Demande écrite", "confirm": "on"},
        accepts_base=False,
    ),
}
