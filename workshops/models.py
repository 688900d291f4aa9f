import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, Exists, F, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accompaniment.models import JobSeeker, LocalProject
from missionlocale.enums import Profession
from missionlocale.models import VersionedModel
from missionlocale.personal_data import Kind
from workshops.enums import AttendanceStatus, EnrolmentStatus, ModuleKind


class Funder(models.Model):
    """Who pays for a module or a local project (Actiris, FSE, the City of Brussels for the CQD…)."""

    name = models.CharField(_("name"), max_length=120, unique=True)

    class Meta:
        verbose_name = _("funder")
        verbose_name_plural = _("funders")
        ordering = ["name"]

    def __str__(self):
        return self.name


class LocalProjectDetails(models.Model):
    """What the workshops app knows of a local project: its period, funder, project officer and target."""

    local_project = models.OneToOneField(LocalProject, on_delete=models.CASCADE, related_name="details")
    starts_on = models.DateField(_("start"), null=True, blank=True)
    ends_on = models.DateField(_("end"), null=True, blank=True)
    funder = models.ForeignKey(Funder, verbose_name=_("funder"), on_delete=models.PROTECT, null=True, blank=True)
    project_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("project officer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    target = models.CharField(_("target public"), max_length=255, blank=True)
    target_count = models.PositiveIntegerField(_("people targeted per year"), null=True, blank=True)

    class Meta:
        verbose_name = _("local project details")
        verbose_name_plural = _("local project details")

    def __str__(self):
        return str(self.local_project)

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The end cannot precede the start.")})


class Module(models.Model):
    """A collective module of the catalogue (or a digital training of the EPN): reference data."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    name_nl = models.CharField(
        _("name in Dutch"), max_length=120, blank=True, help_text=_("Empty: the Dutch report prints the French name.")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ModuleKind.choices, default=ModuleKind.COLLECTIVE)
    description = models.TextField(_("description"), blank=True)
    target_public = models.CharField(_("target public"), max_length=255, blank=True)
    sectors = models.CharField(_("sectors"), max_length=255, blank=True, help_text=_("Separated by commas."))
    usual_weeks = models.PositiveSmallIntegerField(
        _("usual length (weeks)"), default=4, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    funder = models.ForeignKey(Funder, verbose_name=_("funder"), on_delete=models.PROTECT, null=True, blank=True)
    local_project = models.ForeignKey(
        LocalProject,
        verbose_name=_("local project"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="modules",
    )
    completion_rate = models.PositiveSmallIntegerField(
        _("attendance needed for completion (%)"),
        default=75,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("Share of the session's meetings a participant must attend to complete it."),
    )
    confidential = models.BooleanField(
        _("confidential"),
        default=False,
        help_text=_(
            "Taking part reveals sensitive facts (Nouveaux Départs): only the session's facilitators, the person's "
            "counsellor and psychologists see who is enrolled."
        ),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("module")
        verbose_name_plural = _("modules")
        ordering = ["kind", "name"]

    def __str__(self):
        return self.name

    @property
    def sector_list(self) -> list[str]:
        return [sector.strip() for sector in self.sectors.split(",") if sector.strip()]


class SessionQuerySet(models.QuerySet):
    def with_counts(self):
        seated = Q(enrolments__status__in=[EnrolmentStatus.INVITED, EnrolmentStatus.REGISTERED, "completed"])
        return self.annotate(
            seated_count=Count("enrolments", filter=seated, distinct=True),
            waiting_count=Count("enrolments", filter=Q(enrolments__status=EnrolmentStatus.WAITING), distinct=True),
        )

    def for_list_page(self):
        return (
            # The session's project, or its module's (Session.project): both in the same query, not one per row.
            self.select_related("module__local_project", "local_project")
            .prefetch_related("facilitators")
            .with_counts()
            .order_by("-starts_on", "pk")
        )

    def led_by(self, user):
        return self.filter(pk__in=Session.facilitators.through.objects.filter(user=user).values("session"))

    def running_in(self, year: int):
        """Sessions with at least one day in the year, the latest first."""
        return self.filter(
            starts_on__lte=datetime.date(year, 12, 31), ends_on__gte=datetime.date(year, 1, 1)
        ).order_by("-starts_on", "pk")

    def current_and_upcoming(self, today: datetime.date):
        """Sessions not over yet, the soonest first: what a manager fills and staffs next."""
        return self.filter(ends_on__gte=today).order_by("starts_on", "pk")


class Session(VersionedModel):
    """One run (cohort) of a module: dates, facilitators, place, capacity, meetings and participants."""

    module = models.ForeignKey(Module, verbose_name=_("module"), on_delete=models.PROTECT, related_name="sessions")
    label = models.CharField(_("label"), max_length=120, blank=True, help_text=_("E.g. “Vente – printemps”."))
    starts_on = models.DateField(_("start"))
    ends_on = models.DateField(_("end"))
    place = models.CharField(_("place"), max_length=160, blank=True)
    capacity = models.PositiveSmallIntegerField(
        _("capacity"), default=12, validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    facilitators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("facilitators"), related_name="facilitated_sessions"
    )
    local_project = models.ForeignKey(
        LocalProject,
        verbose_name=_("local project"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sessions",
        help_text=_("Leave empty to use the module's."),
    )
    weekdays = models.CharField(_("weekdays"), max_length=20, blank=True, help_text=_("Weekday numbers, 0 = Monday."))
    starts_at = models.TimeField(_("starts at"), default=datetime.time(9, 30))
    ends_at = models.TimeField(_("ends at"), default=datetime.time(12, 30))
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = SessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["-starts_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="session_ends_after_start"),
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="session_ends_at_after_start"),
        ]

    def __str__(self):
        label = f" – {self.label}" if self.label else ""
        return f"{self.module}{label} ({self.starts_on:%d/%m/%Y})"

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The end cannot precede the start.")})
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The meetings must end after they start.")})

    @property
    def weekday_list(self) -> list[int]:
        return [int(day) for day in self.weekdays.split(",") if day.strip().isdigit()]

    @property
    def project(self) -> LocalProject | None:
        return self.local_project or self.module.local_project


class Meeting(models.Model):
    """One meeting of a session, on one day; attendance is taken for it."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="meetings")
    date = models.DateField(_("date"))
    starts_at = models.TimeField(_("starts at"))
    ends_at = models.TimeField(_("ends at"))
    topic = models.CharField(_("topic"), max_length=160, blank=True)

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["date", "starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["session", "date", "starts_at"], name="meeting_unique_slot"),
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="meeting_ends_after_start"),
        ]
        indexes = [models.Index(fields=["date"])]

    def __str__(self):
        return f"{self.date:%d/%m/%Y} {self.starts_at:%H:%M}"

    def clean(self):
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The meeting must end after it starts.")})


class VisitorQuerySet(models.QuerySet):
    def search(self, query: str):
        from accompaniment.niss import name_key

        query = (query or "").strip()
        if not query:
            return self.none()
        return self.filter(name_key__contains=name_key(query))


class Visitor(models.Model):
    """Someone who uses the public computer room (EPN): a name, and their file when they have one."""

    first_name = models.CharField(_("first name"), max_length=80)
    last_name = models.CharField(_("last name"), max_length=80, blank=True)
    name_key = models.CharField(max_length=170, editable=False, db_index=True)
    job_seeker = models.OneToOneField(
        JobSeeker,
        verbose_name=_("job-seeker file"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="visitor",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = VisitorQuerySet.as_manager()

    PERSONAL_DATA = {
        "first_name": Kind.PERSONAL,
        "last_name": Kind.PERSONAL,
        "name_key": Kind.INTERNAL,
        "job_seeker": Kind.KEPT,
        "created_at": Kind.KEPT,
        "created_by": Kind.INTERNAL,
    }

    class Meta:
        verbose_name = _("visitor")
        verbose_name_plural = _("visitors")
        ordering = ["last_name", "first_name", "pk"]

    def __str__(self):
        return f"{self.last_name.upper()} {self.first_name}".strip()

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class EnrolmentQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Enrolments in a confidential module (Nouveaux Départs) show only to the session's facilitators, the
        person's team (the counsellor of their open accompaniment, staff added to the file) and psychologists."""
        if user.profession == Profession.PSYCHOLOGIST:
            return self
        facilitated = Session.facilitators.through.objects.filter(user=user, session=OuterRef("session"))
        return self.filter(
            Q(session__module__confidential=False)
            | Exists(facilitated)
            | Q(job_seeker__in=JobSeeker.objects.in_team_of(user))
        )

    def seated(self):
        return self.filter(status__in=[EnrolmentStatus.INVITED, EnrolmentStatus.REGISTERED, EnrolmentStatus.COMPLETED])

    def with_attendance_counts(self):
        return self.annotate(
            present_count=Count("attendances", filter=Q(attendances__status=AttendanceStatus.PRESENT)),
        )


class Enrolment(models.Model):
    """A person's place in a session: a job seeker (modules) or an EPN visitor (digital trainings)."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="enrolments")
    job_seeker = models.ForeignKey(
        JobSeeker, on_delete=models.PROTECT, null=True, blank=True, related_name="enrolments"
    )
    visitor = models.ForeignKey(Visitor, on_delete=models.PROTECT, null=True, blank=True, related_name="enrolments")
    status = models.CharField(
        _("status"), max_length=12, choices=EnrolmentStatus.choices, default=EnrolmentStatus.REGISTERED
    )
    enrolled_on = models.DateField(_("enrolled on"), default=timezone.localdate)
    # Order of the waiting list: who asked first gets the first freed seat.
    waiting_since = models.DateTimeField(null=True, blank=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    enrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()

    objects = EnrolmentQuerySet.as_manager()

    PERSONAL_DATA = {
        "session": Kind.KEPT,
        "job_seeker": Kind.KEPT,
        "visitor": Kind.KEPT,
        "status": Kind.KEPT,
        "enrolled_on": Kind.KEPT,
        "waiting_since": Kind.KEPT,
        "completed_on": Kind.KEPT,
        "enrolled_by": Kind.KEPT,
    }

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["session", "pk"]
        # The indicators join a year's presences to their job seekers: read from the index alone.
        indexes = [models.Index(fields=["job_seeker"], include=["id"], name="enrolment_job_seeker_with_id")]
        constraints = [
            models.CheckConstraint(
                condition=Q(job_seeker__isnull=False, visitor__isnull=True)
                | Q(job_seeker__isnull=True, visitor__isnull=False),
                name="enrolment_one_participant",
            ),
            models.UniqueConstraint(
                fields=["session", "job_seeker"], condition=Q(job_seeker__isnull=False), name="enrolment_unique_file"
            ),
            models.UniqueConstraint(
                fields=["session", "visitor"], condition=Q(visitor__isnull=False), name="enrolment_unique_visitor"
            ),
        ]

    def __str__(self):
        return f"{self.participant_name} – {self.session}"

    @property
    def participant(self):
        return self.job_seeker or self.visitor

    @property
    def participant_name(self) -> str:
        person = self.participant
        return f"{person.last_name.upper()} {person.first_name}".strip() if person else ""


class Attendance(models.Model):
    """Present, absent or excused at one meeting."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="attendances")
    status = models.CharField(_("attendance"), max_length=8, choices=AttendanceStatus.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    PERSONAL_DATA = {
        "meeting": Kind.KEPT,
        "enrolment": Kind.KEPT,
        "status": Kind.KEPT,
        "recorded_by": Kind.KEPT,
        "recorded_at": Kind.INTERNAL,
    }

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")
        constraints = [models.UniqueConstraint(fields=["meeting", "enrolment"], name="attendance_unique")]
        # The indicators read the presences of a year's meetings and their enrolments from the index alone.
        indexes = [
            models.Index(fields=["meeting", "status"], include=["enrolment"], name="attendance_meeting_status"),
        ]

    def __str__(self):
        return self.get_status_display()


class ComputerVisit(models.Model):
    """A computer-access visit to the EPN; without a visitor it is anonymous and counted as a visit only."""

    visitor = models.ForeignKey(Visitor, on_delete=models.PROTECT, null=True, blank=True, related_name="visits")
    visited_on = models.DateField(_("date"), default=timezone.localdate, db_index=True)
    at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    PERSONAL_DATA = {"visitor": Kind.KEPT, "visited_on": Kind.KEPT, "at": Kind.KEPT, "recorded_by": Kind.KEPT}

    class Meta:
        verbose_name = _("computer visit")
        verbose_name_plural = _("computer visits")
        ordering = ["-at", "-pk"]
        # The indicators count a year's distinct visitors from the index alone.
        indexes = [models.Index(fields=["visited_on"], include=["visitor"], name="computervisit_day_visitor")]

    def __str__(self):
        return f"{self.visitor or _('Anonymous')} {self.visited_on:%d/%m/%Y}"


class CoachingSession(models.Model):
    """An individual digital coaching session with the ETIC coach."""

    visitor = models.ForeignKey(
        Visitor, verbose_name=_("person"), on_delete=models.PROTECT, related_name="coaching_sessions"
    )
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("coach"), on_delete=models.PROTECT, related_name="+"
    )
    occurred_on = models.DateField(_("date"), default=timezone.localdate, db_index=True)
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"), default=45, validators=[MinValueValidator(5), MaxValueValidator(480)]
    )
    skills = models.JSONField(_("skills worked on"), default=list, blank=True)
    note = models.CharField(_("note"), max_length=255, blank=True)

    PERSONAL_DATA = {
        "visitor": Kind.KEPT,
        "coach": Kind.KEPT,
        "occurred_on": Kind.KEPT,
        "duration_minutes": Kind.KEPT,
        "skills": Kind.KEPT,
        "note": Kind.FREE_TEXT,
    }

    class Meta:
        verbose_name = _("coaching session")
        verbose_name_plural = _("coaching sessions")
        ordering = ["-occurred_on", "-pk"]

    def __str__(self):
        return f"{self.visitor} {self.occurred_on:%d/%m/%Y}"

    @property
    def skill_labels(self) -> list[str]:
        from workshops.enums import DigitalSkill

        labels = dict(DigitalSkill.choices)
        return [str(labels.get(skill, skill)) for skill in self.skills]
