"""The annual report: requesting a build, building it (in a Celery worker), and recovering from failures."""

import datetime
import hashlib
import logging
import os
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from missionlocale.images import image_check, image_data_uri, image_delete, image_store
from missionlocale.services import instance_save
from reporting.annual import annual_indicators, funder_indicators
from reporting.enums import ReportStatus, TextSection
from reporting.models import AnnualReport, PastYearFigures, ReportImage, ReportText, YearlyObjective

logger = logging.getLogger(__name__)

REPORTS_DIR = "reports"
# The report one sends is a tagged PDF (PDF/UA-1: structure, reading order, alt text); the archive's variant is
# PDF/A-3a, which is tagged too.
PDF_VARIANT = "pdf/ua-1"
ARCHIVE_PDF_VARIANT = "pdf/a-3a"
BROKER_UNREACHABLE = gettext_lazy(
    "The task queue is unreachable, so the report could not be generated. Try again later; "
    "if it persists, tell the administrator."
)
WORKER_LOST = gettext_lazy("The worker stopped during the generation. Generate the report again.")


@transaction.atomic
def report_request(
    *, year: int, cutoff: datetime.date, language: str, acting_user, with_confidential: bool = False, funder=None
) -> AnnualReport:
    """Queue a new version of the year's report; refused while a build of that year is under way.
    ``with_confidential``: the director chose to print the confidential programmes' figures in this one."""
    if AnnualReport.objects.in_progress().filter(year=year).exists():
        raise ValidationError(_("A report for %(year)s is already being generated.") % {"year": year}, code="busy")
    if cutoff > timezone.localdate():
        raise ValidationError({"cutoff": _("The cut-off date cannot be in the future.")}, code="future")
    if cutoff < datetime.date(year, 1, 1):
        raise ValidationError({"cutoff": _("The cut-off date cannot precede the year.")}, code="before_year")
    version = (AnnualReport.objects.select_for_update().filter(year=year).aggregate(v=Max("version"))["v"] or 0) + 1
    try:
        with transaction.atomic():
            report = AnnualReport.objects.create(
                year=year,
                version=version,
                cutoff=cutoff,
                language=language,
                with_confidential=with_confidential,
                funder=funder,
                requested_by=acting_user,
            )
    except IntegrityError as exc:  # a simultaneous click won the race
        raise ValidationError(_("A report for %(year)s is already being generated.") % {"year": year}) from exc

    transaction.on_commit(lambda: report_enqueue(report_id=report.pk))
    return report


def report_enqueue(*, report_id: int) -> bool:
    """Hand the build to the task queue, after commit. With the broker unreachable the request is not an error
    page: the job is marked failed at once with a reason the director can act on ("try again later"), rather
    than left queued for a build that will never come. Returns whether the task was queued."""
    from kombu.exceptions import OperationalError

    from reporting.tasks import build_annual_report

    try:
        build_annual_report.delay(report_id)
    except OperationalError as exc:
        logger.warning("Annual report %s: the task queue is unreachable (%s)", report_id, type(exc).__name__)
        report_fail(report_id=report_id, reason=str(BROKER_UNREACHABLE))
        return False
    return True


def _claim(report_id: int) -> AnnualReport | None:
    """Take the job if it is still queued; a re-delivered or duplicate task finds nothing to do."""
    with transaction.atomic():
        report = AnnualReport.objects.select_for_update().filter(pk=report_id).first()
        if report is None or report.status != ReportStatus.QUEUED:
            return None
        report.status = ReportStatus.RUNNING
        report.started_at = timezone.now()
        report.save(update_fields=["status", "started_at"])
        return report


def report_texts(*, year: int, language: str) -> dict[str, dict]:
    """The director's texts of the year's report in one language: per section, its text and highlight, and its
    images as data: URIs with their alt text in that language (an image whose file went missing is left out)."""
    rows = {row.section: row for row in ReportText.objects.filter(year=year, language=language)}
    images: dict[str, list[dict[str, str]]] = {}
    for image in ReportImage.objects.filter(year=year):
        uri = image_data_uri(image.image)
        if uri:
            images.setdefault(image.section, []).append({"uri": uri, "alt": image.alt(language)})
    return {
        section.value: {
            "text": rows[section.value].text if section.value in rows else "",
            "highlight": rows[section.value].highlight if section.value in rows else "",
            "images": images.get(section.value, []),
        }
        for section in TextSection
    }


REPORT_IMAGES_DIR = "report-images"


@transaction.atomic
def report_image_add(
    *, year: int, section: str, upload, alt_fr: str, alt_nl: str = "", order: int = 0, acting_user
) -> ReportImage:
    """Add an image under a section's text of the year's report; refused (nothing stored) unless it is a PNG or
    JPEG within the limits, and without its French description."""
    image = ReportImage(
        year=year, section=section, alt_fr=alt_fr.strip(), alt_nl=alt_nl.strip(), order=order, added_by=acting_user
    )
    image.full_clean(exclude=["image"])
    content, extension = image_check(upload=upload, field="image")
    image.image = image_store(content=content, extension=extension, folder=REPORT_IMAGES_DIR)
    try:
        image.save()
    except BaseException:
        image_delete(image.image)
        raise
    return image


@transaction.atomic
def report_image_delete(*, image: ReportImage) -> None:
    stored = image.image
    image.delete()
    transaction.on_commit(lambda: image_delete(stored))


def report_texts_missing(*, year: int, language: str) -> list[str]:
    """The sections (their labels) written in another language but not in this one: the report in this language
    would print them without the director's text, which the director is told before building."""
    written: dict[str, set[str]] = {}
    for row in ReportText.objects.filter(year=year):
        if row.text.strip() or row.highlight.strip():
            written.setdefault(row.section, set()).add(row.language)
    return [
        str(section.label)
        for section in TextSection
        if written.get(section.value) and language not in written[section.value]
    ]


def report_render_pdf(
    *,
    year: int,
    cutoff: datetime.date,
    language: str,
    data: dict | None = None,
    with_confidential: bool = False,
    archive: bool = False,
    version: int | None = None,
    funder=None,
) -> tuple[bytes, dict]:
    """The PDF of the report and the indicators it shows. Used by the task and by `manage.py annual_report`.
    The confidential programmes' figures are printed only ``with_confidential``. The PDF is tagged (PDF/UA-1),
    or PDF/A-3a for the ``archive``."""
    from weasyprint import HTML

    from reporting.pdf import report_context

    if data is None:
        data = (
            funder_indicators(year=year, cutoff=cutoff, funder=funder)
            if funder is not None
            else annual_indicators(year=year, cutoff=cutoff)
        )
    with translation.override(language):
        context = report_context(
            data=data,
            texts=report_texts(year=year, language=language),
            language=language,
            with_confidential=with_confidential,
        )
        # The cover says which generation this is and when it was made.
        context.update(version=version, generated_on=timezone.localdate())
        html = render_to_string("reporting/pdf/annual_report.html", context)
        base_url = str(settings.BASE_DIR / "static")
        pdf = HTML(string=html, base_url=base_url).write_pdf(
            pdf_variant=ARCHIVE_PDF_VARIANT if archive else PDF_VARIANT
        )
    return pdf, data


def report_build(*, report_id: int, redelivered: bool = False) -> None:
    """Build a claimed report: indicators, PDF to a temporary name, then an atomic rename.

    A message comes back (``redelivered``) only when the worker that took it is gone: killed during the build
    (reject_on_worker_lost), or silent past the broker's visibility timeout, which is longer than the task's
    hard time limit. Finding the job still running then means that build died: it is marked failed at once.
    """
    report = _claim(report_id)
    if report is None:
        if redelivered and report_fail(report_id=report_id, reason=str(WORKER_LOST), only_running=True):
            logger.warning("Annual report %s: the worker stopped during the build; marked failed", report_id)
            return
        logger.info("Annual report %s: nothing to do (already claimed or finished)", report_id)
        return
    try:
        pdf, data = report_render_pdf(
            year=report.year,
            cutoff=report.cutoff,
            language=report.language,
            with_confidential=report.with_confidential,
            version=report.version,
            funder=report.funder,
        )
        directory = Path(settings.MEDIA_ROOT) / REPORTS_DIR
        directory.mkdir(parents=True, exist_ok=True)
        final = directory / report.filename
        temporary = directory / f".{report.filename}.{os.getpid()}.tmp"
        temporary.write_bytes(pdf)
        os.replace(temporary, final)
    except Exception as exc:
        report_fail(
            report_id=report.pk, reason=_("The PDF could not be built: %(error)s") % {"error": type(exc).__name__}
        )
        logger.exception("Annual report %s failed", report.pk)
        raise
    AnnualReport.objects.filter(pk=report.pk, status=ReportStatus.RUNNING).update(
        status=ReportStatus.DONE,
        finished_at=timezone.now(),
        file=f"{REPORTS_DIR}/{report.filename}",
        checksum=hashlib.sha256(pdf).hexdigest(),
        indicators=data,
    )


def report_fail(*, report_id: int, reason: str, only_running: bool = False) -> bool:
    """Mark the job failed if it is still in progress; returns whether it was."""
    jobs = AnnualReport.objects.filter(pk=report_id).in_progress()
    if only_running:
        jobs = jobs.filter(status=ReportStatus.RUNNING)
    return bool(jobs.update(status=ReportStatus.FAILED, finished_at=timezone.now(), error=reason))


def reports_fail_stuck(*, now: datetime.datetime | None = None) -> int:
    """Mark as failed the jobs still queued or running past the hard time limit (a worker died)."""
    now = now or timezone.now()
    limit = datetime.timedelta(seconds=settings.REPORT_TASK_TIME_LIMIT + 60)
    return (
        AnnualReport.objects.in_progress()
        .filter(requested_at__lt=now - limit)
        .update(
            status=ReportStatus.FAILED,
            finished_at=now,
            error=_("The generation did not finish in time (the worker stopped or was too slow). Generate it again."),
        )
    )


@transaction.atomic
def report_texts_save(*, year: int, texts: dict[tuple[str, str], dict[str, str]], acting_user) -> None:
    """Save the director's texts of a year's report, per (section, language): its ``text`` and ``highlight``.
    A section emptied of both is removed. Changes keep their history."""
    for (section, language), values in texts.items():
        existing = ReportText.objects.filter(year=year, section=section, language=language).first()
        fields = {name: values.get(name, "").strip() for name in ("text", "highlight")}
        if not any(fields.values()):
            if existing:
                existing._history_user = acting_user
                existing.delete()
        elif existing is None or any(getattr(existing, name) != value for name, value in fields.items()):
            row = existing or ReportText(year=year, section=section, language=language)
            instance_save(instance=row, acting_user=acting_user, fields=fields)


@transaction.atomic
def objective_set(*, year: int, value: int | None, note: str, acting_user) -> None:
    """The director sets (or, with None, removes) the year's objective; every change is in its history."""
    existing = YearlyObjective.objects.filter(year=year).first()
    if value is None:
        if existing:
            existing._history_user = acting_user
            existing._change_reason = note
            existing.delete()
        return
    objective = existing or YearlyObjective(year=year)
    instance_save(instance=objective, acting_user=acting_user, fields={"value": value, "note": note}, reason=note)


@transaction.atomic
def past_year_figures_set(
    *, year: int, accompanied: int | None, objective: int | None, positive_exits: int | None, note: str, acting_user
) -> None:
    """The director enters (or, with no people accompanied, removes) the figures of a year before the product;
    every change is in their history."""
    existing = PastYearFigures.objects.filter(year=year).first()
    if accompanied is None:
        if existing:
            existing._history_user = acting_user
            existing.delete()
        return
    figures = existing or PastYearFigures(year=year)
    fields = {"accompanied": accompanied, "objective": objective, "positive_exits": positive_exits, "note": note}
    instance_save(instance=figures, acting_user=acting_user, fields=fields)
