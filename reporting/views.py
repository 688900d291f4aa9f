from django.contrib.auth.decorators import permission_required
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _


@permission_required("missionlocale.view_dashboard", raise_exception=True)
def dashboard(request):
    # Placeholder until the reporting capability lands; it says so to the user.
    return render(
        request,
        "missionlocale/placeholder.html",
        {
            "title": _("Dashboard"),
            "coming": _(
                "The management dashboard (new accompaniments against the objective, positive exits, "
                "caseload fill) is not available yet: it arrives with the Reporting module."
            ),
        },
    )


@permission_required("missionlocale.view_reports", raise_exception=True)
def reports(request):
    return render(
        request,
        "missionlocale/placeholder.html",
        {
            "title": _("Annual activity reports"),
            "coming": _(
                "Generating the annual activity report for Actiris as a PDF is not available yet: "
                "it arrives with the Reporting module."
            ),
        },
    )
