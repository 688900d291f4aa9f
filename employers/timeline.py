"""What the employers app adds to a job-seeker file's timeline: matchings and insertion contracts."""

from django.utils.translation import gettext as _

from accompaniment.timeline import TimelineEntry
from employers import perms
from employers.enums import MatchingStatus
from employers.models import InsertionContract, Matching


def employers_timeline(job_seeker, user) -> list[TimelineEntry]:
    """Matchings show to everyone who reads the file; contracts to their team, the DEIES supervisor and managers."""
    entries = []
    matchings = Matching.objects.filter(job_seeker=job_seeker).select_related("employer", "offer", "proposed_by")
    for matching in matchings:
        title = _("Proposed to %(employer)s") % {"employer": matching.employer}
        if matching.offer_id:
            title += f" — {matching.offer.title}"
        tags = [matching.get_status_display()]
        if matching.status == MatchingStatus.HIRED:
            tags.append(_("Positive exit") if matching.outcome_id else _("Exit not recorded yet"))
        entries.append(
            TimelineEntry(
                date=matching.proposed_on,
                kind="matching",
                title=title,
                author=str(matching.proposed_by),
                detail=matching.reason if matching.status == MatchingStatus.NOT_RETAINED else "",
                tags=tags,
                sort_key=matching.pk,
            )
        )
    contracts = InsertionContract.objects.filter(worker=job_seeker).select_related("worksite")
    for contract in contracts:
        contract.worker = job_seeker  # the file's team, read once per page, serves every contract
        if not perms.can_view_contract(user, contract):
            continue
        entries.append(
            TimelineEntry(
                date=contract.started_on,
                kind="contract",
                title=_("%(measure)s contract at %(worksite)s")
                % {"measure": contract.get_measure_display(), "worksite": contract.worksite},
                detail=contract.job_title,
                tags=[_("until %(date)s") % {"date": contract.effective_end_on.strftime("%d/%m/%Y")}],
                sort_key=contract.pk,
            )
        )
    return entries
