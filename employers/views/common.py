from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Subquery
from django.shortcuts import render
from django.views.decorators.http import require_POST

from accompaniment.models import Accompaniment, JobSeeker
from employers import perms
from missionlocale.forms import search_text

PICKER_LIMIT = 20


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


@require_POST
def people_search(request):
    """The job-seeker picker of the proposing, guest and contract forms. By POST: names never land in a URL."""
    require(perms.can_view_employers(request.user) or perms.can_supervise_contracts(request.user))
    query = search_text(request.POST.get("q"))
    people = []
    if len(query) >= 2:
        open_accompaniments = Accompaniment.objects.open().filter(job_seeker=OuterRef("pk"))
        people = list(
            JobSeeker.objects.search(query)
            .annotate(
                counsellor_first_name=Subquery(open_accompaniments.values("counsellor__first_name")[:1]),
                counsellor_last_name=Subquery(open_accompaniments.values("counsellor__last_name")[:1]),
            )
            .order_by("name_key", "birth_date", "pk")[: PICKER_LIMIT + 1]
        )
    return render(
        request,
        "employers/includes/people_results.html",
        {
            "query": query,
            "people": people[:PICKER_LIMIT],
            "too_many": len(people) > PICKER_LIMIT,
            "field_name": request.POST.get("field", "job_seeker"),
        },
    )
