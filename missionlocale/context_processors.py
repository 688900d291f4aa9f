from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accompaniment import perms as accompaniment_perms
from employers import perms as employers_perms
from missionlocale import perms
from workshops import perms as workshops_perms

# (label, url name, who sees it), in the order of the navigation bar.
NAVIGATION = [
    (_("Today"), "accompaniment:today", perms.is_counsellor),
    (_("My caseload"), "accompaniment:caseload", perms.can_keep_caseload),
    (_("Files"), "accompaniment:file_search", accompaniment_perms.can_read_files),
    (_("Agenda"), "accompaniment:agenda", accompaniment_perms.can_read_files),
    (_("Caseloads"), "accompaniment:caseloads", accompaniment_perms.can_manage_caseloads),
    (_("Follow-ups"), "employers:follow_ups", employers_perms.can_manage_employers),
    (_("Employers"), "employers:employer_list", employers_perms.can_manage_employers),
    (_("Offers"), "employers:offer_list", employers_perms.can_view_employers),
    (_("Events"), "employers:event_list", employers_perms.can_manage_employers),
    (_("DEIES"), "employers:contract_list", employers_perms.can_supervise_contracts),
    (_("Modules"), "workshops:sessions", workshops_perms.can_use_workshops),
    (_("EPN"), "workshops:epn", workshops_perms.can_use_epn),
    (_("Local projects"), "workshops:projects", workshops_perms.can_use_workshops),
    (_("Dashboard"), "reporting:dashboard", perms.can_view_dashboard),
    (_("Reports"), "reporting:reports", perms.can_view_reports),
    (_("Administration"), "admin:index", perms.can_administer),
]


def navigation(request):
    user = getattr(request, "user", None)
    items = []
    if user is not None and user.is_authenticated:
        for label, url_name, allowed in NAVIGATION:
            if allowed(user):
                url = reverse(url_name)
                items.append({"label": label, "url": url, "active": request.path.startswith(url)})
    return {"nav_items": items, "organisation_name": settings.ORGANISATION_NAME}
