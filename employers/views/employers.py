from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from employers import perms, services
from employers.enums import NaceSection, SizeBand
from employers.forms import EmployerContactForm, EmployerForm, ProspectionForm
from employers.models import Employer, JobOffer, Matching, ProspectionContact
from employers.views.common import require
from missionlocale.forms import form_add_save_error, search_text

PAGE_SIZE = 50


@require_http_methods(["GET", "POST"])
def employer_list(request):
    """The directory. Filters by GET (they hold no personal data): name or enterprise number, size, section."""
    require(perms.can_view_employers(request.user))
    query = search_text(request.GET.get("q"))
    employers = Employer.objects.search(query).order_by("name_key", "pk")
    size, section = request.GET.get("size", ""), request.GET.get("section", "")
    if size in SizeBand.values:
        employers = employers.filter(size_band=size)
    if section in NaceSection.values:
        employers = employers.filter(nace_section=section)
    # The page's employers first, then their figures: the database would otherwise compute them for every
    # employer skipped by the OFFSET of a far page.
    page = Paginator(employers.values_list("pk", flat=True), PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = list(Employer.objects.filter(pk__in=list(page.object_list)).for_directory_page())
    return render(
        request,
        "employers/employer_list.html",
        {
            "page": page,
            "query": query,
            "size": size,
            "section": section,
            "sizes": SizeBand.choices,
            "sections": NaceSection.choices,
            "can_manage": perms.can_manage_employers(request.user),
        },
    )


def _employer_form_view(request, employer=None):
    form = EmployerForm(request.POST or None, instance=employer)
    duplicates, conflict = [], None
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        confirmed = data.pop("confirm_duplicate")
        expected_version = data.pop("version", None)
        duplicates = list(
            services.employer_duplicates(
                name=data["name"],
                postcode=data["postcode"],
                enterprise_number=data["enterprise_number"],
                exclude_pk=employer.pk if employer else None,
            )
        )
        if not duplicates or confirmed:
            try:
                saved = services.employer_save(
                    acting_user=request.user, employer=employer, expected_version=expected_version, **data
                )
            except ValidationError as error:
                conflict = form_add_save_error(form, error, instance=employer)
            else:
                messages.success(request, _("The employer %(name)s is saved.") % {"name": saved.name})
                return redirect("employers:employer_detail", pk=saved.pk)
        else:
            form.data = form.data.copy()
            form.data["confirm_duplicate"] = "on"
    return render(
        request,
        "employers/employer_form.html",
        {"form": form, "duplicates": duplicates, "employer": employer, "conflict": conflict},
    )


@require_http_methods(["GET", "POST"])
def employer_create(request):
    require(perms.can_manage_employers(request.user))
    return _employer_form_view(request)


@require_http_methods(["GET", "POST"])
def employer_edit(request, pk):
    require(perms.can_manage_employers(request.user))
    return _employer_form_view(request, get_object_or_404(Employer, pk=pk))


def employer_detail_context(request, employer, **forms) -> dict:
    can_manage = perms.can_manage_employers(request.user)
    today = timezone.localdate()
    return {
        "employer": employer,
        "contacts": list(employer.contacts.all()),
        "prospection": list(employer.prospection_contacts.select_related("staff")),
        "offers": list(JobOffer.objects.filter(employer=employer).for_list_page()),
        "matchings": list(
            Matching.objects.filter(employer=employer)
            .select_related("job_seeker", "offer")
            .order_by("-proposed_on", "-pk")[:50]
        ),
        "can_manage": can_manage,
        "today": today,
        "contact_form": forms.get("contact_form") or (EmployerContactForm() if can_manage else None),
        "prospection_form": forms.get("prospection_form")
        or (ProspectionForm(initial={"contacted_on": today}) if can_manage else None),
    }


@require_GET
def employer_detail(request, pk):
    require(perms.can_view_employers(request.user))
    employer = get_object_or_404(Employer, pk=pk)
    return render(request, "employers/employer_detail.html", employer_detail_context(request, employer))


@require_POST
def contact_create(request, pk):
    require(perms.can_manage_employers(request.user))
    employer = get_object_or_404(Employer, pk=pk)
    form = EmployerContactForm(request.POST)
    if form.is_valid():
        services.contact_add(employer=employer, acting_user=request.user, **form.cleaned_data)
        messages.success(request, _("The contact is added."))
        return redirect("employers:employer_detail", pk=employer.pk)
    context = employer_detail_context(request, employer, contact_form=form)
    return render(request, "employers/employer_detail.html", context)


@require_POST
def prospection_create(request, pk):
    require(perms.can_manage_employers(request.user))
    employer = get_object_or_404(Employer, pk=pk)
    form = ProspectionForm(request.POST)
    if form.is_valid():
        services.prospection_log(employer=employer, staff=request.user, **form.cleaned_data)
        messages.success(request, _("The contact with %(name)s is logged.") % {"name": employer.name})
        return redirect("employers:employer_detail", pk=employer.pk)
    context = employer_detail_context(request, employer, prospection_form=form)
    return render(request, "employers/employer_detail.html", context)


@require_POST
def follow_up_done(request, pk):
    require(perms.can_manage_employers(request.user))
    contact = get_object_or_404(ProspectionContact, pk=pk)
    services.follow_up_done(contact=contact)
    messages.success(request, _("The next step with %(name)s is done.") % {"name": contact.employer.name})
    if request.POST.get("next") == "employer":
        return redirect("employers:employer_detail", pk=contact.employer_id)
    return redirect("employers:follow_ups")


@require_GET
def follow_ups(request):
    """The employer relations officer's next steps: overdue and due in the next two weeks, 50 a page."""
    require(perms.can_manage_employers(request.user))
    today = timezone.localdate()
    mine = request.GET.get("all") != "1"
    due = ProspectionContact.objects.follow_ups_due(staff=request.user if mine else None, today=today)
    page = Paginator(due, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "employers/follow_ups.html", {"page": page, "today": today, "mine": mine})
