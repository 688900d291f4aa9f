from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accompaniment import perms as accompaniment_perms
from accompaniment import policy
from accompaniment.services import file_read_record
from accompaniment.views.files import get_readable_file
from documents import perms, services
from documents.forms import DocumentForm
from documents.models import Document
from missionlocale.forms import form_add_service_error


@require_http_methods(["GET", "POST"])
def document_upload(request, pk):
    """Add a document to the file: checked by its content, stored under a random name, listed on the file page."""
    job_seeker = get_readable_file(request, pk)
    if not perms.can_upload(request.user, job_seeker):
        raise PermissionDenied
    arguments = {"job_seeker": job_seeker, "user": request.user}
    if request.method == "POST":
        form = DocumentForm(request.POST, request.FILES, **arguments)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.document_upload(
                    job_seeker=job_seeker,
                    upload=data["file"],
                    name=data["file"].name,
                    kind=data["kind"],
                    dated_on=data["dated_on"],
                    expires_on=data["expires_on"],
                    matching=data["matching"],
                    local_project=data["local_project"],
                    acting_user=request.user,
                )
            except ValidationError as error:
                form_add_service_error(form, error)
            else:
                messages.success(request, _("The document is added to the file."))
                return redirect(reverse("accompaniment:file_detail", args=[job_seeker.pk]) + "#documents")
    else:
        form = DocumentForm(initial={"dated_on": timezone.localdate()}, **arguments)
    file_read_record(user=request.user, job_seeker=job_seeker)
    return render(
        request,
        "documents/upload.html",
        {"job_seeker": job_seeker, "form": form, "max_bytes": settings.DOCUMENT_MAX_BYTES},
    )


@require_GET
def document_download(request, pk):
    """The document's bytes, as an attachment never rendered by the browser, to whom the policy lets download it;
    each download is written in the access log."""
    if not accompaniment_perms.can_read_files(request.user):
        raise PermissionDenied
    document = get_object_or_404(Document.objects.select_related("job_seeker", "matching", "local_project"), pk=pk)
    if not policy.field_visible(user=request.user, instance=document, field_name="stored_name"):
        raise PermissionDenied
    try:
        handle = services.documents_storage().open(document.stored_name, "rb")
    except FileNotFoundError:
        raise Http404 from None
    services.document_download_record(user=request.user, document=document)
    response = FileResponse(
        handle, as_attachment=True, filename=document.original_name, content_type=document.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@require_POST
def document_delete(request, pk):
    """Delete a document added by mistake, rows and bytes; written in the access log."""
    if not accompaniment_perms.can_read_files(request.user):
        raise PermissionDenied
    document = get_object_or_404(Document.objects.select_related("job_seeker", "matching", "local_project"), pk=pk)
    if not perms.can_delete(request.user, document):
        raise PermissionDenied
    services.document_delete(document=document, acting_user=request.user)
    messages.success(request, _("The document is deleted."))
    return redirect(reverse("accompaniment:file_detail", args=[document.job_seeker_id]) + "#documents")
