"""The change history of a file (rule 5): who changed what, when, before and after.

What it shows of each model is what the model declares in ``PERSONAL_DATA``: every field but the product's
bookkeeping, its protected fields masked for the readers who may not see them.
"""

from dataclasses import dataclass, field
from itertools import groupby

from django.utils.translation import gettext as _

from accompaniment import policy
from accompaniment.enums import ChangeReason
from accompaniment.models import (
    Accompaniment,
    ActionStep,
    Barrier,
    JobSeeker,
    Orientation,
    Outcome,
    ProfessionalProject,
)
from missionlocale.personal_data import Kind, classification


@dataclass
class HistoryEntry:
    when: object
    who: str
    what: str  # the model's verbose name
    action: str
    reason: str = ""
    changes: list[tuple[str, str, str]] = field(default_factory=list)  # (field, before, after)


def _display(record, name, masked: bool = False):
    value = getattr(record, name)
    if masked and value:
        return policy.masked(name, value)
    model_field = record._meta.get_field(name)
    if model_field.choices and value:
        return str(dict(model_field.flatchoices).get(value, value))
    if value is None or value == "":
        return "—"
    return str(value)


def _what(model, record) -> str:
    """The kind of record and which one: « Barrier “Housing” » rather than two identical « Barrier »."""
    name = str(model._meta.verbose_name)
    if model is JobSeeker:
        return name
    labels = {
        Barrier: lambda r: r.get_kind_display(),
        Outcome: lambda r: r.get_kind_display(),
        Accompaniment: lambda r: r.started_on.strftime("%d/%m/%Y"),
        ActionStep: lambda r: r.description,
        ProfessionalProject: lambda r: r.target_occupations,
        Orientation: lambda r: r.purpose,
    }
    label = labels[model](record) if model in labels else ""
    return f"{name} « {label} »" if label else name


def _reason(stored: str | None) -> str:
    if stored in ChangeReason.values:
        return str(ChangeReason(stored).label)
    return stored or ""


def _entries_for(records, model, readable: set[str] | None):
    """``readable``: the protected fields shown in clear (None: all of them)."""
    kinds = classification(model)
    shown = [f for f in model._meta.concrete_fields if not f.primary_key and kinds[f.name] is not Kind.INTERNAL]
    fields = [f.attname if f.is_relation else f.name for f in shown]
    masked = {
        f.attname if f.is_relation else f.name
        for f in shown
        if kinds[f.name] is Kind.PROTECTED and readable is not None and f.name not in readable
    }
    labels = {f.attname if f.is_relation else f.name: str(f.verbose_name) for f in shown}
    actions = {"+": _("created"), "~": _("changed"), "-": _("deleted")}
    entries = []
    for _pk, versions in groupby(sorted(records, key=lambda r: (r.id, r.history_date)), key=lambda r: r.id):
        previous = None
        for record in versions:
            changes = []
            if previous is not None:
                for name in fields:
                    if getattr(previous, name) != getattr(record, name):
                        hide = name in masked
                        changes.append((labels[name], _display(previous, name, hide), _display(record, name, hide)))
            entries.append(
                HistoryEntry(
                    when=record.history_date,
                    who=str(record.history_user) if record.history_user else _("system"),
                    what=_what(model, record),
                    action=actions.get(record.history_type, record.history_type),
                    reason=_reason(record.history_change_reason),
                    changes=changes,
                )
            )
            previous = record
    return entries


def file_history_entries(job_seeker: JobSeeker, user, *, show_protected: bool = False) -> list[HistoryEntry]:
    """The versions of the file and its records, newest first; the protected fields (NISS, hidden address)
    masked unless the user may see them.

    ``show_protected=True`` is for the right-of-access export, where the person gets all their data back.
    """
    # The file's protected fields are decided on the file as it is now: once its address is hidden, every past
    # address is hidden too (the one she left may be where the violence was).
    readable = None if show_protected else policy.visible_protected_fields(user=user, instance=job_seeker)
    accompaniment_ids = list(job_seeker.accompaniments.values_list("pk", flat=True))
    sources = [
        (JobSeeker, JobSeeker.history.filter(id=job_seeker.pk)),
        (Accompaniment, Accompaniment.history.filter(job_seeker_id=job_seeker.pk)),
        (Outcome, Outcome.history.filter(accompaniment_id__in=accompaniment_ids)),
        (Barrier, Barrier.history.filter(job_seeker_id=job_seeker.pk)),
        (ActionStep, ActionStep.history.filter(accompaniment_id__in=accompaniment_ids)),
        (ProfessionalProject, ProfessionalProject.history.filter(accompaniment_id__in=accompaniment_ids)),
        (Orientation, Orientation.history.filter(job_seeker_id=job_seeker.pk)),
    ]
    entries = []
    for model, records in sources:
        # Only the file itself has protected fields in the history; one elsewhere would be masked for all.
        shown = readable if readable is None or model is JobSeeker else set()
        entries.extend(_entries_for(list(records.select_related("history_user")), model, shown))
    return sorted(entries, key=lambda entry: entry.when, reverse=True)
