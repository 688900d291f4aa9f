"""The data subject's rights, answered by managers: access (JSON and PDF exports) and erasure on request."""

import json

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from accompaniment import perms
from accompaniment.anonymisation import job_seeker_anonymise
from accompaniment.enums import AccessAction, AnonymisationCause
from accompaniment.forms import ErasureForm
from accompaniment.models import Anonymisation, FileAccess, JobSeeker
from accompaniment.subject_access import subject_access_json, subject_access_sections


def _file_for_rights(request, pk) -> JobSeeker:
    if not perms.can_exercise_rights(request.user):
        raise PermissionDenied
    return get_object_or_404(JobSeeker, pk=pk)


def _record_export(request, job_seeker, sections, fmt: str) -> None:
    """The export and every confidential note it carries are written in the access log (rule 5)."""
    now = timezone.now()
    interviews = next(section for section in sections if section.key == "interviews")
    confidential = sum(1 for row in interviews.rows if row["confidential"])
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


@require_GET
def personal_data(request, pk):
    """What managers can do for the person: export their data, or anonymise the file at their request."""
    job_seeker = _file_for_rights(request, pk)
    return render(
        request,
        "accompaniment/personal_data.html",
        {
            "job_seeker": job_seeker,
            "anonymisation": Anonymisation.objects.filter(job_seeker=job_seeker).select_related("by").first(),
            "retention_years": settings.RETENTION_YEARS,
        },
    )


@require_GET
@never_cache
def personal_data_json(request, pk):
    job_seeker = _file_for_rights(request, pk)
    sections = subject_access_sections(job_seeker=job_seeker, user=request.user)
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
def personal_data_pdf(request, pk):
    from weasyprint import HTML

    job_seeker = _file_for_rights(request, pk)
    sections = subject_access_sections(job_seeker=job_seeker, user=request.user)
    html = render_to_string(
        "accompaniment/pdf/personal_data.html",
        {
            "organisation_name": settings.ORGANISATION_NAME,
            "job_seeker": job_seeker,
            "sections": sections,
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
            form.add_error(None, error)
        else:
            messages.success(request, _("The file is anonymised."))
            return redirect("accompaniment:personal_data", pk=job_seeker.pk)
    return render(request, "accompaniment/erase.html", {"job_seeker": job_seeker, "form": form})
