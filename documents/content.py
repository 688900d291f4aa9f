"""What a document is, told by its bytes, never by its name: PDF, JPEG, PNG, DOCX or ODT.

DOCX and ODT are zip files: a zip is accepted only when its ``[Content_Types].xml`` declares a Word document's main
part (DOCX; a macro-enabled .docm declares another type and is refused), or when its ``mimetype`` entry is an
OpenDocument text (ODT). Those entries are read with a size cap, so a zip bomb is never inflated.
"""

import re
import unicodedata
import zipfile

from django.utils.translation import gettext_lazy as _

from documents.enums import ContentType

PDF_MAGIC = b"%PDF-"
JPEG_MAGIC = b"\xff\xd8\xff"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
ZIP_MAGIC = b"PK\x03\x04"
DOCX_MAIN = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
# The entries read from a zip are small XML or text; anything larger is not a real DOCX or ODT.
ZIP_ENTRY_MAX_BYTES = 256 * 1024

# A name longer than this is cut (its extension kept).
NAME_MAX_LENGTH = 120


class RefusedDocument(ValueError):
    """A document that may not be stored; ``message`` says why, in the reader's language."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def _read_entry(archive: zipfile.ZipFile, name: str) -> bytes | None:
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    if info.file_size > ZIP_ENTRY_MAX_BYTES:
        return None
    with archive.open(info) as entry:
        return entry.read(ZIP_ENTRY_MAX_BYTES + 1)[:ZIP_ENTRY_MAX_BYTES]


def _zip_type(upload) -> str | None:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            mimetype = _read_entry(archive, "mimetype")
            if mimetype is not None and mimetype.strip() == ODT_MIMETYPE:
                return ContentType.ODT
            content_types = _read_entry(archive, "[Content_Types].xml")
            if content_types is not None and DOCX_MAIN in content_types and "word/document.xml" in archive.namelist():
                return ContentType.DOCX
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, NotImplementedError, RuntimeError, EOFError):
        return None
    finally:
        upload.seek(0)
    return None


def detect_content_type(upload) -> str | None:
    """The type of the uploaded file (a Django ``File``) by its content, or None when it is none of the allowed."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if head.startswith(PDF_MAGIC):
        return ContentType.PDF
    if head.startswith(JPEG_MAGIC):
        return ContentType.JPEG
    if head.startswith(PNG_MAGIC):
        return ContentType.PNG
    if head.startswith(ZIP_MAGIC):
        return _zip_type(upload)
    return None


def clean_name(name: str) -> str:
    """The name the document came with, made safe to show and to offer as a download name.

    A name that would reach another folder (a path, ``..``) or that holds control characters is refused, not
    repaired: it is not what a person's computer sends. Otherwise Unicode is normalised, characters outside
    letters, digits, spaces and ``.-_()`` become ``_``, spaces are collapsed, and a long name is cut.
    """
    name = unicodedata.normalize("NFC", name or "").strip()
    if not name:
        raise RefusedDocument(_("The file has no name."))
    if "/" in name or "\\" in name or name.startswith("..") or "/.." in name or name in {".", ".."}:
        raise RefusedDocument(_("The file name may not contain a folder path (/, \\ or ..): rename the file."))
    if any(unicodedata.category(char) in {"Cc", "Cf", "Zl", "Zp"} for char in name):
        raise RefusedDocument(_("The file name contains invisible control characters: rename the file."))
    name = re.sub(r"[^\w .()\-]", "_", name)
    name = re.sub(r"\s+", " ", name).strip(" .")
    if not name:
        raise RefusedDocument(_("The file has no name."))
    if len(name) > NAME_MAX_LENGTH:
        stem, dot, extension = name.rpartition(".")
        if dot and 0 < len(extension) <= 10:
            name = f"{stem[: NAME_MAX_LENGTH - len(extension) - 1]}.{extension}"
        else:
            name = name[:NAME_MAX_LENGTH]
    return name
