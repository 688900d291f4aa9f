"""Writes of the documents app: upload, the access-log row of a download, deletion, erasure with the file, and the
ZIP of the right-of-access export."""

import datetime
import tempfile
import uuid
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from accompaniment.enums import AccessAction
from accompaniment.models import FileAccess, JobSeeker
from documents.content import NAME_MAX_LENGTH, RefusedDocument, clean_name, detect_content_type
from documents.enums import EXTENSIONS, DocumentKind
from documents.models import Document


def documents_storage():
    """The documents' storage (``STORAGES["documents"]``): the local disk, or an S3-compatible object store."""
    return storages["documents"]


def document_check_upload(*, upload, name: str) -> tuple[str, str]:
    """The cleaned name and the content type of an upload, or a ValidationError on ``file`` saying why it is
    refused: too large, a name with a path, or a content that is not a PDF, JPEG, PNG, DOCX or ODT document."""
    if upload.size > settings.DOCUMENT_MAX_BYTES:
        raise ValidationError(
            {
                "file": _("The file is too large (%(size)s): at most %(limit)s.")
                % {"size": filesizeformat(upload.size), "limit": filesizeformat(settings.DOCUMENT_MAX_BYTES)}
            },
            code="too_large",
        )
    if not upload.size:
        raise ValidationError({"file": _("The file is empty.")}, code="empty")
    try:
        cleaned = clean_name(name)
    except RefusedDocument as refusal:
        raise ValidationError({"file": str(refusal.message)}, code="name") from None
    content_type = detect_content_type(upload)
    if content_type is None:
        raise ValidationError(
            {
                "file": _(
                    "This file is not a PDF, JPEG, PNG, DOCX or ODT document (its content was checked, not its name)."
                )
            },
            code="type",
        )
    return cleaned, content_type


def _download_name(name: str, content_type: str) -> str:
    """The cleaned name with the extension of the type its content has ("scan.pdf" holding a PNG: "scan.png")."""
    extension = EXTENSIONS[content_type]
    stem, dot, current = name.rpartition(".")
    if dot and current.lower() in {extension, "jpeg" if extension == "jpg" else extension}:
        return name
    stem = stem if dot else name
    return f"{stem[: NAME_MAX_LENGTH - len(extension) - 1]}.{extension}"


@transaction.atomic
def document_upload(
    *,
    job_seeker: JobSeeker,
    upload,
    name: str,
    kind: str,
    dated_on: datetime.date,
    expires_on: datetime.date | None = None,
    matching=None,
    local_project=None,
    acting_user,
) -> Document:
    """Check the upload by its content, store its bytes under a random name and record the document.

    Nothing is stored when anything is refused; bytes stored before a failed insert are deleted at once.
    """
    if job_seeker.anonymised_at:
        raise ValidationError(_("This file is anonymised: no document may be added."), code="anonymised")
    if matching is not None and (kind != DocumentKind.CV or matching.job_seeker_id != job_seeker.pk):
        raise ValidationError(
            {"matching": _("Only a CV is attached to a matching, and only to a matching of this person.")},
            code="matching",
        )
    if local_project is not None and not job_seeker.local_projects.filter(pk=local_project.pk).exists():
        raise ValidationError({"local_project": _("This person is not in that programme.")}, code="programme")
    cleaned, content_type = document_check_upload(upload=upload, name=name)
    random_name = uuid.uuid4().hex
    storage = documents_storage()
    upload.seek(0)
    stored_name = storage.save(f"{random_name[:2]}/{random_name}.{EXTENSIONS[content_type]}", upload)
    try:
        document = Document(
            job_seeker=job_seeker,
            kind=kind,
            dated_on=dated_on,
            expires_on=expires_on,
            matching=matching,
            local_project=local_project,
            original_name=_download_name(cleaned, content_type),
            stored_name=stored_name,
            content_type=content_type,
            size=upload.size,
            uploaded_by=acting_user,
        )
        document.full_clean()
        document.save()
    except BaseException:
        storage.delete(stored_name)
        raise
    return document


def document_download_record(*, user, document: Document) -> None:
    """Every download is written in the access log (rule 5): who, when, which file and which document; never its
    name, which may say something of the person."""
    FileAccess.objects.create(
        user=user,
        job_seeker_id=document.job_seeker_id,
        action=AccessAction.DOWNLOAD_DOCUMENT,
        detail=f"{document.kind} #{document.pk}",
    )


@transaction.atomic
def document_delete(*, document: Document, acting_user) -> None:
    """Delete a document added by mistake: its row now, its bytes once the transaction commits; the access log
    keeps who deleted which kind of document of which file, and when."""
    stored_name = document.stored_name
    FileAccess.objects.create(
        user=acting_user,
        job_seeker_id=document.job_seeker_id,
        action=AccessAction.DELETE_DOCUMENT,
        detail=f"{document.kind} #{document.pk}",
    )
    document.delete()
    transaction.on_commit(lambda: documents_storage().delete(stored_name))


def documents_erase(*, job_seeker: JobSeeker) -> int:
    """Delete the file's documents: their rows now, their bytes once the transaction commits (a rolled-back
    anonymisation keeps them). Returns how many documents were deleted."""
    stored_names = list(Document.objects.filter(job_seeker=job_seeker).values_list("stored_name", flat=True))
    Document.objects.filter(job_seeker=job_seeker).delete()

    def delete_bytes():
        storage = documents_storage()
        for stored_name in stored_names:
            storage.delete(stored_name)

    transaction.on_commit(delete_bytes)
    return len(stored_names)


def documents_archive(*, job_seeker: JobSeeker):
    """Every document of the file in one ZIP (a temporary file, rewound), each under its date, kind and name:
    the copies the person receives with the right-of-access export. A document whose bytes are missing from the
    storage is left out rather than failing the whole export."""
    archive = tempfile.TemporaryFile()
    storage = documents_storage()
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as zipped:
        for number, document in enumerate(Document.objects.filter(job_seeker=job_seeker).order_by("dated_on", "pk")):
            try:
                handle = storage.open(document.stored_name, "rb")
            except FileNotFoundError:
                continue
            with (
                handle,
                zipped.open(f"{number + 1:02d}-{document.dated_on:%Y-%m-%d}-{document.original_name}", "w") as entry,
            ):
                for chunk in iter(lambda handle=handle: handle.read(1024 * 1024), b""):
                    entry.write(chunk)
    archive.seek(0)
    return archive
