from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accompaniment.models import JobSeeker, LocalProject
from documents.enums import ContentType, DocumentKind
from employers.models import Matching
from missionlocale.personal_data import Kind


class DocumentQuerySet(models.QuerySet):
    def for_file_page(self, job_seeker):
        """The documents of one file, newest first, with what the list shows, in one query."""
        return (
            self.filter(job_seeker=job_seeker)
            .select_related("uploaded_by", "local_project", "matching__employer", "matching__proposed_by")
            .order_by("-dated_on", "-pk")
        )


class Document(models.Model):
    """A document of a job seeker's file (CV, identity document, signed CPP…), its bytes in the documents storage.

    The bytes are stored under a random name (``stored_name``) through ``storages["documents"]``, never under the
    name they came with, and reached only through the download view, which asks the policy
    (``accompaniment/policy.py``: the rule of ``stored_name`` is ``documents.perms.can_download``).
    """

    job_seeker = models.ForeignKey(JobSeeker, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("kind of document"), max_length=16, choices=DocumentKind.choices)
    dated_on = models.DateField(_("date of the document"))
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    # The CV sent for a matching: the employer relations officer of that matching downloads it.
    matching = models.ForeignKey(
        Matching,
        verbose_name=_("matching"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="documents",
    )
    # A document of a confidential programme (Nouveaux Départs…) shows only to whom sees that programme.
    local_project = models.ForeignKey(
        LocalProject,
        verbose_name=_("programme"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    original_name = models.CharField(_("file name"), max_length=120)
    stored_name = models.CharField(max_length=100, unique=True, editable=False)
    content_type = models.CharField(_("type"), max_length=80, choices=ContentType.choices)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("added by"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("added on"), default=timezone.now, editable=False)

    objects = DocumentQuerySet.as_manager()

    # The bytes (reached through stored_name) are the person's document: protected, shown by the policy's rule.
    # Anonymising the file deletes the rows and the bytes (privacy/anonymisation.py).
    PERSONAL_DATA = {
        "job_seeker": Kind.KEPT,
        "kind": Kind.KEPT,
        "dated_on": Kind.KEPT,
        "expires_on": Kind.KEPT,
        "matching": Kind.KEPT,
        "local_project": Kind.KEPT,
        "original_name": Kind.PERSONAL,
        "stored_name": Kind.PROTECTED,
        "content_type": Kind.KEPT,
        "size": Kind.INTERNAL,
        "uploaded_by": Kind.KEPT,
        "uploaded_at": Kind.KEPT,
    }

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-dated_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(matching__isnull=True) | models.Q(kind=DocumentKind.CV),
                name="document_matching_only_for_a_cv",
            ),
            models.CheckConstraint(
                condition=models.Q(expires_on__isnull=True) | models.Q(expires_on__gte=models.F("dated_on")),
                name="document_expires_after_its_date",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.dated_on:%d/%m/%Y}"

    def is_expired(self, today) -> bool:
        return self.expires_on is not None and self.expires_on < today
