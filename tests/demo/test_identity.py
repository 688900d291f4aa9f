"""The demo sets the organisation's identity with logos drawn by Pillow (no downloaded file)."""

import os

from demo.identity import FUNDERS, demo_identity_seed
from demo.staff import demo_staff_seed
from missionlocale.identity import organisation_current, report_identity
from missionlocale.models import FunderLogo


def test_the_demo_sets_the_identity_with_drawn_logos_once(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    demo_staff_seed()

    demo_identity_seed()
    demo_identity_seed()

    organisation = organisation_current()
    assert organisation.name == "Mission Locale de Bruxelles-Ville"
    assert "1000 Bruxelles" in organisation.address
    assert [funder.name for funder in FunderLogo.objects.all()] == [name for name, _label, _colour in FUNDERS]
    # One logo and five funders' logos stored, none twice; each is embedded in the report.
    assert len(os.listdir(tmp_path / "identity")) == 1 + len(FUNDERS)
    identity = report_identity()
    assert identity.logo.startswith("data:image/png;base64,")
    assert len(identity.funders) == len(FUNDERS)
    assert organisation.history.first().history_user.username == "direction"
