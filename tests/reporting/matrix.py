"""The reporting app's rows of the permission matrix (tests/test_permission_matrix.py)."""

import datetime

from missionlocale.identity import funder_logo_add
from reporting import services
from tests.matrix import NOT_ALLOWED, only
from tests.reporting.images import upload

DIRECTOR = only(director=200)
DASHBOARD = only(manager=200, director=200)


def make_objects(users) -> dict:
    report = services.report_request(
        year=2024, cutoff=datetime.date(2025, 1, 31), language="fr", acting_user=users["director"]
    )
    services.report_build(report_id=report.pk)
    return {
        "report": report,
        "report_figures": (report.pk, "xlsx"),
        "year": 2024,
        "format": "csv",
        "list": "accompanied",
        "part": "follow-up",
        "chart": "months",
        "report_image": services.report_image_add(
            year=2024, section="mission", upload=upload(), alt_fr="L'équipe", acting_user=users["director"]
        ),
        "funder_logo": funder_logo_add(name="Actiris", order=1, logo=upload(), acting_user=users["director"]),
    }


EXPECTED = {
    "reporting:dashboard": (None, DASHBOARD, NOT_ALLOWED),
    "reporting:dashboard_export": ("format", DASHBOARD, NOT_ALLOWED),
    "reporting:dashboard_part": ("part", DASHBOARD, NOT_ALLOWED),
    "reporting:dashboard_chart": ("chart", DASHBOARD, NOT_ALLOWED),
    "reporting:dashboard_list": ("list", DASHBOARD, NOT_ALLOWED),
    "reporting:dashboard_list_export": ("list_format", DASHBOARD, NOT_ALLOWED),
    "reporting:reports": (None, DIRECTOR, DIRECTOR),
    "reporting:report_status": ("report", DIRECTOR, NOT_ALLOWED),
    "reporting:report_download": ("report", DIRECTOR, NOT_ALLOWED),
    "reporting:report_figures": ("report_figures", DIRECTOR, NOT_ALLOWED),
    "reporting:report_texts": ("year", DIRECTOR, only(director=302)),
    "reporting:objective": ("year", DIRECTOR, only(director=302)),
    "reporting:past_year_figures": ("year", DIRECTOR, only(director=302)),
    "reporting:report_images": ("year", DIRECTOR, DIRECTOR),
    "reporting:report_image_delete": ("report_image", NOT_ALLOWED, only(director=302)),
    # The identity the report prints is the director's alone (missionlocale/roles.py says why). An empty post is
    # a form with its errors (the name is required).
    "reporting:identity": (None, DIRECTOR, DIRECTOR),
    "reporting:funder_logo_add": (None, NOT_ALLOWED, DIRECTOR),
    "reporting:funder_logo_edit": ("funder_logo", NOT_ALLOWED, DIRECTOR),
    "reporting:funder_logo_delete": ("funder_logo", NOT_ALLOWED, only(director=302)),
}
