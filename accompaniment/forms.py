import datetime
import uuid

import phonenumbers
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from accompaniment import policy
from accompaniment.appointments import (
    DEFAULT_APPOINTMENT_MINUTES,
    MAX_DAYS_AHEAD,
    TOO_FAR_MESSAGE,
    appointment_conflicts,
    kind_for,
)
from accompaniment.enums import (
    AccompanimentStatus,
    AppointmentKind,
    CheckpointSituation,
    ClosingReason,
    InterviewKind,
    OutcomeKind,
    RecognitionStatus,
    ReminderChannel,
)
from accompaniment.models import (
    CONFIDENTIAL_PROFESSIONS,
    Accompaniment,
    ActionStep,
    Appointment,
    Barrier,
    ExitCheckpoint,
    Interview,
    JobSeeker,
    LocalProject,
    Orientation,
    Outcome,
    Partner,
    ProfessionalProject,
    Room,
)
from accompaniment.niss import niss_contradictions, niss_validate
from missionlocale.enums import Profession
from missionlocale.forms import (
    DateInput,
    DateTimeInput,
    IdListField,
    TimeInput,
    VersionedFormMixin,
    ascii_digits,
    belgian_phone_clean,
    beyond_any_id,
    version_field,
)
from missionlocale.models import User

CONFLICT_MESSAGE = _(
    "This time overlaps another appointment (shown below). Choose another time, or tick the box to book it anyway."
)


def staff_choices():
    """Active staff who work on files, for the "staff member" and "counsellor" selects."""
    return (
        User.objects.filter(is_active=True, groups__permissions__codename="keep_caseload")
        .distinct()
        .order_by("last_name", "first_name", "pk")
    )


def counsellor_choices():
    return User.objects.filter(is_active=True, profession=Profession.COUNSELLOR).order_by(
        "last_name", "first_name", "pk"
    )


def staff_label(user) -> str:
    return f"{user} ({user.get_profession_display()})"


def partner_choices():
    return Partner.objects.filter(is_active=True).order_by("name", "pk")


# What a select of people or partners lists before anything is searched: a region has hundreds of each.
CHOICES_SHOWN = 15
# The searchable choices: kind -> (the rows that may be chosen, the fields a typed word is looked for in).
SEARCHABLE_CHOICES = {
    "staff": (staff_choices, ("first_name", "last_name")),
    "counsellor": (counsellor_choices, ("first_name", "last_name")),
    "partner": (partner_choices, ("name",)),
}


def choices_search(kind: str, text: str):
    """The rows of this kind that hold every word typed (in a name; accents and case as typed)."""
    rows, fields = SEARCHABLE_CHOICES[kind]
    rows = rows()
    for word in text.split()[:5]:
        match = Q()
        for name in fields:
            match |= Q(**{f"{name}__icontains": word})
        rows = rows.filter(match)
    return rows


class SearchSelect(forms.Select):
    """A select of staff or partners (SEARCHABLE_CHOICES) that never lists them all, with a search box above it
    whose matches replace its options (HTMX, `accompaniment:choice_options`, at most CHOICES_SHOWN). It lists
    the first CHOICES_SHOWN and the chosen one; a lazy one (`selects_lazy`) only the chosen one, and the first
    CHOICES_SHOWN once its search box has the focus: no query for the page. The posted value is still checked
    against the field's whole queryset."""

    def __init__(self, kind: str, attrs=None):
        super().__init__(attrs)
        self.kind = kind
        self.lazy = False
        # Rows known to belong to the queryset (the user at hand): shown when chosen, without a query.
        self.known = []

    def optgroups(self, name, value, attrs=None):
        queryset = getattr(self.choices, "queryset", None)
        if queryset is None:  # a list of choices set by the form: already bounded
            return super().optgroups(name, value, attrs)
        iterator = self.choices
        people = [] if self.lazy else list(queryset[:CHOICES_SHOWN])
        shown = {person.pk for person in people}
        # A posted value that is no id (or one no database holds: a form error, not a query) lists nothing more.
        chosen = {int(v) for v in value if str(v).isdigit() and not beyond_any_id(v) and int(v) not in shown}
        people += [person for person in self.known if person.pk in chosen]
        chosen -= {person.pk for person in self.known}
        if chosen:
            people += list(queryset.filter(pk__in=chosen))
        choices = [] if iterator.field.empty_label is None else [("", iterator.field.empty_label)]
        choices += [iterator.choice(person) for person in people]
        self.choices = choices
        try:
            return super().optgroups(name, value, attrs)
        finally:
            self.choices = iterator

    def render(self, name, value, attrs=None, renderer=None):
        select = super().render(name, value, attrs, renderer)
        if getattr(self.choices, "queryset", None) is None:  # no one else to search for
            return select
        select_id = (attrs or {}).get("id") or self.attrs.get("id") or f"id_{name}"
        return format_html(
            '<input type="search" name="choice_q" class="form-control form-control-sm mb-1" id="{}_search" '
            'aria-label="{}" placeholder="{}" autocomplete="off" hx-get="{}" '
            'hx-vals=\'{{"kind": "{}", "name": "{}"}}\' '
            'hx-include="#{}" hx-trigger="input changed delay:300ms, search{}" hx-target="#{}" hx-swap="innerHTML" '
            'hx-sync="this:replace">'
            "{}",
            select_id,
            _("Search a name in the list below"),
            _("Search a name…"),
            reverse("accompaniment:choice_options"),
            self.kind,
            name,
            select_id,
            ", focus once" if self.lazy else "",
            select_id,
            select,
        )


def can_receive_sms(number: str) -> bool:
    """Whether an E.164 number may be a mobile one (a Belgian landline cannot receive an SMS)."""
    try:
        kind = phonenumbers.number_type(phonenumbers.parse(number, "BE"))
    except phonenumbers.NumberParseException:
        return False
    return kind in (phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE)


class JobSeekerForm(forms.ModelForm):
    # Typed with dots and dashes as on an identity card; stored as 11 digits.
    niss = forms.CharField(label=_("NISS / BIS number"), max_length=20, required=False)

    class Meta:
        model = JobSeeker
        fields = [
            "first_name",
            "last_name",
            "birth_date",
            "gender",
            "niss",
            "actiris_number",
            "street",
            "postcode",
            "commune",
            "phone",
            "email",
            "languages",
            "french_level",
            "dutch_level",
            "education_level",
            "foreign_diploma_recognised",
            "situation",
            "driving_licence",
            "referral_source",
            "referral_partner",
            "actiris_referral_date",
            "local_projects",
            "do_not_contact_at_home",
            "address_hidden",
            "safe_phone",
            "safe_email",
            "reminder_channel",
            "preferred_language",
        ]
        field_classes = {"local_projects": IdListField}
        widgets = {
            "birth_date": DateInput(),
            "actiris_referral_date": DateInput(),
            "local_projects": forms.CheckboxSelectMultiple(),
            "foreign_diploma_recognised": forms.NullBooleanSelect(),
            "referral_partner": SearchSelect("partner"),
            "reminder_channel": forms.RadioSelect(),
        }

    ADDRESS_FIELDS = ("street", "postcode", "commune")
    # Shown to the readers of a hidden address only.
    SAFE_CHANNEL_FIELDS = policy.SAFE_CHANNEL_FIELDS

    def __init__(self, *args, hide_address: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if hide_address:
            # Safe contact: who may not see the address may neither read it here, nor un-hide it, nor lift
            # "do not contact at home" (that would send letters or visits to an address they cannot check).
            for name in (*self.ADDRESS_FIELDS, *self.SAFE_CHANNEL_FIELDS):
                del self.fields[name]
            self.fields["address_hidden"].disabled = True
            self.fields["do_not_contact_at_home"].disabled = True
        self.fields["referral_partner"].queryset = partner_choices()
        self.fields["local_projects"].queryset = LocalProject.objects.filter(is_active=True)
        self.fields["niss"].help_text = _("11 digits, with or without dots and dashes. Optional.")
        # Not asked when the form predates it (a draft, an old tab): the file keeps its language.
        self.fields["preferred_language"].required = False
        # Opt-in: no reminders unless the person says yes.
        self.fields["reminder_channel"].choices = [("", _("No reminders")), *ReminderChannel.choices]
        self.fields["reminder_channel"].help_text = _(
            "Only if the person agrees: a reminder before each appointment, in their preferred language."
        )
        if self.instance.pk:
            # The version the form was loaded with: a save from an older version is refused (optimistic concurrency).
            self.fields["version"] = forms.IntegerField(
                widget=forms.HiddenInput,
                initial=self.instance.version,
                min_value=1,
                error_messages={
                    key: _("This form is out of date: open the file again and redo your changes.")
                    for key in ("required", "invalid", "min_value")
                },
            )

    def validate_unique(self):
        # An existing NISS is not an error to correct: the view shows the existing file instead.
        exclude = self._get_validation_exclusions()
        exclude.add("niss")
        try:
            self.instance.validate_unique(exclude=exclude)
        except ValidationError as error:
            self._update_errors(error)

    def clean_niss(self):
        value = self.cleaned_data.get("niss")
        return niss_validate(value) if value else None

    def clean_phone(self):
        return belgian_phone_clean(self.cleaned_data.get("phone", ""))

    def clean_preferred_language(self):
        return self.cleaned_data.get("preferred_language") or self.instance.preferred_language or "fr"

    def clean_safe_phone(self):
        return belgian_phone_clean(self.cleaned_data.get("safe_phone", ""))

    def _value(self, name):
        """The field's clean value, or the file's when the form does not show it to this user."""
        return self.cleaned_data[name] if name in self.fields else getattr(self.instance, name)

    def _clean_reminder_channel(self):
        channel = self.cleaned_data.get("reminder_channel")
        if not channel or self.errors.get("phone") or self.errors.get("safe_phone"):
            return
        at_home = not self._value("do_not_contact_at_home")
        if channel == ReminderChannel.EMAIL:
            has_one = (at_home and self._value("email")) or self._value("safe_email")
            message = (
                _("Give an email address for the reminders, or choose no reminders.")
                if at_home
                else _("Safe contact: reminders go only to a safe email. Record one, or choose no reminders.")
            )
        else:
            has_one = (at_home and self._value("phone")) or self._value("safe_phone")
            message = (
                _("Give a mobile number for the reminders, or choose no reminders.")
                if at_home
                else _("Safe contact: reminders go only to a safe phone. Record one, or choose no reminders.")
            )
            if has_one and not can_receive_sms(has_one):
                message, has_one = _("This number cannot receive an SMS: give a mobile number."), False
        if not has_one:
            self.add_error("reminder_channel", message)

    def clean_postcode(self):
        value = self.cleaned_data.get("postcode", "").strip()
        if value and not (ascii_digits(value) and len(value) == 4):
            raise ValidationError(_("A Belgian postcode has 4 digits."))
        return value

    def clean_birth_date(self):
        value = self.cleaned_data["birth_date"]
        if value >= timezone.localdate():
            raise ValidationError(_("The birth date must be in the past."))
        return value

    def clean(self):
        cleaned = super().clean()
        self._clean_reminder_channel()
        if cleaned.get("referral_source") == "partner" and not cleaned.get("referral_partner"):
            self.add_error("referral_partner", _("Say which partner referred the person."))
        if cleaned.get("niss"):
            # A NISS encodes the birth date and the sex: one that contradicts the file is a typing error in one of
            # them, or somebody else's number.
            for error in niss_contradictions(
                cleaned["niss"], birth_date=cleaned.get("birth_date"), gender=cleaned.get("gender")
            ):
                self.add_error("niss", error)
        return cleaned


class InterviewForm(forms.ModelForm):
    # A new random token each time an empty form is shown, kept when the form comes back with its errors: the
    # same form posted twice stores one interview (services.interview_log). Optional for clients that predate it.
    submission_key = forms.UUIDField(widget=forms.HiddenInput, required=False, initial=uuid.uuid4)
    # Books an appointment (appointments.appointment_book) of DEFAULT_APPOINTMENT_MINUTES with the interview's staff.
    next_appointment_at = forms.DateTimeField(label=_("next appointment"), required=False, widget=DateTimeInput())
    accept_conflicts = forms.BooleanField(
        label=_("Book the next appointment even though it overlaps another one"), required=False
    )

    class Meta:
        model = Interview
        fields = [
            "occurred_on",
            "kind",
            "duration_minutes",
            "staff",
            "topics",
            "actiris_registration",
            "barriers_worked_on",
            "note",
            "confidential",
        ]
        field_classes = {"barriers_worked_on": IdListField}
        widgets = {
            "occurred_on": DateInput(),
            "note": forms.Textarea(attrs={"rows": 3}),
            "barriers_worked_on": forms.CheckboxSelectMultiple(),
            "staff": SearchSelect("staff"),
        }

    def __init__(self, *args, job_seeker, user, follow_up: bool = False, open_barriers=None, **kwargs):
        """``follow_up``: the file has no open accompaniment and the contact follows one up (its kind by default).
        ``open_barriers``: the file's barriers not lifted, when the page has read them already (no query)."""
        # Several forms share the file page: each has its own ids so that labels point to the right field.
        kwargs.setdefault("auto_id", "interview_%s")
        initial = {"staff": user, "occurred_on": timezone.localdate()}
        if follow_up:
            initial["kind"] = InterviewKind.FOLLOW_UP
        kwargs.setdefault("initial", {}).update(initial)
        super().__init__(*args, **kwargs)
        self.user = user
        self.job_seeker = job_seeker
        self.conflicts = []
        # Only whom the user may log for: managers log for any colleague who works on files, others for themselves.
        if user.has_perm("missionlocale.manage_caseloads"):
            self.fields["staff"].queryset = staff_choices()
        else:
            self.fields["staff"].queryset = User.objects.filter(pk=user.pk)
            # Rendered from the user at hand, without a query; the posted value is still checked on the queryset.
            self.fields["staff"].choices = [(user.pk, str(user))]
        if user.profession in CONFIDENTIAL_PROFESSIONS:
            # Rule 4: their notes are always confidential; the box says so and cannot be unticked.
            self.fields["confidential"].initial = True
            self.fields["confidential"].disabled = True
        self.fields["barriers_worked_on"].queryset = job_seeker.barriers.filter(lifted_on__isnull=True)
        if open_barriers is not None:
            # Shown from the rows at hand; a posted choice is still checked on the queryset.
            self.fields["barriers_worked_on"].choices = [(barrier.pk, str(barrier)) for barrier in open_barriers]
            self.has_barriers = bool(open_barriers)
        else:
            self.has_barriers = self.fields["barriers_worked_on"].queryset.exists()
        self.fields["duration_minutes"].widget.attrs.update({"min": 5, "max": 480, "step": 5})
        self.fields["occurred_on"].widget.attrs["autofocus"] = True

    def clean_occurred_on(self):
        value = self.cleaned_data["occurred_on"]
        if value > timezone.localdate():
            raise ValidationError(_("An interview cannot be dated in the future; plan it as the next appointment."))
        return value

    def clean_staff(self):
        staff = self.cleaned_data["staff"]
        # Only managers log interviews on behalf of a colleague.
        if staff != self.user and not self.user.has_perm("missionlocale.manage_caseloads"):
            raise ValidationError(_("You can only log your own interviews."))
        return staff

    def clean_next_appointment_at(self):
        value = self.cleaned_data.get("next_appointment_at")
        if value and value < timezone.now():
            raise ValidationError(_("The next appointment must be in the future."))
        if value and timezone.localdate(value) > timezone.localdate() + datetime.timedelta(days=MAX_DAYS_AHEAD):
            raise ValidationError(TOO_FAR_MESSAGE)
        return value

    def clean(self):
        cleaned = super().clean()
        start, staff = cleaned.get("next_appointment_at"), cleaned.get("staff")
        self.conflicts = []
        if start and staff:
            self.conflicts = appointment_conflicts(
                starts_at=start,
                ends_at=start + datetime.timedelta(minutes=DEFAULT_APPOINTMENT_MINUTES),
                staff_members=[staff],
                job_seeker=self.job_seeker,
            )
            if self.conflicts and not cleaned.get("accept_conflicts"):
                self.add_error("next_appointment_at", CONFLICT_MESSAGE)
        return cleaned


class BarrierForm(forms.ModelForm):
    class Meta:
        model = Barrier
        fields = ["kind", "identified_on", "note"]
        widgets = {"identified_on": DateInput()}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "barrier_%s")
        super().__init__(*args, **kwargs)


class LiftBarrierForm(VersionedFormMixin, forms.Form):
    lifted_on = forms.DateField(label=_("lifted on"), widget=DateInput(), initial=timezone.localdate)


class OrientationForm(forms.ModelForm):
    class Meta:
        model = Orientation
        fields = ["partner", "oriented_on", "purpose"]
        widgets = {"oriented_on": DateInput(), "partner": SearchSelect("partner")}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "orientation_%s")
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = partner_choices()


class OrientationResultForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Orientation
        fields = ["result"]


def selects_lazy(user, *fields) -> None:
    """The searchable selects (SearchSelect) of a page that has many forms (the file page) list only what is
    chosen until their search box has the focus. The user at hand, when one of the staff, needs no query."""
    known = {
        "staff": [user] if user.is_active and user.has_perm("missionlocale.keep_caseload") else [],
        "counsellor": [user] if user.is_active and user.profession == Profession.COUNSELLOR else [],
    }
    for field in fields:
        if field is not None and isinstance(field.widget, SearchSelect):
            field.widget.lazy, field.widget.known = True, known.get(field.widget.kind, [])


class AccompanimentOpenForm(forms.Form):
    counsellor = forms.ModelChoiceField(
        label=_("counsellor"), queryset=User.objects.none(), widget=SearchSelect("counsellor")
    )
    started_on = forms.DateField(label=_("start date"), widget=DateInput(), initial=timezone.localdate)

    def __init__(self, *args, user, **kwargs):
        kwargs.setdefault("auto_id", "open_%s")
        super().__init__(*args, **kwargs)
        if user.has_perm("missionlocale.manage_caseloads"):
            self.fields["counsellor"].queryset = counsellor_choices()
        else:
            # A counsellor opens accompaniments in their own caseload.
            self.fields["counsellor"].queryset = User.objects.filter(pk=user.pk)
            self.fields["counsellor"].initial = user.pk
            self.fields["counsellor"].widget = forms.HiddenInput()


class OutcomeForm(forms.ModelForm):
    class Meta:
        model = Outcome
        fields = ["kind", "occurred_on", "organisation", "note"]
        widgets = {"occurred_on": DateInput(), "note": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "outcome_%s")
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "---------")] + [
            (group, [(k.value, k.label) for k in OutcomeKind if OutcomeKind.category_of(k) == group])
            for group in ("employment", "training", "other")
        ]


class CloseForm(VersionedFormMixin, forms.Form):
    closed_on = forms.DateField(label=_("closing date"), widget=DateInput(), initial=timezone.localdate)
    closing_reason = forms.ChoiceField(label=_("closing reason"), choices=[("", "---------"), *ClosingReason.choices])
    # Set by the confirmation page: the first post shows what will be closed and asks to confirm.
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "close_%s")
        super().__init__(*args, **kwargs)


class RecognitionForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Accompaniment
        fields = ["recognition_status", "recognised_on"]
        widgets = {"recognised_on": DateInput()}

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("recognition_status") == RecognitionStatus.RECOGNISED and not cleaned.get("recognised_on"):
            self.add_error("recognised_on", _("Give the date of the recognition."))
        return cleaned

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "recognition_%s")
        super().__init__(*args, **kwargs)


class ProjectForm(VersionedFormMixin, forms.ModelForm):
    # Shown before the project exists: version 0, and the first save made meanwhile by someone else wins.
    new_row_version = True

    class Meta:
        model = ProfessionalProject
        fields = ["target_occupations", "summary", "signed_on"]
        widgets = {"signed_on": DateInput(), "summary": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "project_%s")
        super().__init__(*args, **kwargs)


class StepForm(forms.ModelForm):
    class Meta:
        model = ActionStep
        fields = ["description", "owner", "due_on"]
        widgets = {"due_on": DateInput()}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "step_%s")
        super().__init__(*args, **kwargs)


class StepDoneForm(VersionedFormMixin, forms.Form):
    """The state asked for, not a toggle: posting "done" twice leaves the step done."""

    done = forms.TypedChoiceField(choices=[("1", _("done")), ("0", _("not done"))], coerce=lambda value: value == "1")


class TeamAddForm(forms.Form):
    user = forms.ModelChoiceField(
        label=_("staff member"),
        queryset=User.objects.none(),
        widget=SearchSelect("staff", attrs={"class": "form-select form-select-sm"}),
        empty_label=_("Add to the team…"),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "team_%s")
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = staff_choices()
        self.fields["user"].label_from_instance = staff_label


class ReassignForm(forms.Form):
    accompaniments = IdListField(
        label=_("files"), queryset=Accompaniment.objects.open(), widget=forms.MultipleHiddenInput
    )
    counsellor = forms.ModelChoiceField(
        label=_("new counsellor"),
        queryset=User.objects.none(),
        widget=SearchSelect("counsellor", attrs={"class": "form-select", "form": "reassign-form"}),
    )
    reason = forms.CharField(label=_("reason"), max_length=100)
    # The second step, when the files have future appointments: the manager saw them and ticked those to keep.
    keep_appointments = IdListField(
        label=_("keep with the current counsellor"),
        queryset=Appointment.objects.active(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    appointments_reviewed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "reassign-%s")
        super().__init__(*args, **kwargs)
        self.fields["counsellor"].queryset = counsellor_choices()


class AppointmentForm(forms.Form):
    """Book (or, with ``appointment``, move) an appointment: its day, start and end, its room or place.

    Conflicts are looked up once the times are valid; while there are some and ``accept_conflicts`` is not
    ticked, the form is invalid and ``conflicts`` lists them for the page.
    """

    job_seeker = forms.ModelChoiceField(label=_("person"), queryset=JobSeeker.objects.none(), required=False)
    # A manager books for any colleague: searched, never a list of every staff member.
    staff = forms.ModelChoiceField(label=_("staff member"), queryset=User.objects.none(), widget=SearchSelect("staff"))
    kind = forms.ChoiceField(label=_("kind"), choices=AppointmentKind.choices, initial=AppointmentKind.INDIVIDUAL)
    day = forms.DateField(label=_("day"), widget=DateInput())
    start = forms.TimeField(label=_("start"), widget=TimeInput())
    end = forms.TimeField(label=_("end"), widget=TimeInput())
    room = forms.ModelChoiceField(label=_("room"), queryset=Room.objects.filter(is_active=True), required=False)
    place = forms.CharField(
        label=_("place"), max_length=160, required=False, help_text=_("When not in one of our rooms.")
    )
    accept_conflicts = forms.BooleanField(
        label=_("Book it even though it overlaps another appointment"), required=False
    )

    def __init__(self, *args, user, job_seeker=None, appointment=None, **kwargs):
        if appointment is not None:
            local_start, local_end = timezone.localtime(appointment.starts_at), timezone.localtime(appointment.ends_at)
            kwargs.setdefault("initial", {}).update(
                {
                    "day": local_start.date(),
                    "start": local_start.time(),
                    "end": local_end.time(),
                    "room": appointment.room_id,
                    "place": appointment.place,
                }
            )
        super().__init__(*args, **kwargs)
        self.user, self.job_seeker, self.appointment, self.conflicts = user, job_seeker, appointment, []
        if appointment is not None:
            # Moving keeps who and what; only the time and the place change, from the version the form showed.
            for name in ("job_seeker", "staff", "kind"):
                del self.fields[name]
            self.fields["version"] = version_field(initial=appointment.version)
            return
        if user.has_perm("missionlocale.manage_caseloads"):
            self.fields["staff"].queryset = staff_choices()
        else:
            self.fields["staff"].queryset = User.objects.filter(pk=user.pk)
            self.fields["staff"].choices = [(user.pk, str(user))]
        self.fields["staff"].initial = user.pk
        if job_seeker is not None:
            del self.fields["job_seeker"]
        else:
            # From the agenda: a person of one's own caseload or files one works on, or nobody (an internal meeting).
            self.fields["job_seeker"].queryset = (
                JobSeeker.objects.filter(
                    Q(accompaniments__counsellor=user, accompaniments__status=AccompanimentStatus.OPEN)
                    | Q(team_members__user=user),
                    anonymised_at__isnull=True,
                )
                .distinct()
                .order_by("last_name", "first_name", "pk")
            )
            self.fields["job_seeker"].empty_label = _("Nobody: an internal meeting")
        self.fields["kind"].initial = kind_for(user)

    def clean(self):
        cleaned = super().clean()
        day, start, end = cleaned.get("day"), cleaned.get("start"), cleaned.get("end")
        if day is None or start is None or end is None:
            return cleaned
        if day > timezone.localdate() + datetime.timedelta(days=MAX_DAYS_AHEAD):
            self.add_error("day", TOO_FAR_MESSAGE)
            return cleaned
        starts_at = timezone.make_aware(datetime.datetime.combine(day, start))
        ends_at = timezone.make_aware(datetime.datetime.combine(day, end))
        cleaned["starts_at"], cleaned["ends_at"] = starts_at, ends_at
        if starts_at < timezone.now():
            self.add_error(
                "day" if day < timezone.localdate() else "start", _("An appointment cannot be booked in the past.")
            )
        if ends_at <= starts_at:
            self.add_error("end", _("The end must come after the start."))
        if self.errors:
            return cleaned
        if self.appointment is not None:
            staff_members = [self.appointment.staff, *self.appointment.other_staff.all()]
            job_seeker = self.appointment.job_seeker
        else:
            staff_members = [cleaned["staff"]] if cleaned.get("staff") else []
            job_seeker = self.job_seeker or cleaned.get("job_seeker")
        self.conflicts = appointment_conflicts(
            starts_at=starts_at,
            ends_at=ends_at,
            staff_members=staff_members,
            room=cleaned.get("room"),
            job_seeker=job_seeker,
            exclude_pk=self.appointment.pk if self.appointment else None,
        )
        if self.conflicts and not cleaned.get("accept_conflicts"):
            self.add_error(None, CONFLICT_MESSAGE)
        return cleaned


class AgendaForm(forms.Form):
    """What the agenda shows: a day, a week or a month around ``date``, of a staff member, a room or a team."""

    view = forms.ChoiceField(
        label=_("Show"),
        choices=[("day", _("Day")), ("week", _("Week")), ("month", _("Month"))],
        required=False,
    )
    date = forms.DateField(label=_("date"), widget=DateInput(), required=False)
    room = forms.ModelChoiceField(label=_("room"), queryset=Room.objects.all(), required=False)
    team = forms.ChoiceField(label=_("team"), choices=[("", "---------"), *Profession.choices], required=False)


class CheckpointForm(forms.ModelForm):
    """A follow-up checkpoint: was the person reached, where they stand, a short note. With ``offer_reopening``,
    a "job seeker again" can open a new accompaniment in the same step."""

    reached = forms.TypedChoiceField(
        label=_("Person reached"),
        choices=[("1", _("Yes")), ("0", _("No"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )
    open_accompaniment = forms.BooleanField(
        label=_("Job seeker again: open a new accompaniment in my caseload now"), required=False
    )

    class Meta:
        model = ExitCheckpoint
        fields = ["reached", "situation", "note"]
        widgets = {"situation": forms.RadioSelect}

    def __init__(self, *args, offer_reopening: bool = False, **kwargs):
        kwargs.setdefault("auto_id", "checkpoint_%s")
        super().__init__(*args, **kwargs)
        self.fields["situation"].choices = CheckpointSituation.choices
        if self.instance.pk:
            self.initial["reached"] = "1" if self.instance.reached else "0"
        if not offer_reopening:
            del self.fields["open_accompaniment"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("open_accompaniment") and cleaned.get("situation") != CheckpointSituation.JOB_SEEKER_AGAIN:
            self.add_error(
                "open_accompaniment", _("A new accompaniment is offered to a person who is a job seeker again.")
            )
        if (
            cleaned.get("reached") is False
            and cleaned.get("situation")
            in (
                CheckpointSituation.SAME_JOB,
                CheckpointSituation.OTHER_JOB,
                CheckpointSituation.TRAINING,
            )
            and not cleaned.get("note")
        ):
            self.add_error("note", _("The person was not reached: say in the note who told you their situation."))
        return cleaned
