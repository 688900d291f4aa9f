"""Reads shared by several views of the accompaniment app."""

from django.db.models import Count, FilteredRelation, Q

from accompaniment.enums import ReferralSource
from accompaniment.models import Accompaniment, TeamMember
from missionlocale.models import User


def caseload_queryset(*, owner):
    """The accompaniments on a staff member's caseload: theirs as counsellor, and the files of their team."""
    team_files = TeamMember.objects.filter(user=owner).values("job_seeker")
    return Accompaniment.objects.filter(Q(counsellor=owner) | Q(job_seeker__in=team_files, status="open"))


def counsellors_with_fill():
    """Every active counsellor with the count of open accompaniments, and of those referred by Actiris."""
    # Join the open accompaniments only: the closed ones of past years would be read for nothing.
    return (
        User.objects.filter(is_active=True, profession="counsellor")
        .annotate(open_accompaniments=FilteredRelation("accompaniments", condition=Q(accompaniments__status="open")))
        .annotate(
            open_count=Count("open_accompaniments"),
            actiris_count=Count(
                "open_accompaniments", filter=Q(open_accompaniments__referral_source=ReferralSource.ACTIRIS)
            ),
        )
        .order_by("last_name", "first_name", "pk")
    )
