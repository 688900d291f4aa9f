import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Sum
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accompaniment.forms import CheckpointForm
from employers import indicators, perms, services
from employers.forms import CertificationForm, ContractEndForm, ContractForm, TrainingForm
from employers.models import InsertionContract, Worksite
from employers.views.common import require
from missionlocale.dates import add_months
from missionlocale.figures import year_end
from missionlocale.forms import ascii_digits, form_add_save_error, form_add_service_error

PAGE_SIZE = 50
ENDING_WITHIN_DAYS = 60


@require_GET
def contract_list(request):
    """The contracts the user may see: all for the DEIES supervisor and managers, their own people's otherwise."""
    require(perms.can_list_contracts(request.user))
    today = timezone.localdate()
    contracts = InsertionContract.objects.visible_to(request.user).for_list_page()
    show = request.GET.get("show", "active")
    if show == "active":
        contracts = contracts.filter(started_on__lte=today, effective_end__gte=today)
    worksite = request.GET.get("worksite", "")
    if ascii_digits(worksite):
        contracts = contracts.filter(worksite_id=int(worksite))
    contracts = contracts.annotate(
        training_hours=Sum("trainings__hours"), certification_count=Count("certifications", distinct=True)
    ).order_by("effective_end", "pk")
    page = Paginator(contracts, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "employers/contract_list.html",
        {
            "page": page,
            "show": show,
            "worksite": worksite,
            "worksites": Worksite.objects.all(),
            "today": today,
            "can_supervise": perms.can_supervise_contracts(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def contract_create(request):
    require(perms.can_supervise_contracts(request.user))
    form = ContractForm(request.POST or None, initial={"supervisor": request.user})
    if request.method == "POST" and form.is_valid():
        contract = services.contract_save(acting_user=request.user, **form.cleaned_data)
        messages.success(request, _("The contract of %(name)s is recorded.") % {"name": contract.worker.full_name})
        return redirect("employers:contract_detail", pk=contract.pk)
    return render(request, "employers/contract_form.html", {"form": form, "contract": None})


@require_http_methods(["GET", "POST"])
def contract_edit(request, pk):
    require(perms.can_supervise_contracts(request.user))
    contract = get_object_or_404(InsertionContract, pk=pk)
    form = ContractForm(request.POST or None, instance=contract)
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            services.contract_save(
                acting_user=request.user, contract=contract, expected_version=data.pop("version"), **data
            )
        except ValidationError as error:
            conflict = form_add_save_error(form, error, instance=contract)
        else:
            messages.success(request, _("The contract is saved."))
            return redirect("employers:contract_detail", pk=contract.pk)
    return render(request, "employers/contract_form.html", {"form": form, "contract": contract, "conflict": conflict})


def contract_context(request, contract, **forms) -> dict:
    can_supervise = perms.can_supervise_contracts(request.user)
    today = timezone.localdate()
    return {
        "contract": contract,
        "trainings": list(contract.trainings.all()),
        "certifications": list(contract.certifications.select_related("kind")),
        "can_supervise": can_supervise,
        "training_form": forms.get("training_form")
        or (TrainingForm(initial={"trained_on": today}) if can_supervise else None),
        "certification_form": forms.get("certification_form")
        or (CertificationForm(initial={"obtained_on": today}) if can_supervise else None),
        "end_form": forms.get("end_form") or (ContractEndForm(instance=contract) if can_supervise else None),
        "today": today,
        "three_month_due_on": _three_month_due_on(contract),
    }


def _three_month_due_on(contract) -> datetime.date | None:
    """When the 3-month follow-up falls due; None without an end, or for an end date a refused form put on the
    contract that has no date 3 months later (31/12/9999)."""
    if contract.ended_on is None:
        return None
    try:
        return add_months(contract.ended_on, 3)
    except ValueError:
        return None


def _get_visible_contract(request, pk) -> InsertionContract:
    require(perms.can_list_contracts(request.user))
    contract = get_object_or_404(
        InsertionContract.objects.visible_to(request.user).select_related(
            "worker", "worksite", "supervisor", "three_month_checkpoint"
        ),
        pk=pk,
    )
    return contract


@require_GET
def contract_detail(request, pk):
    contract = _get_visible_contract(request, pk)
    return render(request, "employers/contract_detail.html", contract_context(request, contract))


def _contract_subform(request, pk, form_class, key, save):
    require(perms.can_supervise_contracts(request.user))
    contract = get_object_or_404(InsertionContract.objects.select_related("worker", "worksite", "supervisor"), pk=pk)
    form = form_class(request.POST, **({"instance": contract} if form_class is ContractEndForm else {}))
    if form.is_valid():
        try:
            save(contract, form)
        except ValidationError as error:
            form_add_save_error(form, error, instance=contract)
        else:
            return redirect("employers:contract_detail", pk=contract.pk)
    return render(request, "employers/contract_detail.html", contract_context(request, contract, **{key: form}))


@require_POST
def training_create(request, pk):
    def save(contract, form):
        services.training_add(contract=contract, **form.cleaned_data)
        messages.success(request, _("The training is recorded."))

    return _contract_subform(request, pk, TrainingForm, "training_form", save)


@require_POST
def certification_create(request, pk):
    def save(contract, form):
        services.certification_add(contract=contract, **form.cleaned_data)
        messages.success(request, _("The certification is recorded."))

    return _contract_subform(request, pk, CertificationForm, "certification_form", save)


@require_POST
def contract_end(request, pk):
    def save(contract, form):
        data = dict(form.cleaned_data)
        services.contract_save(
            acting_user=request.user, contract=contract, expected_version=data.pop("version"), **data
        )
        messages.success(request, _("The end of the contract and the follow-up are saved."))

    return _contract_subform(request, pk, ContractEndForm, "end_form", save)


@require_http_methods(["GET", "POST"])
def contract_checkpoint(request, pk):
    """The DEIES follow-up 3 months after the end of the contract, on the page of every exit checkpoint."""
    require(perms.can_supervise_contracts(request.user))
    contract = get_object_or_404(
        InsertionContract.objects.select_related("worker", "worksite", "three_month_checkpoint__recorded_by"), pk=pk
    )
    today = timezone.localdate()
    due_on = _three_month_due_on(contract)
    if due_on is None or due_on > today:
        messages.info(request, _("The 3-month follow-up can be recorded from 3 months after the end of the contract."))
        return redirect("employers:contract_detail", pk=contract.pk)
    form = CheckpointForm(request.POST or None, instance=contract.three_month_checkpoint)
    if request.method == "POST" and form.is_valid():
        try:
            services.contract_checkpoint_record(
                contract=contract, acting_user=request.user, today=today, **form.cleaned_data
            )
        except ValidationError as error:
            form_add_service_error(form, error)
        else:
            messages.success(request, _("The %(months)s-month checkpoint is recorded.") % {"months": 3})
            return redirect("employers:contract_detail", pk=contract.pk)
    elif request.method == "POST":
        messages.error(request, _("Nothing was saved: correct the fields shown in red."))
    return render(
        request,
        "accompaniment/checkpoint_form.html",
        {
            "job_seeker": contract.worker,
            "months": 3,
            "exit_on": contract.ended_on,
            "due_on": due_on,
            "recorded": contract.three_month_checkpoint,
            "exit_label": _("End of the contract at %(worksite)s") % {"worksite": contract.worksite},
            "form": form,
            "came_from": "",
            "back_url": reverse("employers:contract_detail", args=[contract.pk]),
        },
    )


@require_GET
def headcount(request):
    """Workers active each day of a year, the peak, workers per worksite, contracts ending within 60 days."""
    require(perms.can_supervise_contracts(request.user))
    today = timezone.localdate()
    year = request.GET.get("year", "")
    year = int(year) if ascii_digits(year) and 2000 <= int(year) <= today.year + 1 else today.year
    cutoff = today
    series = indicators.daily_headcount(year=year)
    peak = indicators.deies_peak(year=year, cutoff=year_end(year))
    height = 120
    scale = max(peak, 1)
    bars = [
        {
            "x": index * 2,
            "height": round(count * height / scale),
            "y": height - round(count * height / scale),
            "day": day,
            "count": count,
        }
        for index, (day, count) in enumerate(series)
    ]
    months = []
    for month in range(1, 13):
        values = [count for day, count in series if day.month == month]
        months.append({"month": datetime.date(year, month, 1), "min": min(values), "max": max(values)})
    return render(
        request,
        "employers/headcount.html",
        {
            "year": year,
            "years": range(today.year, 2019, -1),
            "peak": peak,
            "peak_days": [day for day, count in series if count == peak][:1],
            "workers": indicators.deies_workers(year=year, cutoff=cutoff),
            "article_60": indicators.deies_article_60_posts(year=year, cutoff=cutoff),
            "by_worksite": indicators.deies_workers_by_worksite(year=year, cutoff=cutoff),
            "bars": bars,
            "chart_width": len(bars) * 2,
            "chart_height": height,
            "months": months,
            "ending": list(
                InsertionContract.objects.ending_within(ENDING_WITHIN_DAYS, today)
                .select_related("worker", "worksite")
                .order_by("planned_end_on", "pk")
            ),
            "ending_days": ENDING_WITHIN_DAYS,
            "today": today,
        },
    )
