"""The data subject's rights, answered by managers: access (a recorded request, then the JSON and PDF exports)
and erasure on request; and the access log of rule 5, read and exported by managers."""

import json

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accompaniment import perms, services
from accompaniment.enums import AccessAction, AnonymisationCause
from accompaniment.models import Anonymisation, FileAccess, Interview, JobSeeker
from accompaniment.selectors import BULK_READ_FILES, BULK_READ_WINDOW, bulk_reads
from documents.services import documents_archive
from missionlocale.exports import table_response
from missionlocale.forms import ascii_digits, form_add_service_error
from missionlocale.models import User
from privacy import services as privacy_services
from privacy.anonymisation import job_seeker_anonymise
from privacy.forms import AccessRequestForm, ErasureForm
from privacy.models import AccessRequest
from privacy.subject_access import subject_access_json, subject_access_sections


def _file_for_rights(request, pk) -> JobSeeker:
    if not perms.can_exercise_rights(request.user):
        raise PermissionDenied
    return get_object_or_404(JobSeeker, pk=pk)


def _record_export(request, job_seeker, sections, fmt: str) -> None:
    """The export and every confidential note it carries are written in the access log (rule 5)."""
    now = timezone.now()
    interviews = next(section for section in sections if section.key == "interviews")
    confidential = sum(1 for row in interviews.rows if row["confidential"] and not row["withheld"])
    entries = [
        FileAccess(
            user=request.user,
            job_seeker=job_seeker,
            action=AccessAction.EXPORT,
            detail=f"right of access ({fmt})",
            at=now,
        )
    ]
    entries += [
        FileAccess(
            user=request.user,
            job_seeker=job_seeker,
            action=AccessAction.READ_CONFIDENTIAL,
            detail=f"right of access ({fmt})",
            at=now,
        )
        for _row in range(confidential)
    ]
    FileAccess.objects.bulk_create(entries)


def _rights_page(request, job_seeker, form=None, status=200):
    requests = list(AccessRequest.objects.filter(job_seeker=job_seeker).select_related("recorded_by"))
    open_request = next((r for r in requests if r.is_open), None)
    return render(
        request,
        "privacy/personal_data.html",
        {
            "job_seeker": job_seeker,
            "requests": requests,
            "open_request": open_request,
            "released": sorted(open_request.released_professions()) if open_request else [],
            "request_form": form or AccessRequestForm(),
            "anonymisation": Anonymisation.objects.filter(job_seeker=job_seeker).select_related("by").first(),
            "retention_years": settings.RETENTION_YEARS,
        },
        status=status,
    )


@require_GET
def personal_data(request, pk):
    """What managers can do for the person: record their request for their data and export it, or anonymise
    the file at their request."""
    return _rights_page(request, _file_for_rights(request, pk))


@require_POST
def access_request_create(request, pk):
    """The right of access starts from a request recorded with who asked, when and how their identity was checked."""
    job_seeker = _file_for_rights(request, pk)
    form = AccessRequestForm(request.POST)
    if form.is_valid():
        try:
            privacy_services.access_request_record(
                job_seeker=job_seeker, acting_user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form_add_service_error(form, error)
        else:
            messages.success(request, _("The request is recorded: answer it before the deadline shown."))
            return redirect("privacy:personal_data", pk=job_seeker.pk)
    return _rights_page(request, job_seeker, form)


@require_POST
def access_request_answer(request, pk):
    job_seeker = _file_for_rights(request, pk)
    open_request = AccessRequest.objects.open().filter(job_seeker=job_seeker).first()
    if open_request is not None:
        privacy_services.access_request_answer(access_request=open_request)
        messages.success(request, _("The request is marked as answered."))
    return redirect("privacy:personal_data", pk=job_seeker.pk)


@require_http_methods(["GET", "POST"])
def access_request_notes(request, pk):
    """For staff of a profession that wrote confidential notes in the file: add them to the answer of the open
    request, or leave them withheld (rule 4: only the author's profession judges a note's release)."""
    if not perms.can_read_files(request.user):
        raise PermissionDenied
    job_seeker = get_object_or_404(JobSeeker, pk=pk)
    open_request = AccessRequest.objects.open().filter(job_seeker=job_seeker).first()
    profession = request.user.profession
    notes = Interview.objects.filter(job_seeker=job_seeker, confidential=True, author_profession=profession)
    if request.method == "POST":
        if open_request is None:
            messages.error(request, _("No request for this person's data is open."))
        else:
            release = request.POST.get("release") == "1"
            privacy_services.notes_release(access_request=open_request, acting_user=request.user, release=release)
            if release:
                messages.success(request, _("Your profession's confidential notes are added to the answer."))
            else:
                messages.success(request, _("Your profession's confidential notes stay withheld."))
        return redirect("privacy:access_request_notes", pk=job_seeker.pk)
    return render(
        request,
        "privacy/access_request_notes.html",
        {
            "job_seeker": job_seeker,
            "open_request": open_request,
            "profession": request.user.get_profession_display(),
            "note_count": notes.count(),
            "released": open_request is not None and profession in open_request.released_professions(),
        },
    )


def _open_request_or_none(request, job_seeker):
    open_request = AccessRequest.objects.open().filter(job_seeker=job_seeker).first()
    if open_request is None:
        messages.error(request, _("Record the person's request before exporting their data."))
    return open_request


@require_GET
@never_cache
def personal_data_json(request, pk):
    job_seeker = _file_for_rights(request, pk)
    open_request = _open_request_or_none(request, job_seeker)
    if open_request is None:
        return redirect("privacy:personal_data", pk=job_seeker.pk)
    sections = subject_access_sections(
        job_seeker=job_seeker, user=request.user, released_professions=open_request.released_professions()
    )
    data = subject_access_json(sections=sections, generated_at=timezone.now())
    _record_export(request, job_seeker, sections, "json")
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="donnees-personnelles-{job_seeker.pk}.json"'
    return response


@require_GET
@never_cache
def personal_data_documents(request, pk):
    """The copies of the person's documents, in one ZIP (the JSON and PDF exports list them); logged as an export."""
    job_seeker = _file_for_rights(request, pk)
    if _open_request_or_none(request, job_seeker) is None:
        return redirect("privacy:personal_data", pk=job_seeker.pk)
    archive = documents_archive(job_seeker=job_seeker)
    services.file_access_record(
        user=request.user, job_seeker=job_seeker, action=AccessAction.EXPORT, detail="right of access (documents)"
    )
    response = FileResponse(
        archive, as_attachment=True, filename=f"documents-{job_seeker.pk}.zip", content_type="application/zip"
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
@never_cache
def personal_data_pdf(request, pk):
    from weasyprint import HTML

    job_seeker = _file_for_rights(request, pk)
    open_request = _open_request_or_none(request, job_seeker)
    if open_request is None:
        return redirect("privacy:personal_data", pk=job_seeker.pk)
    sections = subject_access_sections(
        job_seeker=job_seeker, user=request.user, released_professions=open_request.released_professions()
    )
    html = render_to_string(
        "privacy/pdf/personal_data.html",
        {
            "organisation_name": settings.ORGANISATION_NAME,
            "job_seeker": job_seeker,
            "sections": sections,
            "access_request": open_request,
            "generated_at": timezone.now(),
        },
        request=request,
    )
    content = HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
    _record_export(request, job_seeker, sections, "pdf")
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="donnees-personnelles-{job_seeker.pk}.pdf"'
    return response


@require_http_methods(["GET", "POST"])
def erase(request, pk):
    """Erasure on request: a confirmation step with a mandatory reason; the file is anonymised at once."""
    job_seeker = _file_for_rights(request, pk)
    form = ErasureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            job_seeker_anonymise(
                job_seeker=job_seeker,
                cause=AnonymisationCause.REQUEST,
                reason=form.cleaned_data["reason"],
                requested_on=form.cleaned_data["requested_on"],
                acting_user=request.user,
            )
        except ValidationError as error:
            form_add_service_error(form, error)
        else:
            messages.success(request, _("The file is anonymised."))
            return redirect("privacy:personal_data", pk=job_seeker.pk)
    return render(request, "privacy/erase.html", {"job_seeker": job_seeker, "form": form})


def _require_manager(request):
    if not perms.can_manage_caseloads(request.user):
        raise PermissionDenied


def _access_log_entries(request):
    """The access log, filtered by staff member (?staff=<id>) and by file (?file=<number>)."""
    entries = FileAccess.objects.select_related("user", "job_seeker").order_by("-at", "-pk")
    staff_id = request.GET.get("staff", "")
    file_id = request.GET.get("file", "")
    if ascii_digits(staff_id):
        entries = entries.filter(user_id=staff_id)
    if ascii_digits(file_id):
        entries = entries.filter(job_seeker_id=file_id)
    return entries, staff_id, file_id


@require_GET
def access_log(request):
    _require_manager(request)
    entries, staff_id, file_id = _access_log_entries(request)
    page = Paginator(entries, 100).get_page(request.GET.get("page"))
    return render(
        request,
        "privacy/access_log.html",
        {
            "page": page,
            "staff": User.objects.filter(is_active=True).order_by("last_name", "first_name"),
            "staff_id": staff_id,
            "file_id": file_id,
            "bulk_reads": bulk_reads(),
            "bulk_files": BULK_READ_FILES,
            "minutes": int(BULK_READ_WINDOW.total_seconds() // 60),
        },
    )


@require_GET
def access_log_export(request):
    """The access log as CSV, with the same filters; the export itself is written in the log first."""
    _require_manager(request)
    entries, staff_id, file_id = _access_log_entries(request)
    services.file_access_record(
        user=request.user,
        job_seeker=None,
        action=AccessAction.EXPORT,
        detail=f"access-log.csv staff={staff_id or '*'} file={file_id or '*'}",
    )
    rows = (
        [
            timezone.localtime(entry.at).strftime("%Y-%m-%d %H:%M:%S"),
            str(entry.user),
            entry.get_action_display(),
            entry.detail,
            entry.job_seeker_id or "",
            str(entry.job_seeker) if entry.job_seeker else "",
        ]
        for entry in entries.iterator(chunk_size=1000)
    )
    return table_response(
        fmt="csv",
        filename="journal-des-acces",
        header=[_("When"), _("Who"), _("What"), _("Detail"), _("File number"), _("File")],
        rows=rows,
    )
