import datetime

from django.conf import settings
from django.db import connections, models
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from accompaniment.enums import (
    LASTING_SITUATIONS,
    POSITIVE_OUTCOMES,
    AccessAction,
    AccompanimentStatus,
    ActirisRegistrationHelp,
    AnonymisationCause,
    AssignmentReason,
    BarrierKind,
    CheckpointMonths,
    CheckpointSituation,
    ClosingReason,
    EducationLevel,
    Gender,
    InterviewKind,
    LanguageLevel,
    OrientationResult,
    OutcomeKind,
    PartnerKind,
    PreferredLanguage,
    RecognitionStatus,
    ReferralSource,
    ReminderChannel,
    Situation,
    StepOwner,
    SystemNote,
)
from missionlocale.enums import Profession
from missionlocale.figure_cache import RECORDS, data_changed
from missionlocale.models import VersionedModel
from missionlocale.personal_data import Kind

# Professions whose interview notes are always confidential (rule 4 of the domain).
CONFIDENTIAL_PROFESSIONS = frozenset({Profession.PSYCHOLOGIST, Profession.SOCIAL_WORKER})


class LocalProject(models.Model):
    """A neighbourhood or funded programme people belong to (CQD Versailles, Projet 50+…)."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    name_nl = models.CharField(
        _("name in Dutch"), max_length=120, blank=True, help_text=_("Empty: the Dutch report prints the French name.")
    )
    is_active = models.BooleanField(_("active"), default=True)
    confidential = models.BooleanField(
        _("confidential"),
        default=False,
        help_text=_(
            "Belonging to it reveals sensitive facts (e.g. Nouveaux Départs, for women leaving domestic violence): "
            "only the person's team and psychologists see it."
        ),
    )

    class Meta:
        verbose_name = _("local project")
        verbose_name_plural = _("local projects")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Partner(models.Model):
    """An organisation people are referred from or oriented to (CPAS, BAPA, training centres…)."""

    name = models.CharField(_("name"), max_length=160, unique=True)
    kind = models.CharField(_("kind"), max_length=32, choices=PartnerKind.choices)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["name"]

    def __str__(self):
        return self.name


class JobSeekerQuerySet(models.QuerySet):
    def in_team_of(self, user):
        """Files where the user is the counsellor of the open accompaniment or a member of the team."""
        return self.filter(
            Q(pk__in=Accompaniment.objects.open().filter(counsellor=user).values("job_seeker"))
            | Q(pk__in=TeamMember.objects.filter(user=user).values("job_seeker"))
        )

    def search(self, query: str):
        """Files matching what was typed: a name in any order and without accents, a phone number, an email, a NISS
        or an Actiris number (accompaniment/search.py); on PostgreSQL a name with a small typo too."""
        from accompaniment.search import search_condition

        condition = search_condition(query, vendor=connections[self.db].vendor)
        return self if condition is None else self.filter(condition)

    def for_search_results(self, *, query: str, recent_pks=()):
        """The search results page: the files the user opened lately first (most recent first), then on PostgreSQL
        the closest names, then by name; with the counsellor of the open accompaniment, in one query."""
        from accompaniment.search import similarity_to

        open_accompaniments = Accompaniment.objects.open().filter(job_seeker=OuterRef("pk"))
        recent = [When(pk=pk, then=Value(rank)) for rank, pk in enumerate(recent_pks)]
        queryset = self.annotate(
            counsellor_first_name=Subquery(open_accompaniments.values("counsellor__first_name")[:1]),
            counsellor_last_name=Subquery(open_accompaniments.values("counsellor__last_name")[:1]),
            recent_rank=Case(*recent, default=Value(len(recent)), output_field=IntegerField()),
        )
        order = ["recent_rank"]
        if connections[self.db].vendor == "postgresql":
            queryset = queryset.annotate(similarity=similarity_to(query))
            order.append("-similarity")
        return queryset.order_by(*order, "name_key", "birth_date", "pk")


class JobSeeker(VersionedModel):
    """The file (dossier) of a job seeker."""

    first_name = models.CharField(_("first name"), max_length=80)
    last_name = models.CharField(_("last name"), max_length=80)
    # Lower-case, accent-free "last first" for duplicate detection and search on any database.
    name_key = models.CharField(max_length=170, editable=False, db_index=True)
    birth_date = models.DateField(_("birth date"))
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices)
    niss = models.CharField(
        _("NISS / BIS number"), max_length=11, unique=True, null=True, blank=True, help_text=_("11 digits.")
    )
    actiris_number = models.CharField(_("Actiris number"), max_length=20, blank=True, db_index=True)
    street = models.CharField(_("street and number"), max_length=160, blank=True)
    postcode = models.CharField(_("postcode"), max_length=4, blank=True)
    commune = models.CharField(_("commune"), max_length=60, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("email"), blank=True)
    languages = models.CharField(_("languages spoken"), max_length=200, blank=True)
    french_level = models.CharField(_("French level"), max_length=4, choices=LanguageLevel.choices, blank=True)
    dutch_level = models.CharField(_("Dutch level"), max_length=4, choices=LanguageLevel.choices, blank=True)
    education_level = models.CharField(
        _("highest education level"), max_length=20, choices=EducationLevel.choices, blank=True
    )
    foreign_diploma_recognised = models.BooleanField(_("foreign diploma recognised"), null=True, blank=True)
    situation = models.CharField(_("situation"), max_length=32, choices=Situation.choices, blank=True)
    driving_licence = models.BooleanField(_("driving licence"), default=False)
    referral_source = models.CharField(
        _("how they came"), max_length=16, choices=ReferralSource.choices, default=ReferralSource.SPONTANEOUS
    )
    referral_partner = models.ForeignKey(
        Partner,
        verbose_name=_("referring partner"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referred_job_seekers",
    )
    actiris_referral_date = models.DateField(_("Actiris referral date"), null=True, blank=True)
    local_projects = models.ManyToManyField(
        LocalProject, verbose_name=_("local projects"), blank=True, related_name="job_seekers"
    )
    # Safe contact, for people fleeing violence: no contact at home, no messages, the address hidden
    # from everyone but the counsellor.
    do_not_contact_at_home = models.BooleanField(_("do not contact at home / do not leave messages"), default=False)
    address_hidden = models.BooleanField(_("address hidden from everyone but the counsellor"), default=False)
    # Appointment reminders (accompaniment/reminders.py): opt-in, in the person's language. A safe-contact file
    # gets them only on the safe channel below, which shows to the readers of a hidden address only (policy.py).
    reminder_channel = models.CharField(
        _("appointment reminders"), max_length=8, choices=ReminderChannel.choices, blank=True, default=""
    )
    preferred_language = models.CharField(
        _("preferred language"), max_length=2, choices=PreferredLanguage.choices, default=PreferredLanguage.FR
    )
    safe_phone = models.CharField(
        _("safe phone"), max_length=20, blank=True, help_text=_("A number only the person reads (safe contact).")
    )
    safe_email = models.EmailField(
        _("safe email"), blank=True, help_text=_("An address only the person reads (safe contact).")
    )
    # Set when the file is anonymised (retention period over, or erasure on request).
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )

    # Waiting for a counsellor (the managers' "files to assign"): no accompaniment open, none started since the
    # Actiris referral (none at all without one). Derived from the accompaniments and kept by
    # `job_seekers_awaiting_refresh` on every save: a partial index then finds these files among all the others.
    awaiting_counsellor = models.BooleanField(default=True, editable=False)
    # The commune (accompaniment.communes) the public's profile counts an anonymised file in, set when its postcode
    # is erased: one of the region's 19 communes, "outside" or "unknown" (a hidden address), never an address.
    kept_commune = models.CharField(max_length=30, blank=True, default="", editable=False)

    history = HistoricalRecords(m2m_fields=[local_projects], excluded_fields=["awaiting_counsellor"])

    objects = JobSeekerQuerySet.as_manager()

    # In the order of the right-of-access export (missionlocale/personal_data.py).
    PERSONAL_DATA = {
        "first_name": Kind.PERSONAL,
        "last_name": Kind.PERSONAL,
        "birth_date": Kind.PERSONAL,
        "niss": Kind.PROTECTED,
        "actiris_number": Kind.PERSONAL,
        "street": Kind.PROTECTED,
        "postcode": Kind.PROTECTED,
        "commune": Kind.PROTECTED,
        "phone": Kind.PERSONAL,
        "email": Kind.PERSONAL,
        "languages": Kind.PERSONAL,
        "driving_licence": Kind.KEPT,
        "actiris_referral_date": Kind.KEPT,
        "do_not_contact_at_home": Kind.PERSONAL,
        "address_hidden": Kind.PERSONAL,
        "reminder_channel": Kind.PERSONAL,
        "preferred_language": Kind.KEPT,
        "safe_phone": Kind.PROTECTED,
        "safe_email": Kind.PROTECTED,
        "created_at": Kind.KEPT,
        "anonymised_at": Kind.KEPT,
        "gender": Kind.KEPT,
        "french_level": Kind.KEPT,
        "dutch_level": Kind.KEPT,
        "education_level": Kind.KEPT,
        "foreign_diploma_recognised": Kind.KEPT,
        "situation": Kind.KEPT,
        "referral_source": Kind.KEPT,
        "referral_partner": Kind.KEPT,
        "local_projects": Kind.KEPT,
        "name_key": Kind.INTERNAL,
        "version": Kind.INTERNAL,
        "created_by": Kind.INTERNAL,
        "awaiting_counsellor": Kind.INTERNAL,
        "kept_commune": Kind.KEPT,
    }

    class Meta:
        verbose_name = _("job seeker")
        verbose_name_plural = _("job seekers")
        ordering = ["last_name", "first_name", "pk"]
        # On PostgreSQL, name_key also has a GIN trigram index (migration 0011) for the search with typos.
        indexes = [
            models.Index(fields=["name_key", "birth_date"]),
            models.Index(fields=["birth_date"]),
            # The files to assign, in the order the managers read them, among hundreds of thousands of files.
            models.Index(
                fields=["actiris_referral_date", "id"],
                condition=Q(awaiting_counsellor=True),
                name="jobseeker_awaiting_counsellor",
            ),
        ]

    def __str__(self):
        return f"{self.last_name.upper()} {self.first_name}"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


class Barrier(VersionedModel):
    """A barrier to employment (frein), from the day it is identified to the day it is lifted."""

    job_seeker = models.ForeignKey(JobSeeker, on_delete=models.CASCADE, related_name="barriers")
    kind = models.CharField(_("barrier"), max_length=32, choices=BarrierKind.choices)
    identified_on = models.DateField(_("identified on"), default=timezone.localdate)
    lifted_on = models.DateField(_("lifted on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=255, blank=True)

    history = HistoricalRecords()

    PERSONAL_DATA = {
        "job_seeker": Kind.KEPT,
        "kind": Kind.KEPT,
        "identified_on": Kind.KEPT,
        "lifted_on": Kind.KEPT,
        "note": Kind.FREE_TEXT,
        "version": Kind.INTERNAL,
    }

    class Meta:
        verbose_name = _("barrier")
        verbose_name_plural = _("barriers")
        ordering = ["lifted_on", "-identified_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(lifted_on__isnull=True) | Q(lifted_on__gte=F("identified_on")),
                name="barrier_lifted_after_identified",
            )
        ]

    def __str__(self):
        return self.get_kind_display()

    @property
    def is_open(self) -> bool:
        return self.lifted_on is None


class TeamMember(models.Model):
    """A staff member added to a file's team besides its counsellor (psychologist, coach…)."""

    job_seeker = models.ForeignKey(JobSeeker, on_delete=models.CASCADE, related_name="team_members")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="team_memberships")
    added_on = models.DateField(_("added on"), default=timezone.localdate)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True)

    PERSONAL_DATA = {"job_seeker": Kind.KEPT, "user": Kind.KEPT, "added_on": Kind.KEPT, "added_by": Kind.INTERNAL}

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        constraints = [models.UniqueConstraint(fields=["job_seeker", "user"], name="team_member_unique")]

    def __str__(self):
        return str(self.user)


class AccompanimentQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=AccompanimentStatus.OPEN)

    def ending_within(self, days: int, today: datetime.date | None = None):
        today = today or timezone.localdate()
        return self.open().filter(planned_end_on__lte=today + datetime.timedelta(days=days))

    def with_caseload_data(self, today: datetime.date | None = None):
        """Annotations of the caseload page: last and next interview, open barriers, overdue steps."""
        today = today or timezone.localdate()
        person = OuterRef("job_seeker")
        interviews = Interview.objects.filter(job_seeker=person)
        return self.annotate(
            last_interview_on=Subquery(
                interviews.filter(occurred_on__lte=today)
                .values("job_seeker")
                .annotate(m=Max("occurred_on"))
                .values("m")
            ),
            next_appointment_at=Subquery(
                Appointment.objects.active()
                .filter(job_seeker=person, starts_at__gte=timezone.now())
                .values("job_seeker")
                .annotate(m=Min("starts_at"))
                .values("m")
            ),
            open_barrier_count=Coalesce(
                Subquery(
                    Barrier.objects.filter(job_seeker=person, lifted_on__isnull=True)
                    .values("job_seeker")
                    .annotate(c=Count("pk"))
                    .values("c")
                ),
                0,
            ),
            has_overdue_steps=Exists(
                ActionStep.objects.filter(accompaniment=OuterRef("pk"), done_on__isnull=True, due_on__lt=today)
            ),
        )

    def for_caseload_page(self, today: datetime.date | None = None):
        return self.select_related("job_seeker", "counsellor").with_caseload_data(today)


class Accompaniment(VersionedModel):
    """A one-year accompaniment of one job seeker by one counsellor (rule 1 of the domain)."""

    job_seeker = models.ForeignKey(JobSeeker, on_delete=models.PROTECT, related_name="accompaniments")
    counsellor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("counsellor"),
        on_delete=models.PROTECT,
        related_name="accompaniments",
    )
    started_on = models.DateField(_("start date"))
    planned_end_on = models.DateField(_("planned end"))
    referral_source = models.CharField(_("referral source"), max_length=16, choices=ReferralSource.choices)
    recognition_status = models.CharField(
        _("Actiris recognition"), max_length=16, choices=RecognitionStatus.choices, default=RecognitionStatus.PENDING
    )
    recognised_on = models.DateField(_("recognition date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=AccompanimentStatus.choices, default=AccompanimentStatus.OPEN
    )
    closed_on = models.DateField(_("closing date"), null=True, blank=True)
    closing_reason = models.CharField(_("closing reason"), max_length=16, choices=ClosingReason.choices, blank=True)
    # Who closed it and when (not the closing date, which may be earlier): the undo of the same day asks both.
    closed_at = models.DateTimeField(null=True, blank=True, editable=False)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )
    # Its first positive outcome dated from its start (the earliest date, then the first entered), derived by
    # `accompaniments_first_positive_refresh` whenever an outcome or the accompaniment is saved or deleted
    # (accompaniment/signals.py): the yearly counts of positive exits read the year's accompaniments alone instead
    # of joining every outcome since 1 January of the year (issue 17).
    first_positive_on = models.DateField(null=True, editable=False)
    first_positive_kind = models.CharField(max_length=32, blank=True, editable=False)
    first_positive_id = models.BigIntegerField(null=True, editable=False)

    history = HistoricalRecords(excluded_fields=["first_positive_on", "first_positive_kind", "first_positive_id"])

    objects = AccompanimentQuerySet.as_manager()

    PERSONAL_DATA = {
        "job_seeker": Kind.KEPT,
        "counsellor": Kind.KEPT,
        "started_on": Kind.KEPT,
        "planned_end_on": Kind.KEPT,
        "referral_source": Kind.KEPT,
        "recognition_status": Kind.KEPT,
        "recognised_on": Kind.KEPT,
        "status": Kind.KEPT,
        "closed_on": Kind.KEPT,
        "closing_reason": Kind.KEPT,
        "closed_at": Kind.INTERNAL,
        "closed_by": Kind.INTERNAL,
        "version": Kind.INTERNAL,
        "first_positive_on": Kind.INTERNAL,
        "first_positive_kind": Kind.INTERNAL,
        "first_positive_id": Kind.INTERNAL,
    }

    class Meta:
        verbose_name = _("accompaniment")
        verbose_name_plural = _("accompaniments")
        ordering = ["-started_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["job_seeker"], condition=Q(status="open"), name="accompaniment_one_open_per_job_seeker"
            ),
            models.CheckConstraint(
                condition=Q(status="open", closed_on__isnull=True) | Q(status="closed", closed_on__isnull=False),
                name="accompaniment_closed_on_iff_closed",
            ),
        ]
        indexes = [
            models.Index(fields=["counsellor", "status"]),
            models.Index(fields=["started_on"]),
            # The yearly counts (accompanied, positive exits, this year and the last) from the index alone.
            models.Index(
                fields=["started_on"],
                include=["job_seeker", "recognition_status", "recognised_on", "first_positive_on"],
                name="accompaniment_year_counts",
            ),
            # The positive exits dated in a year (durability of the exits), by the date of the first positive outcome.
            models.Index(
                fields=["first_positive_on"],
                condition=models.Q(first_positive_on__isnull=False),
                name="accompaniment_exit_date",
            ),
            # A person's latest accompaniment (files waiting for a counsellor), by one index lookup.
            models.Index(fields=["job_seeker", "-started_on"], name="accompaniment_latest_start"),
            # The caseload fill of every counsellor, counted from the open accompaniments alone.
            models.Index(
                fields=["counsellor", "referral_source"],
                condition=models.Q(status="open"),
                name="accompaniment_open_fill",
            ),
        ]

    def __str__(self):
        return f"{self.job_seeker} ({self.started_on:%d/%m/%Y})"

    @property
    def is_open(self) -> bool:
        return self.status == AccompanimentStatus.OPEN

    def days_left(self, today: datetime.date | None = None) -> int:
        return (self.planned_end_on - (today or timezone.localdate())).days


class AssignmentRequest(models.Model):
    """A file its creator could not take on: it waits on the managers' "files to assign" list, who were told."""

    job_seeker = models.ForeignKey(JobSeeker, on_delete=models.CASCADE, related_name="assignment_requests")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(_("asked on"), default=timezone.now)
    reason = models.CharField(_("reason"), max_length=20, choices=AssignmentReason.choices)

    PERSONAL_DATA = {
        "job_seeker": Kind.KEPT,
        "requested_by": Kind.INTERNAL,
        "requested_at": Kind.INTERNAL,
        "reason": Kind.INTERNAL,
    }

    class Meta:
        verbose_name = _("assignment request")
        verbose_name_plural = _("assignment requests")
        ordering = ["-requested_at", "-pk"]

    def __str__(self):
        return f"{self.get_reason_display()} {self.requested_at:%d/%m/%Y}"


class Outcome(models.Model):
    """What came of an accompaniment: employment, training (positive exits) or another end."""

    accompaniment = models.ForeignKey(Accompaniment, on_delete=models.CASCADE, related_name="outcomes")
    kind = models.CharField(_("outcome"), max_length=32, choices=OutcomeKind.choices)
    occurred_on = models.DateField(_("date"))
    organisation = models.CharField(_("employer or training centre"), max_length=160, blank=True)
    note = models.TextField(_("note"), blank=True)
    # A note the product wrote (a hire recorded from a matching): its code and parameters, shown by note_text in
    # the reader's language, never a sentence stored in the writer's.
    system_note = models.CharField(_("system note"), max_length=40, choices=SystemNote.choices, blank=True)
    system_note_params = models.JSONField(_("system note details"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True)
    recorded_at = models.DateTimeField(default=timezone.now, editable=False)

    history = HistoricalRecords()

    PERSONAL_DATA = {
        "accompaniment": Kind.KEPT,
        "kind": Kind.KEPT,
        "occurred_on": Kind.KEPT,
        "organisation": Kind.FREE_TEXT,
        "note": Kind.FREE_TEXT,
        "system_note": Kind.KEPT,
        "system_note_params": Kind.FREE_TEXT,
        "recorded_by": Kind.KEPT,
        "recorded_at": Kind.INTERNAL,
    }

    class Meta:
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")
        ordering = ["occurred_on", "pk"]
        indexes = [
            models.Index(fields=["accompaniment", "kind", "occurred_on"]),
            # The positive exits of year Y read the outcomes dated from 1 January of Y, by this index alone.
            models.Index(fields=["occurred_on", "accompaniment", "kind"], include=["id"], name="outcome_by_date"),
        ]

    def __str__(self):
        return self.get_kind_display()

    @property
    def is_positive(self) -> bool:
        return self.kind in POSITIVE_OUTCOMES

    @property
    def category(self) -> str:
        return OutcomeKind.category_of(self.kind)

    @property
    def note_text(self) -> str:
        """The note as the reader reads it: staff's own words, or the product's note in the active language."""
        if not self.system_note:
            return self.note
        return system_note_text(self.system_note, self.system_note_params)


class ExitCheckpointQuerySet(models.QuerySet):
    def recorded_by_cutoff(self, cutoff: datetime.date):
        """The checkpoints as the data stood at the end of the cut-off day C."""
        end = timezone.make_aware(datetime.datetime.combine(cutoff + datetime.timedelta(days=1), datetime.time.min))
        return self.filter(recorded_at__lt=end)


class ExitCheckpoint(models.Model):
    """What became of a positive exit 3, 6 or 12 months after its date: one row once someone recorded it.

    A checkpoint follows the positive exit of an accompaniment (its first positive outcome, see
    ``accompaniment.durability``), or, with no accompaniment, the end of an insertion contract: the DEIES
    follow-up 3 months after the contract, which the contract links to (``employers.InsertionContract``).
    A checkpoint not recorded yet has no row: it is computed from the exit's date.
    """

    job_seeker = models.ForeignKey(JobSeeker, on_delete=models.PROTECT, related_name="exit_checkpoints")
    accompaniment = models.ForeignKey(
        Accompaniment, on_delete=models.CASCADE, related_name="exit_checkpoints", null=True, blank=True
    )
    exit_on = models.DateField(_("exit date"))
    months = models.PositiveSmallIntegerField(_("checkpoint"), choices=CheckpointMonths.choices)
    due_on = models.DateField(_("due on"))
    reached = models.BooleanField(_("person reached"))
    situation = models.CharField(_("situation"), max_length=20, choices=CheckpointSituation.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    history = HistoricalRecords()

    objects = ExitCheckpointQuerySet.as_manager()

    PERSONAL_DATA = {
        "job_seeker": Kind.KEPT,
        "accompaniment": Kind.KEPT,
        "exit_on": Kind.KEPT,
        "months": Kind.KEPT,
        "due_on": Kind.KEPT,
        "reached": Kind.KEPT,
        "situation": Kind.KEPT,
        "note": Kind.FREE_TEXT,
        "recorded_by": Kind.KEPT,
        "recorded_at": Kind.INTERNAL,
    }

    class Meta:
        verbose_name = _("follow-up checkpoint")
        verbose_name_plural = _("follow-up checkpoints")
        ordering = ["exit_on", "months", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["accompaniment", "months"],
                condition=Q(accompaniment__isnull=False),
                name="checkpoint_one_per_exit_and_month",
            ),
            models.CheckConstraint(condition=Q(due_on__gt=F("exit_on")), name="checkpoint_due_after_exit"),
        ]
        indexes = [models.Index(fields=["exit_on"])]

    def __str__(self):
        return f"{self.get_months_display()} ({self.due_on:%d/%m/%Y})"

    @property
    def is_lasting(self) -> bool:
        return self.situation in LASTING_SITUATIONS


def system_note_text(code: str, params: dict | None) -> str:
    """A SystemNote written out in the active language; its parameters once erased (anonymisation), without them."""
    sentence = str(SystemNote(code).label)
    try:
        return sentence % (params or {})
    except (KeyError, TypeError, ValueError):
        return sentence.split("%(", 1)[0].rstrip(" :")


class Interview(models.Model):
    """An interview (entretien) with the job seeker, by any member of staff."""

    job_seeker = models.ForeignKey(JobSeeker, on_delete=models.CASCADE, related_name="interviews")
    accompaniment = models.ForeignKey(
        Accompaniment, on_delete=models.SET_NULL, null=True, blank=True, related_name="interviews"
    )
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("staff member"), on_delete=models.PROTECT, related_name="interviews"
    )
    # The author's profession when writing; decides who may read a confidential note.
    author_profession = models.CharField(max_length=32, editable=False)
    occurred_on = models.DateField(_("date"), default=timezone.localdate)
    kind = models.CharField(_("kind"), max_length=16, choices=InterviewKind.choices, default=InterviewKind.INDIVIDUAL)
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=30)
    topics = models.CharField(_("topics"), max_length=255, blank=True)
    actiris_registration = models.CharField(
        _("help with the Actiris registration"),
        max_length=16,
        choices=ActirisRegistrationHelp.choices,
        blank=True,
        help_text=_("When the interview helped the person register at Actiris, or update their registration."),
    )
    barriers_worked_on = models.ManyToManyField(
        Barrier, verbose_name=_("barriers worked on"), blank=True, related_name="interviews"
    )
    note = models.TextField(_("note"), blank=True)
    confidential = models.BooleanField(
        _("confidential"),
        default=False,
        help_text=_(
            "Only you and staff of your profession will read it. Always on for psychologists and social workers."
        ),
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    # The random token of the form that posted it: the same form posted twice (a double click, a resent
    # request) stores one interview. Empty for interviews recorded before the token existed.
    submission_key = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    PERSONAL_DATA = {
        "job_seeker": Kind.KEPT,
        "accompaniment": Kind.KEPT,
        "staff": Kind.KEPT,
        "author_profession": Kind.KEPT,
        "occurred_on": Kind.KEPT,
        "kind": Kind.KEPT,
        "duration_minutes": Kind.KEPT,
        "topics": Kind.FREE_TEXT,
        "actiris_registration": Kind.KEPT,
        "barriers_worked_on": Kind.KEPT,
        # Confidential when the interview is (rule 4).
        "note": Kind.PROTECTED,
        "confidential": Kind.KEPT,
        "created_at": Kind.INTERNAL,
        "submission_key": Kind.INTERNAL,
    }

    class Meta:
        verbose_name = _("interview")
        verbose_name_plural = _("interviews")
        ordering = ["-occurred_on", "-pk"]
        indexes = [
            models.Index(fields=["occurred_on"]),
            models.Index(fields=["job_seeker", "occurred_on"]),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.occurred_on:%d/%m/%Y}"


class ProfessionalProject(VersionedModel):
    """The professional project and its written agreement (contrat de projet professionnel, CPP)."""

    accompaniment = models.OneToOneField(Accompaniment, on_delete=models.CASCADE, related_name="project")
    target_occupations = models.CharField(_("target occupations"), max_length=255)
    summary = models.TextField(_("project"), blank=True)
    signed_on = models.DateField(_("CPP signed on"), null=True, blank=True)

    history = HistoricalRecords()

    PERSONAL_DATA = {
        "accompaniment": Kind.KEPT,
        "target_occupations": Kind.FREE_TEXT,
        "summary": Kind.FREE_TEXT,
        "signed_on": Kind.KEPT,
        "version": Kind.INTERNAL,
    }

    class Meta:
        verbose_name = _("professional project")
        verbose_name_plural = _("professional projects")

    def __str__(self):
        return self.target_occupations


class ActionStep(VersionedModel):
    """One step of the action plan, with who does it and by when."""

    accompaniment = models.ForeignKey(Accompaniment, on_delete=models.CASCADE, related_name="steps")
    description = models.CharField(_("step"), max_length=255)
    owner = models.CharField(_("who"), max_length=16, choices=StepOwner.choices, default=StepOwner.JOB_SEEKER)
    due_on = models.DateField(_("due date"), null=True, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)

    history = HistoricalRecords()

    PERSONAL_DATA = {
        "accompaniment": Kind.KEPT,
        "description": Kind.FREE_TEXT,
        "owner": Kind.KEPT,
        "due_on": Kind.KEPT,
        "done_on": Kind.KEPT,
        "version": Kind.INTERNAL,
    }

    class Meta:
        verbose_name = _("action step")
        verbose_name_plural = _("action steps")
        ordering = [F("due_on").asc(nulls_last=True), "pk"]
        indexes = [
            # The caseload's "overdue step" flag: the steps not done of each accompaniment, by one lookup each
            # (or, hashed, by reading these few rows instead of every step ever written).
            models.Index(
                fields=["accompaniment", "due_on"],
                condition=Q(done_on__isnull=True),
                name="actionstep_pending",
            ),
        ]

    def __str__(self):
        return self.description

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        return self.done_on is None and self.due_on is not None and self.due_on < (today or timezone.localdate())


class Orientation(VersionedModel):
    """A referral of the job seeker to a partner (training centre, CPAS, health service…)."""

    job_seeker = models.ForeignKey(JobSeeker, on_delete=models.CASCADE, related_name="orientations")
    accompaniment = models.ForeignKey(
        Accompaniment, on_delete=models.SET_NULL, null=True, blank=True, related_name="orientations"
    )
    partner = models.ForeignKey(Partner, verbose_name=_("partner"), on_delete=models.PROTECT, related_name="+")
    oriented_on = models.DateField(_("date"), default=timezone.localdate)
    purpose = models.CharField(_("purpose"), max_length=255)
    result = models.CharField(
        _("result"), max_length=16, choices=OrientationResult.choices, default=OrientationResult.PENDING
    )
    staff = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    history = HistoricalRecords()

    PERSONAL_DATA = {
        "job_seeker": Kind.KEPT,
        "accompaniment": Kind.KEPT,
        "partner": Kind.KEPT,
        "oriented_on": Kind.KEPT,
        "purpose": Kind.FREE_TEXT,
        "result": Kind.KEPT,
        "staff": Kind.KEPT,
        "version": Kind.INTERNAL,
    }

    class Meta:
        verbose_name = _("orientation")
        verbose_name_plural = _("orientations")
        ordering = ["-oriented_on", "-pk"]

    def __str__(self):
        return f"{self.partner} ({self.oriented_on:%d/%m/%Y})"


class FileAccess(models.Model):
    """The access log of rule 5: who read or exported what, when; never the content itself."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    job_seeker = models.ForeignKey(JobSeeker, on_delete=models.CASCADE, null=True, related_name="accesses")
    action = models.CharField(_("action"), max_length=32, choices=AccessAction.choices)
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    detail = models.CharField(_("detail"), max_length=120, blank=True)

    # The log never holds the content read (rule 5): what it says of the person is kept, as their record.
    PERSONAL_DATA = {
        "user": Kind.KEPT,
        "job_seeker": Kind.KEPT,
        "action": Kind.KEPT,
        "at": Kind.KEPT,
        "detail": Kind.KEPT,
    }

    class Meta:
        verbose_name = _("file access")
        verbose_name_plural = _("file accesses")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.user} {self.get_action_display()} {self.at:%d/%m/%Y %H:%M}"


class Anonymisation(models.Model):
    """The record that a file was anonymised (rule 6, or erasure on request): why, who, when; never the data."""

    job_seeker = models.OneToOneField(JobSeeker, on_delete=models.PROTECT, related_name="anonymisation")
    cause = models.CharField(_("cause"), max_length=16, choices=AnonymisationCause.choices)
    reason = models.TextField(_("reason"))
    requested_on = models.DateField(_("requested on"), null=True, blank=True)
    at = models.DateTimeField(_("when"), default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    # The record of the erasure outlives it: why, who and when stay (rule 6).
    PERSONAL_DATA = {
        "job_seeker": Kind.KEPT,
        "cause": Kind.KEPT,
        "reason": Kind.KEPT,
        "requested_on": Kind.KEPT,
        "at": Kind.KEPT,
        "by": Kind.KEPT,
    }

    class Meta:
        verbose_name = _("anonymisation")
        verbose_name_plural = _("anonymisations")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.get_cause_display()} {self.at:%d/%m/%Y}"


def accompaniments_blocking_assignment():
    """The accompaniments that keep the outer job seeker off the list of files to assign: one open, or one
    started on or after the Actiris referral (any, when there is no referral date)."""
    return Accompaniment.objects.filter(job_seeker=OuterRef("pk")).filter(
        Q(status="open") | Q(started_on__gte=Coalesce(OuterRef("actiris_referral_date"), Value(datetime.date.min)))
    )


def job_seekers_awaiting_refresh(pks=None) -> None:
    """Recompute `JobSeeker.awaiting_counsellor` for these files (all of them without `pks`), in one UPDATE."""
    job_seekers = JobSeeker.objects.all() if pks is None else JobSeeker.objects.filter(pk__in=pks)
    job_seekers.update(awaiting_counsellor=~Exists(accompaniments_blocking_assignment()))
    data_changed(RECORDS)  # an UPDATE sends no signal


def first_positive_outcomes():
    """The outer accompaniment's positive outcomes dated from its start, the first one first."""
    return Outcome.objects.filter(
        accompaniment=OuterRef("pk"), kind__in=POSITIVE_OUTCOMES, occurred_on__gte=OuterRef("started_on")
    ).order_by("occurred_on", "pk")


def accompaniments_first_positive_refresh(pks=None) -> None:
    """Recompute the `first_positive_*` fields of these accompaniments (all of them without `pks`), in one UPDATE."""
    accompaniments = Accompaniment.objects.all() if pks is None else Accompaniment.objects.filter(pk__in=pks)
    first = first_positive_outcomes()
    accompaniments.update(
        first_positive_on=Subquery(first.values("occurred_on")[:1]),
        first_positive_kind=Coalesce(Subquery(first.values("kind")[:1]), Value("")),
        first_positive_id=Subquery(first.values("pk")[:1]),
    )
    data_changed(RECORDS)  # an UPDATE sends no signal


# Appointments live in their own module (size); imported here so that Django registers them with the app.
from accompaniment.appointment_models import (  # noqa: E402, F401
    Appointment,
    AppointmentQuerySet,
    CalendarFeed,
    Reminder,
    Room,
)
