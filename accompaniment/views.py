from django.contrib.auth.decorators import permission_required
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _


@permission_required("missionlocale.keep_caseload", raise_exception=True)
def caseload(request):
    # Placeholder until the accompaniment capability lands; it says so to the user.
    return render(
        request,
        "missionlocale/placeholder.html",
        {
            "title": _("My caseload"),
            "coming": _(
                "The caseload of your job-seeker files, with their accompaniments and interviews, "
                "is not available yet: it arrives with the Accompaniment module."
            ),
        },
    )
