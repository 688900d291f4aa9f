from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from reporting.enums import ReportLanguage, ReportStatus, TextSection


class YearlyObjective(models.Model):
    """The director's objective of new accompaniments for a year, overriding the computed one (rule 3)."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    value = models.PositiveIntegerField(_("objective"), validators=[MinValueValidator(1)])
    note = models.CharField(_("why"), max_length=255, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("yearly objective")
        verbose_name_plural = _("yearly objectives")
        ordering = ["-year"]

    def __str__(self):
        return f"{self.year}: {self.value}"


class ReportText(models.Model):
    """The director's commentary on one section of a year's report, in one language, in a Markdown subset
    (reporting/texts.py), and the section's highlight box (the real report's "Résultat" call-out)."""

    year = models.PositiveSmallIntegerField(_("year"))
    section = models.CharField(_("section"), max_length=16, choices=TextSection.choices)
    language = models.CharField(_("language"), max_length=2, choices=ReportLanguage.choices)
    text = models.TextField(_("text"), blank=True)
    highlight = models.TextField(_("highlight"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("report text")
        verbose_name_plural = _("report texts")
        constraints = [
            models.UniqueConstraint(fields=["year", "section", "language"], name="report_text_unique"),
        ]

    def __str__(self):
        return f"{self.year} {self.get_section_display()} ({self.language})"


class ReportImage(models.Model):
    """An image the director adds to a section of a year's report (a photo, a chart from elsewhere), printed under
    the section's text with its alt text. The bytes are checked and stored like the identity's
    (``missionlocale.images``); the Dutch alt text falls back to the French one."""

    year = models.PositiveSmallIntegerField(_("year"))
    section = models.CharField(_("section"), max_length=16, choices=TextSection.choices)
    image = models.CharField(_("image"), max_length=100, editable=False)
    alt_fr = models.CharField(
        _("description (French)"),
        max_length=300,
        help_text=_("What the image shows, for who cannot see it: read out by screen readers."),
    )
    alt_nl = models.CharField(
        _("description (Dutch)"), max_length=300, blank=True, help_text=_("Empty: the French description.")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0, validators=[MaxValueValidator(999)])
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("added by"), on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField(_("added on"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("image of the report")
        verbose_name_plural = _("images of the report")
        ordering = ["year", "section", "order", "pk"]

    def __str__(self):
        return f"{self.year} {self.get_section_display()}: {self.alt_fr}"

    def alt(self, language: str) -> str:
        return (self.alt_nl if language == ReportLanguage.DUTCH else "") or self.alt_fr


class AnnualReportQuerySet(models.QuerySet):
    def in_progress(self):
        return self.filter(status__in=[ReportStatus.QUEUED, ReportStatus.RUNNING])


class AnnualReport(models.Model):
    """One generation of the annual activity report. This row, not the broker, is the source of truth."""

    year = models.PositiveSmallIntegerField(_("year"))
    version = models.PositiveSmallIntegerField(_("version"))
    cutoff = models.DateField(_("cut-off date"))
    language = models.CharField(_("language"), max_length=2, choices=ReportLanguage.choices)
    with_confidential = models.BooleanField(
        _("with the confidential programmes"),
        default=False,
        help_text=_("Whether the director chose to print the figures of the confidential programmes."),
    )
    funder = models.ForeignKey(
        "workshops.Funder",
        verbose_name=_("funder"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The report restricted to the people and projects this funder pays for."),
    )
    status = models.CharField(_("status"), max_length=8, choices=ReportStatus.choices, default=ReportStatus.QUEUED)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    file = models.FileField(_("file"), upload_to="reports/", blank=True)
    checksum = models.CharField(_("SHA-256"), max_length=64, blank=True)
    indicators = models.JSONField(_("indicators"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)

    objects = AnnualReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("annual report")
        verbose_name_plural = _("annual reports")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["year", "version"], name="annual_report_year_version_unique"),
            # Two clicks cannot start two builds of the same year: one queued or running at a time.
            models.UniqueConstraint(
                fields=["year"], condition=models.Q(status__in=["queued", "running"]), name="annual_report_one_build"
            ),
        ]

    def __str__(self):
        return f"{self.year} v{self.version}"

    @property
    def filename(self) -> str:
        funder = f"-{slugify(self.funder.name)}" if self.funder_id else ""
        return f"rapport-activites-{self.year}-v{self.version}-{self.language}{funder}.pdf"


class PastYearFigures(models.Model):
    """The figures of a year before the product was used, entered by the director, so that the report's five-year
    history has no row of zeros; the report marks them as entered."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    accompanied = models.PositiveIntegerField(_("people accompanied"))
    objective = models.PositiveIntegerField(_("objective"), null=True, blank=True, validators=[MinValueValidator(1)])
    positive_exits = models.PositiveIntegerField(_("positive exits"))
    note = models.CharField(_("source"), max_length=255, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("figures of a past year")
        verbose_name_plural = _("figures of past years")
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(positive_exits__lte=models.F("accompanied")),
                name="past_year_exits_within_accompanied",
            )
        ]

    def __str__(self):
        return f"{self.year}: {self.accompanied}"
