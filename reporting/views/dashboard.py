# Being written (dashboard, its exports).
from django.contrib.auth.decorators import permission_required
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET


@require_GET
@permission_required("missionlocale.view_dashboard", raise_exception=True)
def dashboard(request, fmt=None):
    return render(
        request,
        "missionlocale/placeholder.html",
        {"title": _("Dashboard"), "coming": _("The dashboard is being built.")},
    )


dashboard_export = dashboard
