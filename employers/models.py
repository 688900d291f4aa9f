import datetime
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accompaniment.models import JobSeeker, Outcome, Partner
from employers.bce import enterprise_number_format
from employers.enums import (
    OPEN_MATCHING_STATUSES,
    ContactKind,
    ContactLanguage,
    ContractEndReason,
    ContractType,
    FollowUpSituation,
    MatchingStatus,
    Measure,
    NaceSection,
    OfferSource,
    SizeBand,
    TrainingKind,
)
from missionlocale.models import VersionedModel
from missionlocale.personal_data import Kind

NACE_CODE = re.compile(r"^\d{2}(\.\d{1,3})?$")


def nace_code_validate(value: str) -> None:
    """A NACE-BEL code: a 2-digit division, optionally a dot and up to 3 more digits (47.11, 81.210)."""
    if value and not NACE_CODE.match(value):
        raise ValidationError(_("A NACE-BEL code reads like 47, 47.1 or 47.111."), code="nace_code")


# Reference data (administrators edit it in the admin).


class Worksite(models.Model):
    """Where an insertion-contract worker works: a City of Brussels service, a régie, a partner NGO."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    name_nl = models.CharField(
        _("name in Dutch"), max_length=120, blank=True, help_text=_("Empty: the Dutch report prints the French name.")
    )
    organisation = models.CharField(_("organisation"), max_length=120, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("worksite")
        verbose_name_plural = _("worksites")
        ordering = ["name"]

    def __str__(self):
        return self.name


class CertificationKind(models.Model):
    name = models.CharField(_("name"), max_length=120, unique=True)
    name_nl = models.CharField(
        _("name in Dutch"), max_length=120, blank=True, help_text=_("Empty: the Dutch report prints the French name.")
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("certification kind")
        verbose_name_plural = _("certification kinds")
        ordering = ["name"]

    def __str__(self):
        return self.name


# Employers and prospection.


def _count_per(queryset, field: str):
    """The rows of ``queryset`` whose ``field`` is the outer row, counted by a subquery (0 when none): evaluated
    for the rows a page shows only, where a grouped join counts for every row before the LIMIT."""
    rows = queryset.filter(**{field: OuterRef("pk")}).order_by().values(field)
    return Coalesce(Subquery(rows.annotate(n=Count("pk")).values("n")), 0)


class EmployerQuerySet(models.QuerySet):
    def search(self, query: str):
        from accompaniment.niss import name_key

        query = (query or "").strip()
        if not query:
            return self
        digits = re.sub(r"\D", "", query)
        condition = Q(name_key__contains=name_key(query))
        if len(digits) >= 9:
            condition |= Q(enterprise_number=digits.zfill(10))
        return self.filter(condition)

    def for_directory_page(self):
        """Each employer with its prospection contacts, the last one's date and its open offers, read by a subquery
        per employer shown: grouping every employer with all its contacts and offers before the page's LIMIT grew
        with the whole directory."""
        contacts = ProspectionContact.objects.filter(employer=OuterRef("pk")).order_by().values("employer")
        open_offers = (
            JobOffer.objects.filter(employer=OuterRef("pk"), closed_on__isnull=True).order_by().values("employer")
        )
        return self.annotate(
            contact_count=Coalesce(Subquery(contacts.annotate(n=Count("pk")).values("n")), 0),
            last_contact_on=Subquery(contacts.annotate(last=models.Max("contacted_on")).values("last")),
            open_offer_count=Coalesce(Subquery(open_offers.annotate(n=Count("pk")).values("n")), 0),
        ).order_by("name_key", "pk")


class Employer(VersionedModel):
    name = models.CharField(_("name"), max_length=160)
    # Lower-case, accent-free name for duplicate detection and search (accompaniment.niss.name_key).
    name_key = models.CharField(max_length=170, editable=False, db_index=True)
    enterprise_number = models.CharField(
        _("enterprise number (BCE/KBO)"),
        max_length=10,
        unique=True,
        null=True,
        blank=True,
        help_text=_("10 digits, e.g. 0403.170.701."),
    )
    nace_section = models.CharField(_("NACE-BEL section"), max_length=1, choices=NaceSection.choices, blank=True)
    nace_code = models.CharField(
        _("NACE-BEL code"), max_length=6, blank=True, validators=[nace_code_validate], help_text=_("e.g. 47.111")
    )
    size_band = models.CharField(_("size"), max_length=8, choices=SizeBand.choices, default=SizeBand.TPE)
    street = models.CharField(_("street and number"), max_length=160, blank=True)
    postcode = models.CharField(_("postcode"), max_length=4, blank=True)
    commune = models.CharField(_("commune"), max_length=60, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    consent_to_contact = models.BooleanField(
        _("agrees to be contacted"), default=False, help_text=_("The employer agreed that we contact them again.")
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )

    history = HistoricalRecords()

    objects = EmployerQuerySet.as_manager()

    class Meta:
        verbose_name = _("employer")
        verbose_name_plural = _("employers")
        ordering = ["name_key", "pk"]
        indexes = [models.Index(fields=["name_key", "postcode"])]
        permissions = [("manage_employers", _("Can manage employers, offers, matchings and events"))]

    def __str__(self):
        return self.name

    @property
    def is_tpe(self) -> bool:
        return self.size_band == SizeBand.TPE

    @property
    def enterprise_number_display(self) -> str:
        return enterprise_number_format(self.enterprise_number or "")


class EmployerContact(models.Model):
    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("name"), max_length=120)
    role = models.CharField(_("role"), max_length=120, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("email"), blank=True)
    language = models.CharField(
        _("preferred language"), max_length=2, choices=ContactLanguage.choices, default=ContactLanguage.FR
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("employer contact")
        verbose_name_plural = _("employer contacts")
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name


class ProspectionContactQuerySet(models.QuerySet):
    def follow_ups_due(self, *, staff=None, today: datetime.date | None = None, within_days: int = 14):
        """Next steps not done yet, due by ``today + within_days`` (overdue ones included), oldest first."""
        today = today or timezone.localdate()
        rows = self.filter(
            next_step_done_on__isnull=True,
            next_step_due_on__isnull=False,
            next_step_due_on__lte=today + datetime.timedelta(days=within_days),
        )
        if staff is not None:
            rows = rows.filter(staff=staff)
        return rows.select_related("employer", "staff").order_by("next_step_due_on", "pk")


class ProspectionContact(models.Model):
    """One contact with an employer (visit, phone call, email, event) and its next step."""

    employer = models.ForeignKey(Employer, on_delete=models.CASCADE, related_name="prospection_contacts")
    kind = models.CharField(_("kind"), max_length=8, choices=ContactKind.choices, default=ContactKind.VISIT)
    contacted_on = models.DateField(_("date"), default=timezone.localdate)
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("staff member"), on_delete=models.PROTECT, related_name="+"
    )
    subject = models.CharField(_("subject"), max_length=200)
    result = models.TextField(_("result"), blank=True)
    next_step = models.CharField(_("next step"), max_length=200, blank=True)
    next_step_due_on = models.DateField(_("next step due on"), null=True, blank=True)
    next_step_done_on = models.DateField(_("next step done on"), null=True, blank=True)
    # The employer's training needs, a figure of the annual report: what they would take trained people for.
    training_need = models.CharField(
        _("training need"),
        max_length=120,
        blank=True,
        help_text=_("An occupation or a skill the employer would take trained people for (e.g. forklift driver)."),
    )
    training_need_people = models.PositiveSmallIntegerField(
        _("people the employer could take"), null=True, blank=True, validators=[MaxValueValidator(999)]
    )

    objects = ProspectionContactQuerySet.as_manager()

    class Meta:
        verbose_name = _("prospection contact")
        verbose_name_plural = _("prospection contacts")
        ordering = ["-contacted_on", "-pk"]
        indexes = [models.Index(fields=["contacted_on"]), models.Index(fields=["staff", "next_step_due_on"])]

    def __str__(self):
        return f"{self.get_kind_display()} {self.contacted_on:%d/%m/%Y}"

    def clean(self):
        if self.next_step_due_on and not self.next_step:
            raise ValidationError({"next_step": _("Say what the next step is.")})
        if self.training_need_people and not self.training_need.strip():
            raise ValidationError({"training_need": _("Say what the training need is.")})


class JobOfferQuerySet(models.QuerySet):
    def open(self, today: datetime.date | None = None):
        today = today or timezone.localdate()
        return self.filter(Q(closed_on__isnull=True) | Q(closed_on__gte=today), opened_on__lte=today)

    def for_list_page(self):
        return (
            self.select_related("employer")
            .annotate(candidate_count=_count_per(Matching.objects, "offer"))
            .order_by(F("closed_on").desc(nulls_first=True), "-opened_on", "pk")
        )


class JobOffer(VersionedModel):
    employer = models.ForeignKey(Employer, verbose_name=_("employer"), on_delete=models.PROTECT, related_name="offers")
    title = models.CharField(_("title"), max_length=160)
    occupation = models.CharField(_("occupation"), max_length=160, blank=True)
    contract_type = models.CharField(_("contract type"), max_length=16, choices=ContractType.choices)
    hours_per_week = models.DecimalField(
        _("hours per week"),
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
    )
    place = models.CharField(_("place of work"), max_length=160, blank=True)
    requirements = models.TextField(_("requirements"), blank=True)
    posts = models.PositiveSmallIntegerField(_("number of posts"), default=1, validators=[MinValueValidator(1)])
    opened_on = models.DateField(_("open since"), default=timezone.localdate)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=16, choices=OfferSource.choices, default=OfferSource.PROSPECTION)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )

    history = HistoricalRecords()

    objects = JobOfferQuerySet.as_manager()

    class Meta:
        verbose_name = _("job offer")
        verbose_name_plural = _("job offers")
        ordering = ["-opened_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=F("opened_on")), name="offer_closed_after_open"
            )
        ]

    def __str__(self):
        return f"{self.title} — {self.employer}"

    def clean(self):
        if self.closed_on and self.opened_on and self.closed_on < self.opened_on:
            raise ValidationError({"closed_on": _("An offer cannot close before it opens.")})

    @property
    def is_open(self) -> bool:
        return self.closed_on is None or self.closed_on >= timezone.localdate()


# Events.


class JobDayQuerySet(models.QuerySet):
    def for_event_list(self):
        """The newest first, each with its employers, guests (present ones apart) and matchings counted by a
        subquery per Job Day shown, not by joining every Job Day to all of them before the LIMIT."""
        return self.annotate(
            employer_count=_count_per(JobDay.employers.through.objects, "jobday"),
            guest_count=_count_per(JobDayGuest.objects, "job_day"),
            present_count=_count_per(JobDayGuest.objects.filter(present=True), "job_day"),
            matching_count=_count_per(Matching.objects, "job_day"),
        ).order_by("-held_on", "-pk")


class JobDay(models.Model):
    """A recruitment event where employers meet job seekers directly."""

    title = models.CharField(_("title"), max_length=160)
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=160, blank=True)
    sectors = models.CharField(_("sectors"), max_length=255, blank=True)
    employers = models.ManyToManyField(
        Employer, verbose_name=_("participating employers"), blank=True, related_name="job_days"
    )
    offers = models.ManyToManyField(JobOffer, verbose_name=_("offers presented"), blank=True, related_name="job_days")

    objects = JobDayQuerySet.as_manager()

    class Meta:
        verbose_name = _("Job Day")
        verbose_name_plural = _("Job Days")
        ordering = ["-held_on", "-pk"]

    def __str__(self):
        return f"{self.title} ({self.held_on:%d/%m/%Y})"


class JobDayGuest(models.Model):
    """A job seeker invited to a Job Day, and whether they came."""

    job_day = models.ForeignKey(JobDay, on_delete=models.CASCADE, related_name="guests")
    job_seeker = models.ForeignKey(JobSeeker, on_delete=models.CASCADE, related_name="+")
    present = models.BooleanField(_("present"), default=False)

    PERSONAL_DATA = {"job_day": Kind.KEPT, "job_seeker": Kind.KEPT, "present": Kind.KEPT}

    class Meta:
        verbose_name = _("Job Day guest")
        verbose_name_plural = _("Job Day guests")
        constraints = [models.UniqueConstraint(fields=["job_day", "job_seeker"], name="job_day_guest_unique")]

    def __str__(self):
        return str(self.job_seeker)


class InformationSession(models.Model):
    """A half-day information session run with a partner (Actiris, BAPA, a training centre)."""

    held_on = models.DateField(_("date"))
    partner = models.ForeignKey(Partner, verbose_name=_("partner"), on_delete=models.PROTECT, related_name="+")
    theme = models.CharField(_("theme"), max_length=200)
    people_reached = models.PositiveSmallIntegerField(_("people reached"))
    attendees = models.ManyToManyField(
        JobSeeker, verbose_name=_("people present (when known)"), blank=True, related_name="+"
    )

    PERSONAL_DATA = {
        "held_on": Kind.KEPT,
        "partner": Kind.KEPT,
        "theme": Kind.KEPT,
        "people_reached": Kind.KEPT,
        "attendees": Kind.KEPT,
    }

    class Meta:
        verbose_name = _("information session")
        verbose_name_plural = _("information sessions")
        ordering = ["-held_on", "-pk"]

    def __str__(self):
        return f"{self.theme} ({self.held_on:%d/%m/%Y})"


class Concertation(models.Model):
    """A zonal concertation: a coordination meeting with local partners (e.g. with Tracé)."""

    held_on = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=160)
    partners_present = models.CharField(_("partners present"), max_length=255)
    themes = models.TextField(_("themes"))
    minutes = models.FileField(_("minutes"), upload_to="concertations/%Y/", blank=True)

    class Meta:
        verbose_name = _("zonal concertation")
        verbose_name_plural = _("zonal concertations")
        ordering = ["-held_on", "-pk"]

    def __str__(self):
        return f"{self.title} ({self.held_on:%d/%m/%Y})"


# Matchings.


class MatchingQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=OPEN_MATCHING_STATUSES)

    def for_board(self):
        return self.select_related("job_seeker", "employer", "offer", "proposed_by").order_by(
            "status", "-status_changed_on", "pk"
        )


class Matching(models.Model):
    """A job seeker proposed to an employer, for an offer or spontaneously, followed to its result."""

    job_seeker = models.ForeignKey(
        JobSeeker, verbose_name=_("job seeker"), on_delete=models.PROTECT, related_name="matchings"
    )
    employer = models.ForeignKey(
        Employer, verbose_name=_("employer"), on_delete=models.PROTECT, related_name="matchings"
    )
    offer = models.ForeignKey(
        JobOffer,
        verbose_name=_("offer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="matchings",
        help_text=_("Leave empty for a spontaneous application."),
    )
    job_day = models.ForeignKey(
        JobDay, verbose_name=_("Job Day"), on_delete=models.SET_NULL, null=True, blank=True, related_name="matchings"
    )
    proposed_on = models.DateField(_("proposed on"), default=timezone.localdate)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("proposed by"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=16, choices=MatchingStatus.choices, default=MatchingStatus.PROPOSED
    )
    status_changed_on = models.DateField(_("status since"), default=timezone.localdate)
    reason = models.CharField(_("reason"), max_length=255, blank=True)
    note = models.TextField(_("note"), blank=True)
    # The positive exit "hired" recorded on the accompaniment: set once, so that a second click records nothing.
    outcome = models.OneToOneField(
        Outcome, on_delete=models.SET_NULL, null=True, blank=True, related_name="matching", editable=False
    )

    objects = MatchingQuerySet.as_manager()

    PERSONAL_DATA = {
        "job_seeker": Kind.KEPT,
        "employer": Kind.KEPT,
        "offer": Kind.KEPT,
        "job_day": Kind.KEPT,
        "proposed_on": Kind.KEPT,
        "proposed_by": Kind.KEPT,
        "status": Kind.KEPT,
        "status_changed_on": Kind.KEPT,
        "reason": Kind.FREE_TEXT,
        "note": Kind.FREE_TEXT,
        "outcome": Kind.KEPT,
    }

    class Meta:
        verbose_name = _("matching")
        verbose_name_plural = _("matchings")
        ordering = ["-proposed_on", "-pk"]
        indexes = [models.Index(fields=["proposed_on"])]

    def __str__(self):
        return f"{self.job_seeker} → {self.employer}"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_MATCHING_STATUSES


class MatchingStatusChange(models.Model):
    """The dated history of a matching's status, so that its status at any cut-off date can be told."""

    matching = models.ForeignKey(Matching, on_delete=models.CASCADE, related_name="status_changes")
    status = models.CharField(_("status"), max_length=16, choices=MatchingStatus.choices)
    changed_on = models.DateField(_("date"))
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True)
    reason = models.CharField(_("reason"), max_length=255, blank=True)

    PERSONAL_DATA = {
        "matching": Kind.KEPT,
        "status": Kind.KEPT,
        "changed_on": Kind.KEPT,
        "changed_by": Kind.KEPT,
        "reason": Kind.FREE_TEXT,
    }

    class Meta:
        verbose_name = _("matching status change")
        verbose_name_plural = _("matching status changes")
        ordering = ["changed_on", "pk"]
        indexes = [models.Index(fields=["matching", "changed_on"])]

    def __str__(self):
        return f"{self.get_status_display()} {self.changed_on:%d/%m/%Y}"


# DEIES / Article 60 insertion contracts.


class InsertionContractQuerySet(models.QuerySet):
    def with_effective_end(self):
        """The day the contract stops: its actual end once recorded, else its planned end."""
        return self.annotate(effective_end=Coalesce("ended_on", "planned_end_on"))

    def active_between(self, first: datetime.date, last: datetime.date):
        return self.with_effective_end().filter(started_on__lte=last, effective_end__gte=first)

    def active_on(self, day: datetime.date):
        return self.active_between(day, day)

    def ending_within(self, days: int, today: datetime.date | None = None):
        today = today or timezone.localdate()
        return self.with_effective_end().filter(
            ended_on__isnull=True, planned_end_on__gte=today, planned_end_on__lte=today + datetime.timedelta(days=days)
        )

    def visible_to(self, user):
        from employers import perms

        if perms.can_supervise_contracts(user):
            return self
        if not perms.can_read_contracts_of_own_files(user):
            return self.none()
        return self.filter(worker__in=JobSeeker.objects.in_team_of(user))

    def for_list_page(self):
        return self.select_related("worker", "worksite", "supervisor").with_effective_end()


class InsertionContract(VersionedModel):
    """A DEIES or Article 60 contract: the Mission Locale employs the worker, placed on a worksite."""

    worker = models.ForeignKey(
        JobSeeker, verbose_name=_("worker"), on_delete=models.PROTECT, related_name="insertion_contracts"
    )
    measure = models.CharField(_("measure"), max_length=16, choices=Measure.choices, default=Measure.DEIES)
    worksite = models.ForeignKey(
        Worksite, verbose_name=_("worksite"), on_delete=models.PROTECT, related_name="contracts"
    )
    job_title = models.CharField(_("job title"), max_length=120)
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("supervisor"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supervised_contracts",
    )
    started_on = models.DateField(_("start"))
    planned_end_on = models.DateField(_("planned end"))
    ended_on = models.DateField(_("actual end"), null=True, blank=True)
    end_reason = models.CharField(
        _("reason for the end"), max_length=16, choices=ContractEndReason.choices, blank=True
    )
    fte = models.DecimalField(
        _("FTE"),
        max_digits=3,
        decimal_places=2,
        default=1,
        validators=[MinValueValidator(0.1), MaxValueValidator(1)],
    )
    situation_at_end = models.CharField(
        _("situation at the end"), max_length=16, choices=FollowUpSituation.choices, blank=True
    )
    # The follow-up 3 months after the end: a checkpoint like those of every positive exit (accompaniment app),
    # recorded on the same page; the DEIES figure reads its situation.
    three_month_checkpoint = models.OneToOneField(
        "accompaniment.ExitCheckpoint",
        verbose_name=_("3-month checkpoint"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="insertion_contract",
    )

    history = HistoricalRecords()

    objects = InsertionContractQuerySet.as_manager()

    # The job and its measure, not the person: kept for the DEIES and Article 60 figures.
    PERSONAL_DATA = {
        "worker": Kind.KEPT,
        "measure": Kind.KEPT,
        "worksite": Kind.KEPT,
        "job_title": Kind.KEPT,
        "supervisor": Kind.KEPT,
        "started_on": Kind.KEPT,
        "planned_end_on": Kind.KEPT,
        "ended_on": Kind.KEPT,
        "end_reason": Kind.KEPT,
        "fte": Kind.KEPT,
        "situation_at_end": Kind.KEPT,
        "three_month_checkpoint": Kind.KEPT,
        "version": Kind.INTERNAL,
    }

    class Meta:
        verbose_name = _("insertion contract")
        verbose_name_plural = _("insertion contracts")
        ordering = ["-started_on", "-pk"]
        indexes = [models.Index(fields=["started_on"]), models.Index(fields=["ended_on"])]
        permissions = [("supervise_contracts", _("Can follow DEIES and Article 60 contracts"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_end_on__gte=F("started_on")), name="contract_planned_end_after_start"
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")), name="contract_end_after_start"
            ),
        ]

    def __str__(self):
        return f"{self.worker} — {self.worksite} ({self.started_on:%d/%m/%Y})"

    def clean(self):
        errors = {}
        if self.started_on and self.planned_end_on and self.planned_end_on < self.started_on:
            errors["planned_end_on"] = _("The planned end cannot precede the start.")
        if self.started_on and self.ended_on and self.ended_on < self.started_on:
            errors["ended_on"] = _("The contract cannot end before it starts.")
        if self.ended_on and not self.end_reason:
            errors["end_reason"] = _("Say why the contract ended.")
        if errors:
            raise ValidationError(errors)

    @property
    def effective_end_on(self) -> datetime.date:
        return self.ended_on or self.planned_end_on

    def is_active_on(self, day: datetime.date) -> bool:
        return self.started_on <= day <= self.effective_end_on


class ContractTraining(models.Model):
    contract = models.ForeignKey(InsertionContract, on_delete=models.CASCADE, related_name="trainings")
    kind = models.CharField(_("kind"), max_length=8, choices=TrainingKind.choices)
    title = models.CharField(_("title"), max_length=160)
    hours = models.PositiveSmallIntegerField(_("hours"), validators=[MinValueValidator(1), MaxValueValidator(2000)])
    trained_on = models.DateField(_("date (or last day)"))

    PERSONAL_DATA = {
        "contract": Kind.KEPT,
        "kind": Kind.KEPT,
        "title": Kind.KEPT,
        "hours": Kind.KEPT,
        "trained_on": Kind.KEPT,
    }

    class Meta:
        verbose_name = _("training during a contract")
        verbose_name_plural = _("trainings during contracts")
        ordering = ["-trained_on", "pk"]
        indexes = [models.Index(fields=["trained_on"])]

    def __str__(self):
        return self.title


class Certification(models.Model):
    contract = models.ForeignKey(InsertionContract, on_delete=models.CASCADE, related_name="certifications")
    kind = models.ForeignKey(CertificationKind, verbose_name=_("certification"), on_delete=models.PROTECT)
    obtained_on = models.DateField(_("obtained on"))

    PERSONAL_DATA = {"contract": Kind.KEPT, "kind": Kind.KEPT, "obtained_on": Kind.KEPT}

    class Meta:
        verbose_name = _("certification")
        verbose_name_plural = _("certifications")
        ordering = ["-obtained_on", "pk"]

    def __str__(self):
        return f"{self.kind} ({self.obtained_on:%d/%m/%Y})"
