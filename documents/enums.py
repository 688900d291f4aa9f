from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    CV = "cv", _("CV")
    IDENTITY = "identity", _("Identity document")
    SIGNED_CPP = "signed_cpp", _("Signed CPP")
    CONTRACT = "contract", _("Contract")
    CERTIFICATE = "certificate", _("Certificate")
    OTHER = "other", _("Other document")


class ContentType(models.TextChoices):
    """The types a document may have, told by its content (documents/content.py); the value is its MIME type."""

    PDF = "application/pdf", "PDF"
    JPEG = "image/jpeg", "JPEG"
    PNG = "image/png", "PNG"
    DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "DOCX"
    ODT = "application/vnd.oasis.opendocument.text", "ODT"


# The extension each type is stored and downloaded with, whatever the name it came with.
EXTENSIONS = {
    ContentType.PDF: "pdf",
    ContentType.JPEG: "jpg",
    ContentType.PNG: "png",
    ContentType.DOCX: "docx",
    ContentType.ODT: "odt",
}
