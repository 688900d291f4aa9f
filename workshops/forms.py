from django import forms
from django.utils.translation import gettext_lazy as _

from missionlocale.enums import Role
from missionlocale.forms import DateInput, IdListField, TimeInput, VersionedFormMixin
from missionlocale.models import User
from workshops.enums import DigitalSkill, EnrolmentStatus, Weekday
from workshops.models import Meeting, Module, Session


def facilitator_choices():
    return (
        User.objects.filter(is_active=True, groups__name__in=[Role.COUNSELLOR, Role.MANAGER])
        .distinct()
        .order_by("last_name", "first_name", "pk")
    )


class SessionForm(VersionedFormMixin, forms.ModelForm):
    weekday_choices = forms.TypedMultipleChoiceField(
        label=_("Meeting days"),
        choices=Weekday.choices,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("The meetings are generated on these days between the start and the end; edit them later."),
    )

    class Meta:
        model = Session
        fields = [
            "module",
            "label",
            "starts_on",
            "ends_on",
            "starts_at",
            "ends_at",
            "place",
            "capacity",
            "facilitators",
            "local_project",
        ]
        field_classes = {"facilitators": IdListField}
        widgets = {
            "starts_on": DateInput(),
            "ends_on": DateInput(),
            "starts_at": TimeInput(),
            "ends_at": TimeInput(),
            "facilitators": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args, creating=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["module"].queryset = Module.objects.filter(is_active=True)
        self.fields["facilitators"].queryset = facilitator_choices()
        self.fields["local_project"].queryset = self.fields["local_project"].queryset.filter(is_active=True)
        if self.instance.pk:
            self.fields["weekday_choices"].initial = self.instance.weekday_list
        if not creating:
            del self.fields["weekday_choices"]
            del self.fields["module"]

    def clean(self):
        data = super().clean()
        if "weekday_choices" in self.fields and not data.get("weekday_choices"):
            self.add_error("weekday_choices", _("Choose at least one meeting day."))
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The end cannot precede the start."))
        starts_at, ends_at = data.get("starts_at"), data.get("ends_at")
        if starts_at and ends_at and ends_at <= starts_at:
            self.add_error("ends_at", _("The meetings must end after they start."))
        if starts_on and ends_on and (ends_on - starts_on).days > 366:
            self.add_error("ends_on", _("A session lasts at most a year."))
        return data


class MeetingForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["date", "starts_at", "ends_at", "topic"]
        widgets = {"date": DateInput(), "starts_at": TimeInput(), "ends_at": TimeInput()}

    def clean(self):
        data = super().clean()
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
            self.add_error("ends_at", _("The meeting must end after it starts."))
        return data


class EnrolForm(forms.Form):
    person = forms.IntegerField(widget=forms.HiddenInput)
    invited = forms.BooleanField(label=_("Invite only (not yet registered)"), required=False)


class FileEnrolForm(forms.Form):
    session = forms.ModelChoiceField(label=_("Session"), queryset=Session.objects.none())
    invited = forms.BooleanField(label=_("Invite only (not yet registered)"), required=False)

    def __init__(self, *args, sessions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = sessions if sessions is not None else Session.objects.none()


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("status"), choices=EnrolmentStatus.choices)


class VisitorForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=80)
    last_name = forms.CharField(label=_("Last name"), max_length=80, required=False)


class CoachingForm(forms.Form):
    occurred_on = forms.DateField(label=_("Date"), widget=DateInput())
    duration_minutes = forms.IntegerField(label=_("Duration (minutes)"), min_value=5, max_value=480, initial=45)
    skills = forms.MultipleChoiceField(
        label=_("Skills worked on"), choices=DigitalSkill.choices, widget=forms.CheckboxSelectMultiple
    )
    note = forms.CharField(label=_("Note"), max_length=255, required=False)
