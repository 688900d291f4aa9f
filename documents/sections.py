"""The documents section of the file page (registered in accompaniment.file_sections by DocumentsConfig)."""

from django.utils import timezone

from accompaniment import policy
from documents import perms
from documents.models import Document


def documents_section(*, request, job_seeker) -> dict | None:
    """The documents ``request.user`` may see on the file, each with whether she may download it; one query."""
    user = request.user
    rows = []
    for document in Document.objects.for_file_page(job_seeker):
        document.job_seeker = job_seeker  # the file's team, read once per page, serves every document
        if perms.can_see(user, document):
            downloadable = policy.field_visible(user=user, instance=document, field_name="stored_name")
            rows.append(
                {"document": document, "downloadable": downloadable, "deletable": perms.can_delete(user, document)}
            )
    can_upload = perms.can_upload(user, job_seeker)
    if not rows and not can_upload:
        return None
    return {
        "template": "documents/includes/file_documents.html",
        "documents": rows,
        "can_upload": can_upload,
        "today": timezone.localdate(),
    }
