"""The person's requests to exercise the right of access (GDPR art. 15), recorded before any export."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accompaniment.models import JobSeeker
from missionlocale.dates import add_months
from missionlocale.enums import Profession
from missionlocale.personal_data import Kind

# GDPR art. 12(3): the answer is due within one month of the request.
ANSWER_MONTHS = 1


class IdentityCheck(models.TextChoices):
    ID_CARD = "id_card", _("Identity card seen at the desk")
    EID = "eid", _("Signed with the electronic identity card (eID, itsme)")
    LETTER_WITH_COPY = "letter_with_copy", _("Letter with a copy of the identity card")
    OTHER = "other", _("Other (say how)")


class AccessRequestQuerySet(models.QuerySet):
    def open(self):
        return self.filter(answered_at__isnull=True)


class AccessRequest(models.Model):
    """A request for one's data: who asked, when, how their identity was checked; answered within a month."""

    job_seeker = models.ForeignKey(JobSeeker, on_delete=models.CASCADE, related_name="access_requests")
    requested_on = models.DateField(_("requested on"), default=timezone.localdate)
    requester = models.CharField(
        _("who asked"),
        max_length=200,
        help_text=_("E.g. “The person herself, at the desk” or “Her lawyer, with her signed mandate”."),
    )
    identity_check = models.CharField(_("how the identity was checked"), max_length=20, choices=IdentityCheck.choices)
    identity_note = models.CharField(_("details of the check"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now, editable=False)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    objects = AccessRequestQuerySet.as_manager()

    # The record of a request is part of the person's file: who asked and how is erased with it.
    PERSONAL_DATA = {
        "job_seeker": Kind.KEPT,
        "requested_on": Kind.KEPT,
        "requester": Kind.FREE_TEXT,
        "identity_check": Kind.KEPT,
        "identity_note": Kind.FREE_TEXT,
        "recorded_by": Kind.KEPT,
        "recorded_at": Kind.INTERNAL,
        "answered_at": Kind.KEPT,
    }

    class Meta:
        verbose_name = _("access request")
        verbose_name_plural = _("access requests")
        ordering = ["-requested_on", "-pk"]

    def __str__(self):
        return f"{self.requested_on:%d/%m/%Y} {self.requester}"

    @property
    def deadline(self) -> datetime.date:
        return add_months(self.requested_on, ANSWER_MONTHS)

    @property
    def is_open(self) -> bool:
        return self.answered_at is None

    def released_professions(self) -> set[str]:
        return set(self.note_releases.values_list("profession", flat=True))


class NoteRelease(models.Model):
    """A member of a profession adds that profession's confidential notes to the answer of one request (rule 4:
    only they may judge what a note's release would do)."""

    access_request = models.ForeignKey(AccessRequest, on_delete=models.CASCADE, related_name="note_releases")
    profession = models.CharField(_("profession"), max_length=32, choices=Profession.choices)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    released_at = models.DateTimeField(_("when"), default=timezone.now)

    PERSONAL_DATA = {
        "access_request": Kind.KEPT,
        "profession": Kind.KEPT,
        "released_by": Kind.KEPT,
        "released_at": Kind.KEPT,
    }

    class Meta:
        verbose_name = _("release of confidential notes")
        verbose_name_plural = _("releases of confidential notes")
        constraints = [
            models.UniqueConstraint(fields=["access_request", "profession"], name="one_release_per_profession")
        ]

    def __str__(self):
        return f"{self.get_profession_display()} {self.released_at:%d/%m/%Y}"
