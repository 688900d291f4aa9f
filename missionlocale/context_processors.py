from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accompaniment import perms as accompaniment_perms
from employers import perms as employers_perms
from missionlocale import perms
from workshops import perms as workshops_perms

# The navigation bar, area by area: (area, [(label, url name, who sees it), …]), in the order of the bar.
NAVIGATION = [
    (
        _("Files"),
        [
            (_("Today"), "accompaniment:today", perms.is_counsellor),
            (_("My caseload"), "accompaniment:caseload", perms.can_keep_caseload),
            (_("Find a file"), "accompaniment:file_search", accompaniment_perms.can_read_files),
            (_("Agenda"), "accompaniment:agenda", accompaniment_perms.can_read_files),
            (_("Caseloads"), "accompaniment:caseloads", accompaniment_perms.can_manage_caseloads),
        ],
    ),
    (
        _("Employers"),
        [
            (_("Follow-ups"), "employers:follow_ups", employers_perms.can_manage_employers),
            (_("Employers"), "employers:employer_list", employers_perms.can_manage_employers),
            (_("Offers"), "employers:offer_list", employers_perms.can_view_employers),
            (_("Events"), "employers:event_list", employers_perms.can_manage_employers),
            (_("DEIES"), "employers:contract_list", employers_perms.can_supervise_contracts),
        ],
    ),
    (
        _("Workshops"),
        [
            (_("Modules"), "workshops:sessions", workshops_perms.can_use_workshops),
            (_("EPN"), "workshops:epn", workshops_perms.can_use_epn),
            (_("Local projects"), "workshops:projects", workshops_perms.can_use_workshops),
        ],
    ),
    (
        _("Management"),
        [
            (_("Dashboard"), "reporting:dashboard", perms.can_view_dashboard),
            (_("Reports"), "reporting:reports", perms.can_view_reports),
            (_("Administration"), "admin:index", perms.can_administer),
        ],
    ),
]


def navigation(request):
    """The areas the user may open, for the bar: ``nav_areas`` [{label, items, active, menu}].

    So that the bar fits one row whatever the role and the language, an area is a dropdown menu (``menu``) when
    it holds several pages, except the user's own area, the one of the page they land on after login: its pages
    stay one click away. ``nav_items`` lists every page, flat.
    """
    user = getattr(request, "user", None)
    areas, flat = [], []
    if user is not None and user.is_authenticated:
        home = perms.home_url_name(user)
        for area_label, pages in NAVIGATION:
            items = []
            for label, url_name, allowed in pages:
                if allowed(user):
                    url = reverse(url_name)
                    items.append({"label": label, "url": url, "active": request.path.startswith(url)})
            if not items:
                continue
            own = home in {url_name for _label, url_name, _allowed in pages}
            areas.append(
                {
                    "label": area_label,
                    "items": items,
                    "active": any(item["active"] for item in items),
                    "menu": len(items) > 1 and not own,
                }
            )
            flat += items
    # The user's own calendar links (accompaniment/calendar_feeds.py), in the account menu of who keeps an agenda.
    calendar_links = (
        reverse("accompaniment:calendar_feeds")
        if user is not None and user.is_authenticated and accompaniment_perms.can_read_files(user)
        else ""
    )
    return {
        "nav_areas": areas,
        "nav_items": flat,
        "organisation_name": settings.ORGANISATION_NAME,
        "account_calendar_links_url": calendar_links,
    }
