"""The change history of a file (rule 5): who changed what, when, before and after."""

from dataclasses import dataclass, field
from itertools import groupby

from django.utils.translation import gettext as _

from accompaniment import perms
from accompaniment.models import (
    Accompaniment,
    ActionStep,
    Barrier,
    JobSeeker,
    Orientation,
    Outcome,
    ProfessionalProject,
)
from accompaniment.niss import niss_mask

_IGNORED = {"id", "history_id", "history_date", "history_change_reason", "history_type", "history_user", "name_key"}


@dataclass
class HistoryEntry:
    when: object
    who: str
    what: str  # the model's verbose name
    action: str
    reason: str = ""
    changes: list[tuple[str, str, str]] = field(default_factory=list)  # (field, before, after)


def _display(record, name, show_niss):
    value = getattr(record, name)
    if name == "niss" and value and not show_niss:
        return niss_mask(value)
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


def _entries_for(records, model, show_niss):
    fields = [
        f.attname if f.is_relation else f.name
        for f in model._meta.concrete_fields
        if f.name not in _IGNORED and not f.name.endswith("created_at")
    ]
    labels = {f.attname if f.is_relation else f.name: str(f.verbose_name) for f in model._meta.concrete_fields}
    actions = {"+": _("created"), "~": _("changed"), "-": _("deleted")}
    entries = []
    for _pk, versions in groupby(sorted(records, key=lambda r: (r.id, r.history_date)), key=lambda r: r.id):
        previous = None
        for record in versions:
            changes = []
            if previous is not None:
                for name in fields:
                    if getattr(previous, name) != getattr(record, name):
                        changes.append(
                            (labels[name], _display(previous, name, show_niss), _display(record, name, show_niss))
                        )
            entries.append(
                HistoryEntry(
                    when=record.history_date,
                    who=str(record.history_user) if record.history_user else _("system"),
                    what=_what(model, record),
                    action=actions.get(record.history_type, record.history_type),
                    reason=record.history_change_reason or "",
                    changes=changes,
                )
            )
            previous = record
    return entries


def file_history_entries(job_seeker: JobSeeker, user, *, show_niss: bool | None = None) -> list[HistoryEntry]:
    """The versions of the file and its records, newest first; the NISS masked unless the user may see it.

    ``show_niss=True`` is for the right-of-access export, where the person gets their own number back.
    """
    if show_niss is None:
        show_niss = perms.can_see_niss(user, job_seeker)
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
        entries.extend(_entries_for(list(records.select_related("history_user")), model, show_niss))
    return sorted(entries, key=lambda entry: entry.when, reverse=True)
