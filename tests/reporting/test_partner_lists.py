"""The zonal concertations and information sessions of the year listed with their partners and themes."""

import datetime

from accompaniment.enums import PartnerKind
from accompaniment.models import Partner
from employers.models import Concertation, InformationSession
from reporting import services
from reporting.annual import annual_indicators
from tests.reporting.test_reports import pdf_text, year_of_data  # noqa: F401 - a fixture

CUTOFF = datetime.date(2025, 1, 31)


def test_the_report_lists_the_sessions_and_concertations_with_partners_and_themes(year_of_data, tmp_path):  # noqa: F811
    bapa, _created = Partner.objects.get_or_create(name="BAPA BXL", defaults={"kind": PartnerKind.BAPA})
    InformationSession.objects.create(
        held_on=datetime.date(2024, 3, 12), partner=bapa, theme="Le parcours d'accueil", people_reached=22
    )
    InformationSession.objects.create(
        held_on=datetime.date(2023, 3, 12), partner=bapa, theme="Une séance de l'année d'avant", people_reached=9
    )
    Concertation.objects.create(
        held_on=datetime.date(2024, 10, 8),
        title="Concertation zonale Laeken",
        partners_present="Tracé, Actiris, CPAS",
        themes="Jeunes NEET\nMobilité",
    )

    data = annual_indicators(year=2024, cutoff=CUTOFF)
    assert data["partners"]["session_list"] == [
        {"held_on": "2024-03-12", "partner": "BAPA BXL", "theme": "Le parcours d'accueil", "people_reached": 22}
    ]
    assert [row["title"] for row in data["partners"]["concertation_list"]] == ["Concertation zonale Laeken"]

    pdf, _data = services.report_render_pdf(year=2024, cutoff=CUTOFF, language="fr", data=data)
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    text = pdf_text(path)
    assert "12/03/2024" in text and "BAPA BXL" in text and "Le parcours d'accueil" in text
    assert "Concertation zonale Laeken" in text and "Tracé, Actiris, CPAS" in text and "Jeunes NEET" in text
    assert "Une séance de l'année d'avant" not in text


def test_a_report_stored_before_the_lists_prints_the_counts_only(year_of_data, tmp_path):  # noqa: F811
    data = annual_indicators(year=2024, cutoff=CUTOFF)
    for key in ("session_list", "concertation_list"):
        del data["partners"][key]

    pdf, _data = services.report_render_pdf(year=2024, cutoff=CUTOFF, language="fr", data=data)

    assert pdf.startswith(b"%PDF")
