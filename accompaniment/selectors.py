"""Reads shared by several views of the accompaniment app."""

from django.db.models import Count, Q

from accompaniment.enums import ReferralSource
from accompaniment.models import Accompaniment, TeamMember
from missionlocale.enums import Profession
from missionlocale.models import User


def caseload_queryset(*, owner):
    """The accompaniments on a staff member's caseload: theirs as counsellor, and the files of their team."""
    team_files = TeamMember.objects.filter(user=owner).values("job_seeker")
    return Accompaniment.objects.filter(Q(counsellor=owner) | Q(job_seeker__in=team_files, status="open"))


def counsellors_with_fill(*, counsellor=None) -> list[User]:
    """Every active counsellor (or one) with `open_count` and `actiris_count`: open accompaniments, and of
    those the ones referred by Actiris."""
    counsellors = User.objects.filter(is_active=True, profession=Profession.COUNSELLOR).order_by(
        "last_name", "first_name", "pk"
    )
    if counsellor is not None:
        counsellors = counsellors.filter(pk=counsellor.pk)
    # Counted apart from the staff rows, from the partial index on open accompaniments alone.
    open_accompaniments = Accompaniment.objects.filter(status="open")
    if counsellor is not None:
        open_accompaniments = open_accompaniments.filter(counsellor=counsellor)
    counts = {
        row["counsellor"]: row
        for row in open_accompaniments.values("counsellor")
        .annotate(n=Count("*"), actiris=Count("referral_source", filter=Q(referral_source=ReferralSource.ACTIRIS)))
        .order_by()
    }
    counsellors = list(counsellors)
    for user in counsellors:
        row = counts.get(user.pk, {})
        user.open_count, user.actiris_count = row.get("n", 0), row.get("actiris", 0)
    return counsellors
