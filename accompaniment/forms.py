import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accompaniment.enums import (
    CheckpointSituation,
    ClosingReason,
    InterviewKind,
    OutcomeKind,
    RecognitionStatus,
)
from accompaniment.models import (
    CONFIDENTIAL_PROFESSIONS,
    Accompaniment,
    ActionStep,
    Barrier,
    ExitCheckpoint,
    Interview,
    JobSeeker,
    LocalProject,
    Orientation,
    Outcome,
    Partner,
    ProfessionalProject,
)
from accompaniment.niss import niss_contradictions, niss_validate
from missionlocale.enums import Profession
from missionlocale.forms import (
    DateInput,
    DateTimeInput,
    IdListField,
    VersionedFormMixin,
    ascii_digits,
    belgian_phone_clean,
)
from missionlocale.models import User


def staff_choices():
    """Active staff who work on files, for the "staff member" and "counsellor" selects."""
    return User.objects.filter(is_active=True, groups__permissions__codename="keep_caseload").distinct()


def counsellor_choices():
    return User.objects.filter(is_active=True, profession=Profession.COUNSELLOR)


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
        ]
        field_classes = {"local_projects": IdListField}
        widgets = {
            "birth_date": DateInput(),
            "actiris_referral_date": DateInput(),
            "local_projects": forms.CheckboxSelectMultiple(),
            "foreign_diploma_recognised": forms.NullBooleanSelect(),
        }

    ADDRESS_FIELDS = ("street", "postcode", "commune")

    def __init__(self, *args, hide_address: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if hide_address:
            # Safe contact: who may not see the address may neither read it here, nor un-hide it, nor lift
            # "do not contact at home" (that would send letters or visits to an address they cannot check).
            for name in self.ADDRESS_FIELDS:
                del self.fields[name]
            self.fields["address_hidden"].disabled = True
            self.fields["do_not_contact_at_home"].disabled = True
        self.fields["referral_partner"].queryset = Partner.objects.filter(is_active=True)
        self.fields["local_projects"].queryset = LocalProject.objects.filter(is_active=True)
        self.fields["niss"].help_text = _("11 digits, with or without dots and dashes. Optional.")
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

    class Meta:
        model = Interview
        fields = [
            "occurred_on",
            "kind",
            "duration_minutes",
            "staff",
            "topics",
            "barriers_worked_on",
            "note",
            "confidential",
            "next_appointment_at",
        ]
        field_classes = {"barriers_worked_on": IdListField}
        widgets = {
            "occurred_on": DateInput(),
            "next_appointment_at": DateTimeInput(),
            "note": forms.Textarea(attrs={"rows": 3}),
            "barriers_worked_on": forms.CheckboxSelectMultiple(),
        }

    def __init__(self, *args, job_seeker, user, follow_up: bool = False, **kwargs):
        """``follow_up``: the file has no open accompaniment and the contact follows one up (its kind by default)."""
        # Several forms share the file page: each has its own ids so that labels point to the right field.
        kwargs.setdefault("auto_id", "interview_%s")
        initial = {"staff": user, "occurred_on": timezone.localdate()}
        if follow_up:
            initial["kind"] = InterviewKind.FOLLOW_UP
        kwargs.setdefault("initial", {}).update(initial)
        super().__init__(*args, **kwargs)
        self.user = user
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
        return value


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
        widgets = {"oriented_on": DateInput()}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "orientation_%s")
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = Partner.objects.filter(is_active=True)


class OrientationResultForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = Orientation
        fields = ["result"]


class AccompanimentOpenForm(forms.Form):
    counsellor = forms.ModelChoiceField(label=_("counsellor"), queryset=User.objects.none())
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
    user = forms.ModelChoiceField(label=_("staff member"), queryset=User.objects.none())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = staff_choices()


class ReassignForm(forms.Form):
    accompaniments = IdListField(
        label=_("files"), queryset=Accompaniment.objects.open(), widget=forms.MultipleHiddenInput
    )
    counsellor = forms.ModelChoiceField(label=_("new counsellor"), queryset=User.objects.none())
    reason = forms.CharField(label=_("reason"), max_length=100)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["counsellor"].queryset = counsellor_choices()


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
