"""The Dutch names of the demo's data (modules, worksites, certifications, local projects): the Dutch annual
report prints them. A name someone already set is kept."""

from django.db import transaction

from accompaniment.models import LocalProject
from employers.models import CertificationKind, Worksite
from workshops.models import Module

DUTCH_NAMES = {
    Module: {
        "Atelier d’orientation professionnelle": "Workshop beroepsoriëntatie",
        "Découvertes métiers": "Beroepenontdekking",
        "Préparation aux Job Days": "Voorbereiding op de Job Days",
        "Atelier pour réussir son entrée en formation qualifiante": (
            "Workshop om slaagkansen te vergroten bij de start van een kwalificerende opleiding"
        ),
        "Look@job": "Look@job",
        "Nouveaux Départs": "Nieuwe Start",
        "Projet 50+": "Project 50+",
        "Ateliers femmes CQD Versailles": "Vrouwenworkshops DWC Versailles",
        "Maison Digitale": "Digitaal Huis",
        "Formation à l’usage de l’ordinateur": "Opleiding computergebruik",
        "MyActiris et candidatures en ligne": "MyActiris en online solliciteren",
        "Smartphone au quotidien": "De smartphone in het dagelijks leven",
    },
    Worksite: {
        "Ville de Bruxelles – Espaces verts": "Stad Brussel – Groene ruimten",
        "Ville de Bruxelles – Propreté publique": "Stad Brussel – Openbare netheid",
        "Ville de Bruxelles – Rénovation de bâtiments": "Stad Brussel – Renovatie van gebouwen",
        "Ville de Bruxelles – Serres communales": "Stad Brussel – Gemeentelijke serres",
        "Régie Récube": "Regie Récube",
    },
    CertificationKind: {
        "Permis cariste": "Heftruckbrevet",
        "VCA": "VCA",
        "Validation des compétences": "Validering van competenties",
        "Brevet de secourisme": "Brevet eerste hulp",
        "Permis de conduire B": "Rijbewijs B",
    },
    LocalProject: {
        "CQD Versailles": "DWC Versailles",
        "CQD Héliport-Anvers": "DWC Helihaven-Antwerpen",
        "Nouveaux Départs": "Nieuwe Start",
        "Projet 50+": "Project 50+",
    },
}


@transaction.atomic
def demo_dutch_names_seed() -> None:
    """Give the demo's data their Dutch names where none is set; running it again changes nothing."""
    for model, names in DUTCH_NAMES.items():
        for name, dutch in names.items():
            model.objects.filter(name=name, name_nl="").update(name_nl=dutch)
