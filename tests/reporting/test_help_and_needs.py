"""The help with the Actiris registration and the employers' training needs: structured data recorded in the
interview and the prospection contact forms, counted in the activity of the year and printed in the PDF."""

import datetime
import re

from django.urls import reverse

from accompaniment.forms import InterviewForm
from employers.models import ProspectionContact
from reporting import services
from reporting.activity import activity_section
from tests.accompaniment.factories import InterviewFactory, JobSeekerFactory
from tests.employers.factories import EmployerFactory, ProspectionContactFactory
from tests.missionlocale.factories import UserFactory
from tests.reporting.test_reports import pdf_text, year_of_data  # noqa: F401 - a fixture

D = datetime.date
CUTOFF = D(2025, 1, 31)


def _record_the_year():
    first, again = JobSeekerFactory(), JobSeekerFactory()
    for person, help_kind in ((first, "registration"), (first, "update"), (again, "re_registration")):
        InterviewFactory(job_seeker=person, occurred_on=D(2024, 4, 2), actiris_registration=help_kind)
    InterviewFactory(job_seeker=first, occurred_on=D(2024, 5, 2))  # no help given
    InterviewFactory(occurred_on=D(2023, 5, 2), actiris_registration="registration")  # another year
    garage, bakery = EmployerFactory(), EmployerFactory()
    ProspectionContactFactory(employer=garage, training_need="Cariste", training_need_people=3)
    ProspectionContactFactory(employer=bakery, training_need="  Cariste ", training_need_people=2)
    ProspectionContactFactory(employer=bakery, training_need="Vendeuse en boulangerie")
    ProspectionContactFactory(employer=bakery)  # no need
    ProspectionContactFactory(employer=garage, contacted_on=D(2023, 3, 1), training_need="Soudeur")


def test_the_activity_counts_the_help_and_the_needs(db):
    _record_the_year()

    activity = activity_section(year=2024, cutoff=CUTOFF)

    assert activity["actiris_registration_help"] == {
        "people": 2,
        "by_kind": {"registration": 1, "re_registration": 1, "update": 1},
    }
    assert activity["training_needs"] == {
        "recorded": 3,
        "employers": 2,
        "by_need": {
            "Cariste": {"employers": 2, "people": 5},
            "Vendeuse en boulangerie": {"employers": 1, "people": 0},
        },
    }


def test_the_pdf_prints_them_with_small_cells_hidden(year_of_data, tmp_path):  # noqa: F811
    _record_the_year()

    pdf, _data = services.report_render_pdf(year=2024, cutoff=CUTOFF, language="fr")
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    text = pdf_text(path)

    assert "Personnes aidées pour leur inscription chez Actiris" in text
    line = next(line for line in text.splitlines() if "Première inscription chez Actiris" in line)
    assert re.search(r"<\s?5$", line.rstrip()), line
    assert "Besoins de formation des employeurs" in text
    needs = next(line for line in text.splitlines() if line.strip().startswith("Cariste"))
    assert needs.split()[-2:] == ["2", "5"]


def test_the_forms_record_them(client, db):
    assert "actiris_registration" in InterviewForm.base_fields

    officer = UserFactory(employer_relations=True)
    employer = EmployerFactory()
    client.force_login(officer)
    url = reverse("employers:prospection_create", args=[employer.pk])
    base = {"kind": "visit", "contacted_on": "2024-03-01", "subject": "Visite"}

    refused = client.post(url, {**base, "training_need_people": "4"})
    assert not ProspectionContact.objects.exists()
    assert refused.status_code == 200

    client.post(url, {**base, "training_need": "Cariste", "training_need_people": "4"})
    contact = ProspectionContact.objects.get()
    assert (contact.training_need, contact.training_need_people) == ("Cariste", 4)
