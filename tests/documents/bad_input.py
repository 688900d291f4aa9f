"""Bad input for the documents app's POST URLs (tests/test_bad_input.py): hostile kinds, dates, matchings and
programmes next to a real PDF; hostile file contents and names are tests/documents/test_upload.py."""

from documents.forms import DocumentForm
from tests.bad_input import Target, _url, form_fields
from tests.documents.factories import PDF

D = "documents"


class ReusableUpload:
    """A file the test client reads again at each post (a SimpleUploadedFile is read once)."""

    name = "CV.pdf"
    content_type = "application/pdf"

    def read(self, *args) -> bytes:
        return PDF


TARGETS = {
    "documents:document_upload": Target(
        DocumentForm,
        form_fields(DocumentForm),
        _url("documents:document_upload", D, "document_file"),
        base=lambda o: {"kind": "cv", "dated_on": "2024-03-01", "file": ReusableUpload()},
    ),
    # A one-click action: the first post deletes the document, every later one finds it gone (404).
    "documents:document_delete": Target(None, [], _url("documents:document_delete", D, "document")),
}
