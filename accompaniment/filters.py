import datetime

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accompaniment.enums import AccompanimentStatus, BarrierKind, ReferralSource
from accompaniment.models import Accompaniment, Barrier, Interview, JobSeeker, LocalProject


def _descending(label):
    """The label of a descending sort, in the reader's language: django-filter builds its own once, at import, in
    the language active then (French)."""
    return lazy(lambda: gettext("%(label)s (descending)") % {"label": label}, str)()


SORT_LABELS = {
    "job_seeker__name_key": _("name"),
    "planned_end_on": _("days left"),
    "last_interview_on": _("last interview"),
}


class CaseloadFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Name, NISS or Actiris number"), method="filter_search")
    status = django_filters.ChoiceFilter(
        label=_("status"), choices=AccompanimentStatus.choices, empty_label=_("All"), method="filter_status"
    )
    source = django_filters.ChoiceFilter(
        label=_("referral source"), field_name="referral_source", choices=ReferralSource.choices, empty_label=_("All")
    )
    ending_soon = django_filters.BooleanFilter(
        label=_("Ending within 30 days"), method="filter_ending_soon", widget=forms.CheckboxInput
    )
    no_recent_interview = django_filters.BooleanFilter(
        label=_("No interview for 60 days"), method="filter_no_recent_interview", widget=forms.CheckboxInput
    )
    local_project = django_filters.ModelChoiceFilter(
        label=_("local project"),
        field_name="job_seeker__local_projects",
        queryset=LocalProject.objects.all(),
        empty_label=_("All"),
    )
    barrier = django_filters.ChoiceFilter(
        label=_("open barrier"), choices=BarrierKind.choices, empty_label=_("All"), method="filter_barrier"
    )
    ordering = django_filters.OrderingFilter(
        label=_("sort by"),
        # The first is the default order of the caseload: the accompaniments ending first.
        fields=[("planned_end_on", "end"), ("job_seeker__name_key", "name"), ("last_interview_on", "last")],
        field_labels={
            **SORT_LABELS,
            "-name": _descending(SORT_LABELS["job_seeker__name_key"]),
            "-end": _descending(SORT_LABELS["planned_end_on"]),
            "-last": _descending(SORT_LABELS["last_interview_on"]),
        },
        empty_label=None,
    )

    class Meta:
        model = Accompaniment
        fields = []

    def __init__(self, data=None, *args, show_confidential_projects=False, **kwargs):
        # Open accompaniments by default: the caseload is what is running now.
        data = data.copy() if data is not None else {}
        data.setdefault("status", AccompanimentStatus.OPEN)
        super().__init__(data, *args, **kwargs)
        if not show_confidential_projects:
            self.filters["local_project"].queryset = LocalProject.objects.filter(confidential=False)

    @property
    def today(self) -> datetime.date:
        return timezone.localdate()

    def filter_search(self, queryset, name, value):
        return queryset.filter(job_seeker__in=JobSeeker.objects.search(value))

    def filter_status(self, queryset, name, value):
        return queryset.filter(status=value) if value else queryset

    def filter_ending_soon(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(
            status=AccompanimentStatus.OPEN, planned_end_on__lte=self.today + datetime.timedelta(days=30)
        )

    def filter_no_recent_interview(self, queryset, name, value):
        if not value:
            return queryset
        since = self.today - datetime.timedelta(days=60)
        recent = Interview.objects.filter(occurred_on__gt=since).values("job_seeker")
        return queryset.exclude(job_seeker__in=recent)

    def filter_barrier(self, queryset, name, value):
        if not value:
            return queryset
        holders = Barrier.objects.filter(kind=value, lifted_on__isnull=True).values("job_seeker")
        return queryset.filter(Q(job_seeker__in=holders))
