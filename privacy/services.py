"""Writes of the right of access: the request recorded, confidential notes released, the request answered."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accompaniment.models import JobSeeker
from missionlocale.services import instance_save
from privacy.models import AccessRequest, NoteRelease


@transaction.atomic
def access_request_record(*, job_seeker: JobSeeker, acting_user, **fields) -> AccessRequest:
    """Precondition: the caller checked that ``acting_user`` answers the data subjects' requests (a manager)."""
    if AccessRequest.objects.open().filter(job_seeker=job_seeker).exists():
        raise ValidationError(_("A request is already open for this file: answer it first."), code="open")
    return instance_save(
        instance=AccessRequest(job_seeker=job_seeker, recorded_by=acting_user), acting_user=acting_user, fields=fields
    )


def access_request_answer(*, access_request: AccessRequest) -> None:
    AccessRequest.objects.filter(pk=access_request.pk, answered_at__isnull=True).update(answered_at=timezone.now())


def notes_release(*, access_request: AccessRequest, acting_user, release: bool) -> None:
    """Add (or withhold again) the confidential notes of ``acting_user``'s profession to the answer.

    Precondition: none beyond a profession; only that profession's own notes are concerned (rule 4).
    """
    if not acting_user.profession:
        raise ValidationError(_("Only staff with a profession release its notes."), code="no_profession")
    releases = NoteRelease.objects.filter(access_request=access_request, profession=acting_user.profession)
    if not release:
        releases.delete()
    elif not releases.exists():
        NoteRelease.objects.create(
            access_request=access_request, profession=acting_user.profession, released_by=acting_user
        )
