import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from missionlocale.enums import Profession, Role

# Caseload capacity of one full-time counsellor (rule 2 of the domain), and its Actiris share.
FULL_TIME_CASELOAD = 150
FULL_TIME_ACTIRIS_CASELOAD = 100


class VersionedModel(models.Model):
    """A row two staff may edit at the same time: each save bumps ``version``, and a save from a form loaded on
    an older version is refused instead of silently overwriting the other change (optimistic concurrency).

    Save it through ``missionlocale.services.instance_save_versioned``; its forms carry the version they were
    loaded with through ``missionlocale.forms.VersionedFormMixin``.
    """

    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True


class UserQuerySet(models.QuerySet):
    def with_role(self, role: Role):
        return self.filter(groups__name=role)

    def counsellors(self):
        return self.filter(profession=Profession.COUNSELLOR)

    def employed_on_some_day(self, start: datetime.date, end: datetime.date):
        return self.filter(
            Q(employment_start__isnull=True) | Q(employment_start__lte=end),
            Q(employment_end__isnull=True) | Q(employment_end__gte=start),
        )

    def employed_on(self, day: datetime.date):
        return self.filter(
            Q(employment_start__isnull=True) | Q(employment_start__lte=day),
            Q(employment_end__isnull=True) | Q(employment_end__gte=day),
        )


class StaffUserManager(UserManager.from_queryset(UserQuerySet)):
    pass


class User(AbstractUser):
    """A staff member of the Mission Locale. Job seekers never log in."""

    profession = models.CharField(_("profession"), max_length=32, choices=Profession.choices, blank=True)
    fte = models.DecimalField(
        _("FTE"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("1.00"),
        validators=[MinValueValidator(Decimal("0.00")), MaxValueValidator(Decimal("1.00"))],
        help_text=_("Full-time equivalent, from 0.00 to 1.00 (0.80 for a four-fifths)."),
    )
    employment_start = models.DateField(_("employment start"), null=True, blank=True)
    employment_end = models.DateField(_("employment end"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    objects = StaffUserManager()

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff members")
        ordering = ["last_name", "first_name", "pk"]
        permissions = [
            ("view_dashboard", _("Can view the management dashboards")),
            ("manage_caseloads", _("Can assign and reassign job-seeker files")),
            ("view_reports", _("Can view and generate the annual activity report")),
            ("set_objectives", _("Can override the yearly objectives")),
            ("keep_caseload", _("Can keep a caseload and job-seeker files")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(employment_end__isnull=True)
                | Q(employment_start__isnull=True)
                | Q(employment_end__gte=models.F("employment_start")),
                name="user_employment_end_after_start",
            ),
        ]

    def __str__(self):
        return self.get_full_name() or self.username

    def clean(self):
        super().clean()
        if self.employment_start and self.employment_end and self.employment_end < self.employment_start:
            raise ValidationError({"employment_end": _("The employment end cannot precede its start.")})

    @cached_property
    def roles(self) -> frozenset[str]:
        return frozenset(group.name for group in self.groups.all())

    def has_role(self, role: Role) -> bool:
        return self.is_active and role in self.roles

    @property
    def caseload_capacity(self) -> int:
        """Open accompaniments this counsellor is expected to carry, pro rata of the FTE."""
        return int((self.fte * FULL_TIME_CASELOAD).quantize(Decimal(1), rounding=ROUND_HALF_UP))

    @property
    def actiris_caseload_capacity(self) -> int:
        return int((self.fte * FULL_TIME_ACTIRIS_CASELOAD).quantize(Decimal(1), rounding=ROUND_HALF_UP))


class RecoveryCodeQuerySet(models.QuerySet):
    def unused(self):
        return self.filter(used_at__isnull=True)


class RecoveryCode(models.Model):
    """A one-time code that stands in for the authenticator app. Only its hash is kept (missionlocale.otp)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="recovery_codes", verbose_name=_("user"))
    code_hash = models.CharField(_("code hash"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    used_at = models.DateTimeField(_("used at"), null=True, blank=True)

    objects = RecoveryCodeQuerySet.as_manager()

    class Meta:
        verbose_name = _("recovery code")
        verbose_name_plural = _("recovery codes")
        ordering = ["user", "pk"]

    def __str__(self):
        return f"{self.user} #{self.pk}"


class AccountEventKind(models.TextChoices):
    PASSWORD_RESET = "password_reset", _("Password reset by an administrator")
    SECOND_FACTOR_RESET = "second_factor_reset", _("Second factor reset by an administrator")
    EMAIL_CHANGED = "email_changed", _("Email address changed by an administrator")
    ROLE_GRANTED = "role_granted", _("Role given by an administrator")


class AccountEvent(models.Model):
    """An administrator acted on another staff member's means of logging in (password, second factor, email) or
    gave an account a role.

    Such an act could take over an account (a psychologist's, say) or open files to an account the administrator
    holds: it is recorded here and told by email to the person, and a new role to the managers too
    (missionlocale.accounts). The row names the two staff members and nothing about anyone followed.
    """

    subject = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="account_events", verbose_name=_("staff member")
    )
    actor = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="account_events_done", verbose_name=_("administrator")
    )
    kind = models.CharField(_("kind"), max_length=32, choices=AccountEventKind.choices)
    at = models.DateTimeField(_("at"), auto_now_add=True)
    notified = models.BooleanField(_("person notified"), default=False)

    class Meta:
        verbose_name = _("account event")
        verbose_name_plural = _("account events")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.subject}"


class PasswordResetRequest(models.Model):
    """One password-reset email asked for, to throttle them per address and per client address.

    Both are kept as keyed hashes (HMAC with the SECRET_KEY): whatever anyone typed into the public form is
    not stored, and the rows go after a day (missionlocale.accounts).
    """

    address_key = models.CharField(_("address key"), max_length=64, db_index=True)
    ip_key = models.CharField(_("client key"), max_length=64, db_index=True)
    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("password reset request")
        verbose_name_plural = _("password reset requests")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"#{self.pk}"


# The identity's colours are written #RRGGBB: what the PDF's style sheet and the charts take as they are.
HEX_COLOUR = RegexValidator(
    r"\A#[0-9a-fA-F]{6}\Z", _("Give the colour as # followed by six hexadecimal digits, e.g. #0b5394."), "colour"
)
DEFAULT_PRIMARY_COLOUR = "#0b5394"
DEFAULT_SECONDARY_COLOUR = "#f1a208"


class Organisation(models.Model):
    """The organisation's identity, set by its director in the product: the name, address, logo and colours the
    annual report prints (any Mission Locale runs the product as its own). One row, pk 1
    (``missionlocale.identity.organisation_current``).

    The logo's bytes are in the media storage under a random name (``logo``, empty: the product's own logo),
    never served by URL: the PDF and the settings page embed them (``missionlocale.images``).
    """

    name = models.CharField(_("name"), max_length=160)
    address = models.TextField(_("address"), max_length=400, blank=True)
    logo = models.CharField(_("logo"), max_length=100, blank=True, editable=False)
    primary_colour = models.CharField(
        _("main colour"), max_length=7, default=DEFAULT_PRIMARY_COLOUR, validators=[HEX_COLOUR]
    )
    secondary_colour = models.CharField(
        _("accent colour"), max_length=7, default=DEFAULT_SECONDARY_COLOUR, validators=[HEX_COLOUR]
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisation")
        constraints = [models.CheckConstraint(condition=Q(pk=1), name="organisation_single_row")]

    def __str__(self):
        return self.name


class FunderLogo(models.Model):
    """A funder's logo printed on the annual report's last page (Actiris, Ville de Bruxelles, FSE, COCOF…), in
    ``order``; its bytes are stored like the organisation's logo."""

    name = models.CharField(_("funder"), max_length=120)
    logo = models.CharField(_("logo"), max_length=100, editable=False)
    order = models.PositiveSmallIntegerField(
        _("order"), default=0, validators=[MaxValueValidator(999)], help_text=_("Smallest first.")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("funder's logo")
        verbose_name_plural = _("funders' logos")
        ordering = ["order", "name", "pk"]

    def __str__(self):
        return self.name


class FigureVersion(models.Model):
    """The version of one group of the data the figures are computed from (missionlocale/figure_cache.py): a new
    random token after every committed change, so that figures stored under the old token are never served again."""

    group = models.CharField(max_length=32, primary_key=True)
    token = models.CharField(max_length=32)
    changed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("figure version")
        verbose_name_plural = _("figure versions")

    def __str__(self):
        return f"{self.group}: {self.token}"
