"""The timeline of a job-seeker file: interviews, outcomes, orientations, accompaniments, and what later
modules add (module attendance, matchings…) through TIMELINE_PROVIDERS."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from accompaniment import policy
from accompaniment.enums import AccessAction
from accompaniment.models import FileAccess


@dataclass
class TimelineEntry:
    date: datetime.date
    kind: str  # "interview", "outcome", "orientation", "accompaniment"…: the template picks an icon by it
    title: str
    author: str = ""
    detail: str = ""
    tags: list[str] = field(default_factory=list)
    hidden: bool = False  # a confidential note the reader may not read: only its date and author show
    sort_key: int = 0


# Other apps append functions (job_seeker, user) -> list[TimelineEntry] in their AppConfig.ready(); each must
# respect confidentiality. A registry, unlike reporting's direct imports, because the file's timeline belongs to
# this core app and the entries come from workshops and employers, which sit above it: importing them here
# would turn the layers upside down (missionlocale <- accompaniment <- workshops, employers <- reporting).
TIMELINE_PROVIDERS: list[Callable] = []


def file_timeline(
    *, job_seeker, user, interviews, accompaniments, orientations, access_log: list | None = None
) -> list[TimelineEntry]:
    """Everything that happened on the file, newest first; each interview carries its ``barriers_shown``, read with
    the file's barriers (views.files.file_barriers). Records the reads of confidential notes (rule 4, 5):
    added to ``access_log`` when given (the caller writes them with its own rows, services.file_read_record),
    else written here."""
    entries = []
    confidential_reads = []
    for interview in interviews:
        readable = policy.field_visible(user=user, instance=interview, field_name="note")
        if interview.confidential and readable and interview.staff_id != user.pk:
            confidential_reads.append(interview)
        entries.append(
            TimelineEntry(
                date=interview.occurred_on,
                kind="interview",
                title=(
                    _("Confidential note")
                    if not readable
                    else _("%(kind)s interview, %(minutes)s min")
                    % {"kind": interview.get_kind_display(), "minutes": interview.duration_minutes}
                ),
                author=str(interview.staff),
                detail="" if not readable else interview.note,
                tags=[]
                if not readable
                else ([interview.topics] if interview.topics else [])
                + [barrier.get_kind_display() for barrier in interview.barriers_shown],
                hidden=not readable,
                sort_key=interview.pk,
            )
        )
    for accompaniment in accompaniments:
        entries.append(
            TimelineEntry(
                date=accompaniment.started_on,
                kind="accompaniment",
                title=_("Accompaniment started with %(counsellor)s") % {"counsellor": accompaniment.counsellor},
            )
        )
        if accompaniment.closed_on:
            entries.append(
                TimelineEntry(date=accompaniment.closed_on, kind="accompaniment", title=_("Accompaniment closed"))
            )
        for outcome in accompaniment.outcomes.all():
            entries.append(
                TimelineEntry(
                    date=outcome.occurred_on,
                    kind="outcome",
                    title=outcome.get_kind_display(),
                    detail=" — ".join(part for part in (outcome.organisation, outcome.note_text) if part),
                    tags=[_("Positive exit")] if outcome.is_positive else [],
                    sort_key=outcome.pk,
                )
            )
    for orientation in orientations:
        entries.append(
            TimelineEntry(
                date=orientation.oriented_on,
                kind="orientation",
                title=_("Orientation to %(partner)s") % {"partner": orientation.partner},
                author=str(orientation.staff),
                detail=orientation.purpose,
                tags=[orientation.get_result_display()],
                sort_key=orientation.pk,
            )
        )
    for provider in TIMELINE_PROVIDERS:
        entries.extend(provider(job_seeker, user))
    reads = [
        FileAccess(user=user, job_seeker=job_seeker, action=AccessAction.READ_CONFIDENTIAL, detail=f"interview {i.pk}")
        for i in confidential_reads
    ]
    if access_log is not None:
        access_log.extend(reads)
    elif reads:
        FileAccess.objects.bulk_create(reads)
    return sorted(entries, key=lambda entry: (entry.date, entry.sort_key), reverse=True)
