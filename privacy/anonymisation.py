"""Anonymising files (rule 6 of the domain, and erasure on request).

Which fields are erased is what each model declares in ``PERSONAL_DATA`` (personal, protected and free-text
fields; missionlocale/personal_data.py); this module says which rows are the person's and what replaces a
name or a birth date.

What identifies the person or tells their story is erased or replaced: names, NISS, Actiris number,
address, phone, email, languages, the birth date reduced to 1 January of its year, and every free text
written about them (interview notes and topics, barrier notes, outcome organisations and notes, project,
steps, orientation purposes, follow-up checkpoint notes, matching reasons and notes, EPN coaching notes, the
visitor's name), in the live tables and in the django-simple-history tables, change reasons included.

What the indicators of past reports count stays: the rows and their dates and kinds (accompaniments,
recognition, outcomes, follow-up checkpoints, interviews, orientations, enrolments, attendance, EPN visits,
matchings and their status changes, contracts, trainings, certifications), the gender, levels, situation and
local projects.

The file's documents (CV, identity document…) are deleted, rows and bytes in their storage.
"""

import datetime

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import models, transaction
from django.db.models import F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from accompaniment.communes import UNKNOWN, commune_of
from accompaniment.enums import AccessAction, AnonymisationCause
from accompaniment.models import (
    Accompaniment,
    ActionStep,
    Anonymisation,
    Appointment,
    Barrier,
    ExitCheckpoint,
    FileAccess,
    Interview,
    JobSeeker,
    Orientation,
    Outcome,
    ProfessionalProject,
)
from accompaniment.niss import name_key
from documents.services import documents_erase
from employers.models import InsertionContract, JobDayGuest, Matching, MatchingStatusChange
from missionlocale.dates import add_years
from missionlocale.figure_cache import data_changed
from missionlocale.personal_data import ERASED_KINDS, fields_of_kind
from privacy.models import AccessRequest
from workshops.models import Attendance, CoachingSession, ComputerVisit, Enrolment, Visitor

# What replaces a required free text: the row stays, its words do not.
ERASED = "—"
ANONYMOUS_NAME = "Anonyme"


def retention_limit(today: datetime.date | None = None) -> datetime.date:
    """Files whose last activity is before this day are anonymised (default: five years ago)."""
    return add_years(today or timezone.localdate(), -settings.RETENTION_YEARS)


def _latest(queryset, field):
    """The latest value of ``field`` among the rows of ``queryset`` (a subquery on OuterRef("pk"))."""
    return Subquery(queryset.order_by(F(field).desc(nulls_last=True)).values(field)[:1])


def expired_files(*, today: datetime.date | None = None):
    """Files not yet anonymised, with no open accompaniment, whose last activity is before the retention limit.

    The clock runs from the end of the last accompaniment (rule 6) and, for a file without accompaniment, from
    its last activity; but any later activity on a file (a module, a matching, an insertion contract, an EPN
    visit, an interview…) restarts it, so that the data of someone still in contact with the Mission Locale is
    never erased by the clock.
    """
    limit = retention_limit(today)
    person = OuterRef("pk")
    activity = {
        "last_accompaniment_end": _latest(Accompaniment.objects.filter(job_seeker=person), "closed_on"),
        "last_interview": _latest(Interview.objects.filter(job_seeker=person), "occurred_on"),
        "last_orientation": _latest(Orientation.objects.filter(job_seeker=person), "oriented_on"),
        "last_enrolment": _latest(Enrolment.objects.filter(job_seeker=person), "enrolled_on"),
        "last_completion": _latest(Enrolment.objects.filter(job_seeker=person), "completed_on"),
        "last_attendance": _latest(Attendance.objects.filter(enrolment__job_seeker=person), "meeting__date"),
        "last_matching": _latest(Matching.objects.filter(job_seeker=person), "status_changed_on"),
        "last_job_day": _latest(JobDayGuest.objects.filter(job_seeker=person), "job_day__held_on"),
        "last_contract": _latest(
            InsertionContract.objects.filter(worker=person).annotate(end=Coalesce("ended_on", "planned_end_on")),
            "end",
        ),
        "last_visit": _latest(ComputerVisit.objects.filter(visitor__job_seeker=person), "visited_on"),
        "last_coaching": _latest(CoachingSession.objects.filter(visitor__job_seeker=person), "occurred_on"),
    }
    condition = Q()
    for name in activity:
        condition &= Q(**{f"{name}__isnull": True}) | Q(**{f"{name}__lt": limit})
    start_of_limit = timezone.make_aware(datetime.datetime.combine(limit, datetime.time.min))
    return (
        JobSeeker.objects.filter(anonymised_at__isnull=True, created_at__lt=start_of_limit)
        .exclude(pk__in=Accompaniment.objects.open().values("job_seeker"))
        .annotate(**activity)
        .filter(condition)
        .order_by("pk")
    )


def erased_values(model, **replacements) -> dict:
    """What anonymising writes over the model's personal, protected and free-text fields.

    Empty when the field may be (None, "", the default of a flag), ``ERASED`` for a required text; anything
    else (a birth date) the caller replaces, or this refuses. The caller also replaces the names and the keys
    derived from them.
    """
    values = {}
    for name in fields_of_kind(model, *ERASED_KINDS):
        if name in replacements:
            continue
        field = model._meta.get_field(name)
        if field.null:
            values[name] = None
        elif isinstance(field, models.BooleanField):
            values[name] = field.get_default()
        elif isinstance(field, models.CharField | models.TextField):
            values[name] = "" if field.blank else ERASED
        else:
            raise ImproperlyConfigured(f"Anonymising {model._meta.label}.{name} needs a replacement value.")
    return {**values, **replacements}


def _wipe(model, where: dict, **replacements) -> None:
    """Erase the declared personal data of the rows and of every version in their history table (deleted rows'
    too), with every change reason of that history."""
    values = erased_values(model, **replacements)
    if values:
        model.objects.filter(**where).update(**values)
    history = getattr(model, "history", None)
    if history is not None:
        history.filter(**where).update(history_change_reason=None, **values)
    data_changed()  # an UPDATE sends no signal


@transaction.atomic
def job_seeker_anonymise(
    *,
    job_seeker: JobSeeker,
    cause: str,
    reason: str,
    acting_user=None,
    requested_on: datetime.date | None = None,
) -> Anonymisation:
    """Anonymise one file now, keeping the rows the indicators count; record why, who and when."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the file is anonymised.")}, code="no_reason")
    job_seeker = JobSeeker.objects.select_for_update().get(pk=job_seeker.pk)
    if job_seeker.anonymised_at:
        raise ValidationError(_("This file is already anonymised."), code="already_anonymised")
    if Accompaniment.objects.open().filter(job_seeker=job_seeker).exists():
        raise ValidationError(
            _("Close the open accompaniment (with its outcome) before anonymising the file."), code="open"
        )
    now = timezone.now()
    first_name = f"#{job_seeker.pk}"
    _wipe(
        JobSeeker,
        {"id": job_seeker.pk},
        first_name=first_name,
        last_name=ANONYMOUS_NAME,
        name_key=name_key(ANONYMOUS_NAME, first_name),
        birth_date=datetime.date(job_seeker.birth_date.year, 1, 1),
    )
    # The commune the public's profile counted the file in stays (its postcode is erased): past figures do not change.
    kept_commune = UNKNOWN if job_seeker.address_hidden else commune_of(job_seeker.postcode)
    JobSeeker.objects.filter(pk=job_seeker.pk).update(
        anonymised_at=now, kept_commune=kept_commune, version=F("version") + 1
    )
    # The history of the local projects (a many-to-many) holds no text; it stays for the indicators.

    mine = {"job_seeker_id": job_seeker.pk}
    accompaniment_ids = list(Accompaniment.history.filter(**mine).values_list("id", flat=True).distinct())
    theirs = {"accompaniment_id__in": accompaniment_ids}
    _wipe(Accompaniment, mine)
    _wipe(Outcome, theirs)
    _wipe(ProfessionalProject, theirs)
    _wipe(ActionStep, theirs)
    _wipe(Barrier, mine)
    _wipe(Orientation, mine)
    _wipe(ExitCheckpoint, mine)
    _wipe(Interview, mine)
    _wipe(Appointment, mine)

    for visitor in Visitor.objects.filter(job_seeker=job_seeker):
        visitor_anonymise(visitor=visitor)
    _wipe(Enrolment, mine)
    _wipe(Matching, mine)
    _wipe(MatchingStatusChange, {"matching__job_seeker": job_seeker})
    _wipe(InsertionContract, {"worker_id": job_seeker.pk})
    _wipe(AccessRequest, mine)
    # Documents count in no figure: their rows go now, their bytes once the anonymisation commits.
    documents_erase(job_seeker=job_seeker)

    anonymisation = Anonymisation(
        job_seeker=job_seeker, cause=cause, reason=reason, requested_on=requested_on, at=now, by=acting_user
    )
    anonymisation.full_clean()
    anonymisation.save()
    if acting_user is not None:
        FileAccess.objects.create(
            user=acting_user, job_seeker=job_seeker, action=AccessAction.ANONYMISE, detail=cause, at=now
        )
    return anonymisation


def visitor_anonymise(*, visitor) -> None:
    """An EPN visitor's name is replaced; their visits, coaching sessions and enrolments stay for the counts."""
    first_name = f"#{visitor.pk}"
    _wipe(
        Visitor,
        {"pk": visitor.pk},
        first_name=first_name,
        last_name=ANONYMOUS_NAME,
        name_key=name_key(ANONYMOUS_NAME, first_name),
    )
    _wipe(CoachingSession, {"visitor": visitor})


def expired_visitors(*, today: datetime.date | None = None):
    """EPN visitors without a file, not yet anonymised, whose last visit, coaching or enrolment is too old."""
    limit = retention_limit(today)
    person = OuterRef("pk")
    activity = {
        "last_visit": _latest(ComputerVisit.objects.filter(visitor=person), "visited_on"),
        "last_coaching": _latest(CoachingSession.objects.filter(visitor=person), "occurred_on"),
        "last_enrolment": _latest(Enrolment.objects.filter(visitor=person), "enrolled_on"),
    }
    condition = Q()
    for name in activity:
        condition &= Q(**{f"{name}__isnull": True}) | Q(**{f"{name}__lt": limit})
    start_of_limit = timezone.make_aware(datetime.datetime.combine(limit, datetime.time.min))
    return (
        Visitor.objects.filter(job_seeker__isnull=True, created_at__lt=start_of_limit)
        .exclude(last_name=ANONYMOUS_NAME, first_name__startswith="#")
        .annotate(**activity)
        .filter(condition)
        .order_by("pk")
    )


def anonymise_expired(*, today: datetime.date | None = None, dry_run: bool = False) -> dict[str, int]:
    """Anonymise every expired file and EPN visitor, each file in its own transaction. Returns the counts."""
    files = list(expired_files(today=today).values_list("pk", flat=True))
    visitors = list(expired_visitors(today=today))
    if dry_run:
        return {"files": len(files), "visitors": len(visitors)}
    reason = _("Retention period of %(years)s years over.") % {"years": settings.RETENTION_YEARS}
    done = 0
    for pk in files:
        try:
            job_seeker_anonymise(
                job_seeker=JobSeeker(pk=pk), cause=AnonymisationCause.RETENTION, reason=reason, acting_user=None
            )
        except ValidationError:
            continue  # opened or anonymised meanwhile: the next run decides again
        done += 1
    for visitor in visitors:
        with transaction.atomic():
            visitor_anonymise(visitor=visitor)
    return {"files": done, "visitors": len(visitors)}
