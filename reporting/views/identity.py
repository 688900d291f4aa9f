"""The organisation's identity as the annual report prints it: name, address, logo, colours and the funders'
logos, set by the director (missionlocale.identity holds the writes)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from missionlocale.forms import form_add_service_error
from missionlocale.identity import (
    funder_logo_add,
    funder_logo_delete,
    funder_logo_update,
    organisation_current,
    organisation_set,
)
from missionlocale.images import image_data_uri
from missionlocale.models import FunderLogo
from reporting.forms import FunderLogoEditForm, FunderLogoForm, OrganisationForm

PERMISSION = "missionlocale.change_organisation"


def _organisation_form() -> OrganisationForm:
    organisation = organisation_current()
    fields = ("name", "address", "primary_colour", "secondary_colour")
    return OrganisationForm(initial={name: getattr(organisation, name) for name in fields})


def _page(request, *, form, funder_form, edit_form=None, status=200):
    organisation = organisation_current()
    funders = [(row, image_data_uri(row.logo)) for row in FunderLogo.objects.all()]
    return render(
        request,
        "reporting/identity.html",
        {
            "form": form,
            "funder_form": funder_form,
            "organisation": organisation,
            "logo": image_data_uri(organisation.logo),
            "funders": funders,
            "edit_form": edit_form,
            "edit_refusal": _("Nothing was saved: %(errors)s")
            % {
                "errors": "; ".join(
                    f"{edit_form.fields[name].label} : {' '.join(errors)}" for name, errors in edit_form.errors.items()
                )
            }
            if edit_form is not None and edit_form.errors
            else "",
            "max_bytes": settings.REPORT_IMAGE_MAX_BYTES,
            "max_side": settings.REPORT_IMAGE_MAX_SIDE,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@permission_required(PERMISSION, raise_exception=True)
def identity_edit(request):
    organisation = organisation_current()
    initial = {name: getattr(organisation, name) for name in ("name", "address", "primary_colour", "secondary_colour")}
    bound = request.method == "POST"
    form = OrganisationForm(request.POST if bound else None, request.FILES if bound else None, initial=initial)
    if bound and form.is_valid():
        try:
            organisation_set(acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form_add_service_error(form, error)
        else:
            messages.success(request, _("The identity of the organisation is saved: the next report prints it."))
            return redirect("reporting:identity")
    return _page(request, form=form, funder_form=FunderLogoForm())


@require_POST
@permission_required(PERMISSION, raise_exception=True)
def funder_logo_create(request):
    funder_form = FunderLogoForm(request.POST, request.FILES)
    if funder_form.is_valid():
        try:
            funder_logo_add(acting_user=request.user, **funder_form.cleaned_data)
        except ValidationError as error:
            form_add_service_error(funder_form, error)
        else:
            messages.success(request, _("The funder's logo is added to the report's last page."))
            return redirect("reporting:identity")
    organisation = organisation_current()
    initial = {name: getattr(organisation, name) for name in ("name", "address", "primary_colour", "secondary_colour")}
    return _page(request, form=OrganisationForm(initial=initial), funder_form=funder_form)


@require_POST
@permission_required(PERMISSION, raise_exception=True)
def funder_logo_edit(request, pk):
    """A funder's name or place on the last page, from its row of the page; a refusal is said above the table."""
    funder_logo = get_object_or_404(FunderLogo, pk=pk)
    edit_form = FunderLogoEditForm(request.POST)
    if edit_form.is_valid():
        funder_logo_update(funder_logo=funder_logo, acting_user=request.user, **edit_form.cleaned_data)
        messages.success(request, _("The logo of %(funder)s is saved.") % {"funder": funder_logo.name})
        return redirect("reporting:identity")
    return _page(request, form=_organisation_form(), funder_form=FunderLogoForm(), edit_form=edit_form)


@require_POST
@permission_required(PERMISSION, raise_exception=True)
def funder_logo_remove(request, pk):
    funder_logo = get_object_or_404(FunderLogo, pk=pk)
    funder_logo_delete(funder_logo=funder_logo, acting_user=request.user)
    messages.success(request, _("The logo of %(funder)s is removed.") % {"funder": funder_logo.name})
    return redirect("reporting:identity")
