"""Writes on employers, matchings, events and insertion contracts."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accompaniment import services as accompaniment_services
from accompaniment.enums import OutcomeKind, SystemNote
from accompaniment.models import Accompaniment, JobSeeker
from accompaniment.niss import name_key
from employers.enums import MATCHING_TRANSITIONS, ContractType, MatchingStatus
from employers.models import (
    Certification,
    ContractTraining,
    Employer,
    EmployerContact,
    InsertionContract,
    JobOffer,
    Matching,
    MatchingStatusChange,
    ProspectionContact,
)
from missionlocale.figure_cache import RECORDS, data_changed
from missionlocale.services import instance_save, instance_save_versioned

# The outcome a hire records by default, from the offer's contract type.
OUTCOME_OF_CONTRACT = {
    ContractType.CDI: OutcomeKind.CDI,
    ContractType.CDD: OutcomeKind.CDD,
    ContractType.INTERIM: OutcomeKind.INTERIM,
    ContractType.WORK_STUDY: OutcomeKind.WORK_STUDY,
}


# Employers.


def employer_duplicates(*, name: str, postcode: str, enterprise_number: str | None, exclude_pk=None):
    """Employers with the same enterprise number, or the same name (whatever accents and case) and postcode."""
    condition = Q(name_key=name_key(name), postcode=postcode)
    if enterprise_number:
        condition |= Q(enterprise_number=enterprise_number)
    duplicates = Employer.objects.filter(condition)
    if exclude_pk:
        duplicates = duplicates.exclude(pk=exclude_pk)
    return duplicates.order_by("pk")


@transaction.atomic
def employer_save(
    *, acting_user, employer: Employer | None = None, expected_version: int | None = None, **fields
) -> Employer:
    """Create an employer, or change one unless someone saved it since the form was loaded."""
    employer = employer or Employer(created_by=acting_user)
    # No enterprise number is stored as NULL (the column is unique); the name key finds duplicates.
    enterprise_number = fields.get("enterprise_number", employer.enterprise_number) or None
    fields = {
        **fields,
        "enterprise_number": enterprise_number,
        "name_key": name_key(fields.get("name", employer.name)),
    }
    return instance_save_versioned(
        instance=employer, expected_version=expected_version, fields=fields, acting_user=acting_user
    )


@transaction.atomic
def contact_add(*, employer: Employer, acting_user, **fields) -> EmployerContact:
    return instance_save(instance=EmployerContact(employer=employer, **fields), acting_user=acting_user)


@transaction.atomic
def prospection_log(*, employer: Employer, staff, **fields) -> ProspectionContact:
    return instance_save(instance=ProspectionContact(employer=employer, staff=staff, **fields), acting_user=staff)


@transaction.atomic
def follow_up_done(*, contact: ProspectionContact, done_on: datetime.date | None = None) -> ProspectionContact:
    if contact.next_step_done_on is None:
        contact.next_step_done_on = done_on or timezone.localdate()
        contact.save(update_fields=["next_step_done_on"])
    return contact


@transaction.atomic
def offer_save(
    *, acting_user, offer: JobOffer | None = None, expected_version: int | None = None, **fields
) -> JobOffer:
    return instance_save_versioned(
        instance=offer or JobOffer(created_by=acting_user),
        expected_version=expected_version,
        fields=fields,
        acting_user=acting_user,
    )


# Matchings.


@transaction.atomic
def matching_propose(
    *,
    job_seeker: JobSeeker,
    employer: Employer,
    acting_user,
    offer: JobOffer | None = None,
    job_day=None,
    proposed_on: datetime.date | None = None,
    note: str = "",
) -> Matching:
    proposed_on = proposed_on or timezone.localdate()
    if offer is not None and offer.employer_id != employer.pk:
        raise ValidationError({"offer": _("This offer belongs to another employer.")}, code="other_employer")
    already = Matching.objects.open().filter(job_seeker=job_seeker, employer=employer, offer=offer)
    if already.exists():
        raise ValidationError(_("This person is already proposed to this employer for this offer."), code="already")
    matching = Matching(
        job_seeker=job_seeker,
        employer=employer,
        offer=offer,
        job_day=job_day,
        proposed_on=proposed_on,
        proposed_by=acting_user,
        status=MatchingStatus.PROPOSED,
        status_changed_on=proposed_on,
        note=note,
    )
    instance_save(instance=matching, acting_user=acting_user)
    MatchingStatusChange.objects.create(
        matching=matching, status=MatchingStatus.PROPOSED, changed_on=proposed_on, changed_by=acting_user
    )
    return matching


@transaction.atomic
def matching_move(
    *, matching: Matching, status: str, acting_user, changed_on: datetime.date | None = None, reason: str = ""
) -> Matching:
    """Move a matching along proposed → CV sent → interview → hired / not retained / withdrawn."""
    changed_on = changed_on or timezone.localdate()
    matching = Matching.objects.select_for_update().get(pk=matching.pk)
    if status == matching.status:
        return matching  # a second click on the same button changes nothing
    if status not in MATCHING_TRANSITIONS[matching.status]:
        raise ValidationError(
            _("A matching “%(current)s” cannot become “%(status)s”.")
            % {"current": matching.get_status_display(), "status": MatchingStatus(status).label},
            code="transition",
        )
    if changed_on < matching.status_changed_on:
        raise ValidationError(
            {
                "changed_on": _("This date precedes the previous step (%(date)s).")
                % {"date": matching.status_changed_on}
            },
            code="before_previous",
        )
    if status == MatchingStatus.NOT_RETAINED and not reason.strip():
        raise ValidationError({"reason": _("Say why the person was not retained.")}, code="no_reason")
    instance_save(
        instance=matching,
        fields={"status": status, "status_changed_on": changed_on, "reason": reason.strip()},
        acting_user=acting_user,
    )
    MatchingStatusChange.objects.create(
        matching=matching, status=status, changed_on=changed_on, changed_by=acting_user, reason=reason.strip()
    )
    return matching


def matching_accompaniment(matching: Matching) -> Accompaniment | None:
    """The accompaniment the hire is an outcome of: the one open, else the last one started by the hiring day."""
    accompaniments = Accompaniment.objects.filter(job_seeker=matching.job_seeker_id)
    return accompaniments.open().first() or (
        accompaniments.filter(started_on__lte=matching.status_changed_on).order_by("-started_on", "-pk").first()
    )


def matching_default_outcome_kind(matching: Matching) -> str:
    if matching.offer_id:
        return OUTCOME_OF_CONTRACT.get(matching.offer.contract_type, OutcomeKind.CDD)
    return OutcomeKind.CDD


@transaction.atomic
def matching_record_outcome(*, matching: Matching, acting_user, kind: str | None = None):
    """Record the hire as the positive exit of the accompaniment, once: a second call returns the same outcome."""
    matching = Matching.objects.select_for_update(of=("self",)).select_related("offer", "employer").get(pk=matching.pk)
    if matching.outcome_id:
        return matching.outcome
    if matching.status != MatchingStatus.HIRED:
        raise ValidationError(_("Only a hire is recorded as a positive exit."), code="not_hired")
    accompaniment = matching_accompaniment(matching)
    if accompaniment is None:
        raise ValidationError(
            _("This person has no accompaniment to record the exit on: open one from the file first."),
            code="no_accompaniment",
        )
    outcome = accompaniment_services.outcome_record(
        accompaniment=accompaniment,
        kind=kind or matching_default_outcome_kind(matching),
        occurred_on=matching.status_changed_on,
        acting_user=acting_user,
        organisation=matching.employer.name[:160],
        system_note=SystemNote.HIRED_AFTER_MATCHING,
        system_note_params={"offer": matching.offer.title if matching.offer else "—"},
    )
    matching.outcome = outcome
    matching.save(update_fields=["outcome"])
    return outcome


# Insertion contracts.


@transaction.atomic
def contract_save(
    *, acting_user, contract: InsertionContract | None = None, expected_version: int | None = None, **fields
) -> InsertionContract:
    return instance_save_versioned(
        instance=contract or InsertionContract(),
        expected_version=expected_version,
        fields=fields,
        acting_user=acting_user,
    )


@transaction.atomic
def training_add(*, contract: InsertionContract, **fields) -> ContractTraining:
    training = ContractTraining(contract=contract, **fields)
    training.full_clean()
    if not contract.started_on <= training.trained_on <= contract.effective_end_on + datetime.timedelta(days=0):
        raise ValidationError({"trained_on": _("The training must fall within the contract.")}, code="outside")
    training.save()
    return training


@transaction.atomic
def certification_add(*, contract: InsertionContract, **fields) -> Certification:
    certification = Certification(contract=contract, **fields)
    certification.full_clean()
    if certification.obtained_on < contract.started_on:
        raise ValidationError(
            {"obtained_on": _("A certification of the contract cannot precede its start.")}, code="before_start"
        )
    certification.save()
    return certification


@transaction.atomic
def contract_checkpoint_record(
    *,
    contract: InsertionContract,
    reached: bool,
    situation: str,
    acting_user,
    note: str = "",
    today: datetime.date | None = None,
):
    """Record (or correct) the DEIES follow-up 3 months after the contract's end: a follow-up checkpoint like those
    of every positive exit (``accompaniment.services.checkpoint_record``), linked from the contract."""
    if contract.ended_on is None:
        raise ValidationError(_("Record the end of the contract first."), code="not_ended")
    contract = InsertionContract.objects.select_for_update().get(pk=contract.pk)
    checkpoint = accompaniment_services.checkpoint_record(
        job_seeker=contract.worker,
        exit_on=contract.ended_on,
        months=3,
        reached=reached,
        situation=situation,
        note=note,
        acting_user=acting_user,
        checkpoint=contract.three_month_checkpoint,
        today=today,
    )
    if contract.three_month_checkpoint_id != checkpoint.pk:
        InsertionContract.objects.filter(pk=contract.pk).update(three_month_checkpoint=checkpoint)
        data_changed(RECORDS)
    return checkpoint
