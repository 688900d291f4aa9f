"""The file summary PDF: what a counsellor hands to the person or to a partner.

Identity, the professional project, the action plan, orientations and outcomes; never an interview, a note,
a barrier or a local project (they may tell a partner about health, violence or a confidential programme).
Protected fields follow ``accompaniment/policy.py``: the NISS in clear only for whom the policy shows it, the
hidden address only to the counsellor of the open accompaniment.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from accompaniment import perms, policy, services
from accompaniment.models import Orientation
from accompaniment.niss import niss_format
from accompaniment.views.files import age_on, get_readable_file


def file_summary_context(*, user, job_seeker) -> dict:
    accompaniments = list(
        job_seeker.accompaniments.select_related("counsellor", "project")
        .prefetch_related("outcomes", "steps")
        .order_by("-started_on", "-pk")
    )
    latest = accompaniments[0] if accompaniments else None
    visible = policy.visible_protected_fields(user=user, instance=job_seeker)
    today = timezone.localdate()
    return {
        "organisation_name": settings.ORGANISATION_NAME,
        "job_seeker": job_seeker,
        "age": age_on(job_seeker.birth_date, today),
        "niss_display": niss_format(job_seeker.niss) if "niss" in visible else policy.masked("niss", job_seeker.niss),
        "address_visible": "street" in visible,
        "accompaniment": latest,
        "project": getattr(latest, "project", None) if latest else None,
        "steps": list(latest.steps.all()) if latest else [],
        "orientations": list(
            Orientation.objects.filter(job_seeker=job_seeker).select_related("partner").order_by("-oriented_on", "pk")
        ),
        "outcomes": [outcome for accompaniment in accompaniments for outcome in accompaniment.outcomes.all()],
        "generated_at": timezone.now(),
    }


@require_GET
@never_cache
def file_summary_pdf(request, pk):
    from weasyprint import HTML

    job_seeker = get_readable_file(request, pk)
    if not perms.can_edit_file(request.user, job_seeker):
        raise PermissionDenied
    html = render_to_string(
        "accompaniment/pdf/file_summary.html",
        file_summary_context(user=request.user, job_seeker=job_seeker),
        request=request,
    )
    content = HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
    services.file_read_record(user=request.user, job_seeker=job_seeker, detail="file summary PDF")
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="synthese-dossier-{job_seeker.pk}.pdf"'
    return response
