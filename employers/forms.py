from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from accompaniment.models import JobSeeker, Partner
from employers.bce import enterprise_number_format, enterprise_number_validate
from employers.enums import MATCHING_TRANSITIONS, MatchingStatus
from employers.models import (
    Certification,
    CertificationKind,
    Concertation,
    ContractTraining,
    Employer,
    EmployerContact,
    InformationSession,
    InsertionContract,
    JobDay,
    JobOffer,
    Matching,
    ProspectionContact,
    Worksite,
)
from missionlocale.enums import Profession
from missionlocale.forms import DateInput, IdListField, VersionedFormMixin, ascii_digits, belgian_phone_clean
from missionlocale.models import User


def _postcode(value: str) -> str:
    value = (value or "").strip()
    if value and not (ascii_digits(value) and len(value) == 4):
        raise ValidationError(_("A Belgian postcode has 4 digits."))
    return value


class EmployerForm(VersionedFormMixin, forms.ModelForm):
    # Typed as on an invoice (BE 0403.170.701); stored as 10 digits.
    enterprise_number = forms.CharField(
        label=capfirst(_("enterprise number (BCE/KBO)")),
        max_length=20,
        required=False,
        help_text=_("e.g. 0403.170.701"),
    )
    confirm_duplicate = forms.BooleanField(
        label=capfirst(_("This is another employer: create it anyway")), required=False, widget=forms.HiddenInput
    )

    class Meta:
        model = Employer
        fields = [
            "name",
            "enterprise_number",
            "nace_section",
            "nace_code",
            "size_band",
            "street",
            "postcode",
            "commune",
            "consent_to_contact",
            "notes",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.enterprise_number and not self.is_bound:
            self.initial["enterprise_number"] = enterprise_number_format(self.instance.enterprise_number)

    def clean_enterprise_number(self):
        value = self.cleaned_data.get("enterprise_number", "").strip()
        if not value:
            return None
        digits = enterprise_number_validate(value)
        taken = Employer.objects.filter(enterprise_number=digits).exclude(pk=self.instance.pk).first()
        if taken:
            raise ValidationError(
                _("This enterprise number is already the one of %(name)s.") % {"name": taken.name}, code="unique"
            )
        return digits

    def clean_postcode(self):
        return _postcode(self.cleaned_data.get("postcode"))

    def clean_nace_code(self):
        return self.cleaned_data.get("nace_code", "").strip()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("nace_code") and not cleaned.get("nace_section"):
            self.add_error("nace_section", _("Choose the section of this NACE-BEL code."))
        return cleaned


class EmployerContactForm(forms.ModelForm):
    class Meta:
        model = EmployerContact
        fields = ["name", "role", "phone", "email", "language"]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "contact_%s")
        super().__init__(*args, **kwargs)

    def clean_phone(self):
        return belgian_phone_clean(self.cleaned_data.get("phone"))


class ProspectionForm(forms.ModelForm):
    class Meta:
        model = ProspectionContact
        fields = [
            "kind",
            "contacted_on",
            "subject",
            "result",
            "next_step",
            "next_step_due_on",
            "training_need",
            "training_need_people",
        ]
        widgets = {
            "contacted_on": DateInput(),
            "next_step_due_on": DateInput(),
            "result": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "prospection_%s")
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        due, contacted = cleaned.get("next_step_due_on"), cleaned.get("contacted_on")
        if due and contacted and due < contacted:
            self.add_error("next_step_due_on", _("The next step cannot be due before the contact."))
        if due and not cleaned.get("next_step"):
            self.add_error("next_step", _("Say what the next step is."))
        if cleaned.get("training_need_people") and not (cleaned.get("training_need") or "").strip():
            self.add_error("training_need", _("Say what the training need is."))
        return cleaned


class JobOfferForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = JobOffer
        fields = [
            "employer",
            "title",
            "occupation",
            "contract_type",
            "hours_per_week",
            "place",
            "requirements",
            "posts",
            "opened_on",
            "closed_on",
            "source",
        ]
        widgets = {
            "opened_on": DateInput(),
            "closed_on": DateInput(),
            "requirements": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employer"].queryset = Employer.objects.order_by("name_key", "pk")

    def clean(self):
        cleaned = super().clean()
        opened, closed = cleaned.get("opened_on"), cleaned.get("closed_on")
        if opened and closed and closed < opened:
            self.add_error("closed_on", _("An offer cannot close before it opens."))
        return cleaned


class JobSeekerChoiceField(forms.ModelChoiceField):
    """A file chosen by its number: the proposing form is reached from a search, never from a list of everyone."""

    widget = forms.NumberInput

    def label_from_instance(self, obj):
        return f"{obj} ({obj.birth_date:%d/%m/%Y})"


class MatchingProposeForm(forms.Form):
    """Propose a person: from an offer's board (the offer is fixed) or from the person's board (choose)."""

    job_seeker = JobSeekerChoiceField(label=capfirst(_("job seeker")), queryset=JobSeeker.objects.all())
    employer = forms.ModelChoiceField(label=capfirst(_("employer")), queryset=Employer.objects.none(), required=False)
    offer = forms.ModelChoiceField(
        label=capfirst(_("offer")),
        queryset=JobOffer.objects.none(),
        required=False,
        help_text=_("Leave empty for a spontaneous application."),
    )
    proposed_on = forms.DateField(label=capfirst(_("proposed on")), widget=DateInput())
    note = forms.CharField(label=capfirst(_("note")), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, offer=None, job_seeker=None, **kwargs):
        kwargs.setdefault("auto_id", "propose_%s")
        super().__init__(*args, **kwargs)
        self.fixed_offer, self.fixed_job_seeker = offer, job_seeker
        if offer is not None:
            del self.fields["employer"], self.fields["offer"]
        else:
            self.fields["employer"].queryset = Employer.objects.order_by("name_key", "pk")
            self.fields["offer"].queryset = JobOffer.objects.open().select_related("employer").order_by("title", "pk")
        if job_seeker is not None:
            del self.fields["job_seeker"]

    def clean(self):
        cleaned = super().clean()
        if self.fixed_offer is None:
            employer, offer = cleaned.get("employer"), cleaned.get("offer")
            if offer and not employer:
                cleaned["employer"] = offer.employer
            elif offer and employer and offer.employer_id != employer.pk:
                self.add_error("offer", _("This offer belongs to another employer."))
            elif not offer and not employer:
                self.add_error("employer", _("Choose an employer or an offer."))
        return cleaned


class MatchingMoveForm(forms.Form):
    status = forms.ChoiceField(label=capfirst(_("new status")), choices=MatchingStatus.choices)
    changed_on = forms.DateField(label=capfirst(_("date")), widget=DateInput())
    reason = forms.CharField(label=capfirst(_("reason (when not retained)")), max_length=255, required=False)

    def __init__(self, *args, matching: Matching, **kwargs):
        kwargs.setdefault("auto_id", f"move{matching.pk}_%s")
        super().__init__(*args, **kwargs)
        allowed = MATCHING_TRANSITIONS[matching.status]
        self.fields["status"].choices = [(s.value, s.label) for s in allowed]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") == MatchingStatus.NOT_RETAINED and not cleaned.get("reason", "").strip():
            self.add_error("reason", _("Say why the person was not retained."))
        return cleaned


class JobDayForm(forms.ModelForm):
    class Meta:
        model = JobDay
        fields = ["title", "held_on", "place", "sectors", "employers", "offers"]
        field_classes = {"employers": IdListField, "offers": IdListField}
        widgets = {"held_on": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employers"].queryset = Employer.objects.order_by("name_key", "pk")
        self.fields["offers"].queryset = JobOffer.objects.select_related("employer").order_by("-opened_on", "pk")


class JobDayGuestForm(forms.Form):
    job_seeker = JobSeekerChoiceField(label=capfirst(_("job seeker")), queryset=JobSeeker.objects.all())
    present = forms.BooleanField(label=capfirst(_("present")), required=False)


class InformationSessionForm(forms.ModelForm):
    class Meta:
        model = InformationSession
        fields = ["held_on", "partner", "theme", "people_reached"]
        widgets = {"held_on": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = Partner.objects.filter(is_active=True)


class ConcertationForm(forms.ModelForm):
    class Meta:
        model = Concertation
        fields = ["held_on", "title", "partners_present", "themes", "minutes"]
        widgets = {"held_on": DateInput(), "themes": forms.Textarea(attrs={"rows": 3})}

    def clean_minutes(self):
        minutes = self.cleaned_data.get("minutes")
        if minutes and getattr(minutes, "size", 0) > 10 * 1024 * 1024:
            raise ValidationError(_("The minutes must weigh less than 10 MB."))
        if minutes and not minutes.name.lower().endswith((".pdf", ".odt", ".docx", ".txt")):
            raise ValidationError(_("Attach the minutes as PDF, ODT, DOCX or TXT."))
        return minutes


class ContractForm(VersionedFormMixin, forms.ModelForm):
    worker = JobSeekerChoiceField(label=capfirst(_("worker")), queryset=JobSeeker.objects.all())

    class Meta:
        model = InsertionContract
        fields = ["worker", "measure", "worksite", "job_title", "supervisor", "started_on", "planned_end_on", "fte"]
        widgets = {"started_on": DateInput(), "planned_end_on": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["worksite"].queryset = Worksite.objects.filter(is_active=True)
        self.fields["supervisor"].queryset = User.objects.filter(
            is_active=True, profession__in=[Profession.DEIES_SUPERVISOR, Profession.MANAGER]
        )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("started_on"), cleaned.get("planned_end_on")
        if start and end and end < start:
            self.add_error("planned_end_on", _("The planned end cannot precede the start."))
        return cleaned


class ContractEndForm(VersionedFormMixin, forms.ModelForm):
    class Meta:
        model = InsertionContract
        fields = ["ended_on", "end_reason", "situation_at_end"]
        widgets = {"ended_on": DateInput()}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "end_%s")
        super().__init__(*args, **kwargs)
        self.fields["ended_on"].required = True
        self.fields["end_reason"].required = True

    def clean(self):
        cleaned = super().clean()
        ended = cleaned.get("ended_on")
        if ended and ended < self.instance.started_on:
            self.add_error("ended_on", _("The contract cannot end before it starts."))
        return cleaned


class TrainingForm(forms.ModelForm):
    class Meta:
        model = ContractTraining
        fields = ["kind", "title", "hours", "trained_on"]
        widgets = {"trained_on": DateInput()}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "training_%s")
        super().__init__(*args, **kwargs)


class CertificationForm(forms.ModelForm):
    class Meta:
        model = Certification
        fields = ["kind", "obtained_on"]
        widgets = {"obtained_on": DateInput()}

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "certification_%s")
        super().__init__(*args, **kwargs)
        self.fields["kind"].queryset = CertificationKind.objects.filter(is_active=True)
