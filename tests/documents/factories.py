"""Documents made the way the product makes them (through the upload service), with real bytes of each type."""

import datetime
import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

from documents.enums import DocumentKind
from documents.services import document_upload, documents_storage

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 40
# A Linux and a Windows executable, and an HTML page: what a renamed file would really hold.
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 60
WINDOWS_EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 60
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"

DOCX_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
    'wordprocessingml.document.main+xml"/></Types>'
)


def docx(content_types: str = DOCX_CONTENT_TYPES) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", content_types)
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def odt() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text", compress_type=zipfile.ZIP_STORED)
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


def plain_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "hello")
    return buffer.getvalue()


def document_add(
    *,
    job_seeker,
    uploaded_by,
    kind=DocumentKind.CV,
    content: bytes = PDF,
    name: str = "CV Amina.pdf",
    dated_on=datetime.date(2024, 3, 1),
    **fields,
):
    return document_upload(
        job_seeker=job_seeker,
        upload=SimpleUploadedFile(name, content),
        name=name,
        kind=kind,
        dated_on=dated_on,
        acting_user=uploaded_by,
        **fields,
    )


def stored_files() -> dict[str, bytes]:
    """Every file in the documents storage, by its stored name."""
    storage = documents_storage()

    def walk(directory=""):
        try:
            directories, files = storage.listdir(directory)
        except FileNotFoundError:
            return
        for name in files:
            path = f"{directory}/{name}" if directory else name
            with storage.open(path, "rb") as handle:
                yield path, handle.read()
        for name in directories:
            yield from walk(f"{directory}/{name}" if directory else name)

    return dict(walk())
