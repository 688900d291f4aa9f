"""Local (neighbourhood) projects: their details, sessions, people and figures."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from accompaniment.models import JobSeeker, LocalProject
from missionlocale.enums import Profession
from missionlocale.figures import year_end
from missionlocale.forms import ascii_digits
from workshops import indicators, perms
from workshops.models import LocalProjectDetails, Session

PEOPLE_LIMIT = 100


def _year(request, default: int) -> int:
    value = request.GET.get("year", "")
    return int(value) if ascii_digits(value) and 2000 <= int(value) <= 2100 else default


@require_GET
def project_list(request):
    if not perms.can_use_workshops(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    year = _year(request, today.year)
    cutoff = min(today, year_end(year))
    figures = indicators.local_project_figures(year=year, cutoff=cutoff)
    details = {d.local_project_id: d for d in LocalProjectDetails.objects.select_related("funder", "project_officer")}
    projects = list(LocalProject.objects.filter(is_active=True).order_by("name"))
    for project in projects:
        project.figures = figures.get(project.name, {})
        project.info = details.get(project.pk) or LocalProjectDetails(local_project=project)
    return render(
        request,
        "workshops/project_list.html",
        {"projects": projects, "year": year, "years": list(range(today.year, today.year - 7, -1))},
    )


@require_GET
def project_detail(request, pk):
    if not perms.can_use_workshops(request.user):
        raise PermissionDenied
    project = get_object_or_404(LocalProject, pk=pk)
    today = timezone.localdate()
    details = LocalProjectDetails.objects.select_related("funder", "project_officer").filter(
        local_project=project
    ).first() or LocalProjectDetails(local_project=project)
    history = []
    for year in range(today.year, today.year - 5, -1):
        cutoff = min(today, year_end(year))
        history.append(
            {
                "year": year,
                "participants": indicators.local_project_participants(year=year, cutoff=cutoff, local_project=project),
                "positive_exits": indicators.module_positive_exits(year=year, cutoff=cutoff, local_project=project),
            }
        )
    sessions = Session.objects.for_list_page().filter(
        Q(local_project=project) | Q(local_project__isnull=True, module__local_project=project)
    )[:30]
    people = JobSeeker.objects.filter(local_projects=project)
    # Belonging to a confidential project (Nouveaux Départs) shows only to the person's team and psychologists.
    if project.confidential and request.user.profession != Profession.PSYCHOLOGIST:
        people = people.filter(pk__in=JobSeeker.objects.in_team_of(request.user).values("pk"))
    people_count = people.count()
    return render(
        request,
        "workshops/project_detail.html",
        {
            "project": project,
            "details": details,
            "history": history,
            "sessions": sessions,
            "people": people.order_by("last_name", "first_name", "pk")[:PEOPLE_LIMIT],
            "people_count": people_count,
            "people_limit": PEOPLE_LIMIT,
        },
    )
