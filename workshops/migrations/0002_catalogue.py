from django.db import migrations

FUNDERS = ["Actiris", "Fonds social européen (FSE)", "Ville de Bruxelles (CQD)", "Région de Bruxelles-Capitale", "COCOF"]
# name, kind, weeks, funder, local project, confidential, sectors, target public, description
MODULES = [
    ("Atelier d’orientation professionnelle", "collective", 4, "Actiris", None, False, "",
     "Chercheur·euses d’emploi sans projet professionnel défini",
     "Explorer ses intérêts, ses compétences et les métiers pour construire un projet professionnel réaliste."),
    ("Découvertes métiers", "collective", 3, "Fonds social européen (FSE)", None, False,
     "vente, sécurité, programmation, santé", "Chercheur·euses d’emploi qui hésitent entre plusieurs secteurs",
     "Visites d’entreprises, rencontres de professionnels et mises en situation dans un secteur."),
    ("Préparation aux Job Days", "collective", 2, "Actiris", None, False, "",
     "Chercheur·euses d’emploi prêt·es à l’emploi",
     "CV, pitch et simulation d’entretien avant de rencontrer les employeurs d’un Job Day."),
    ("Atelier pour réussir son entrée en formation qualifiante", "collective", 6, "Fonds social européen (FSE)",
     None, False, "", "Personnes orientées vers une formation qualifiante",
     "Remise à niveau, tests d’entrée et méthode de travail pour réussir les épreuves de sélection."),
    ("Look@job", "collective", 4, "Actiris", None, False, "", "Jeunes de moins de 30 ans",
     "Codes professionnels, image de soi et recherche active d’emploi avec la coach en image."),
    ("Nouveaux Départs", "collective", 8, "COCOF", "Nouveaux Départs", True, "",
     "Femmes victimes de violences conjugales",
     "Reprendre confiance et construire un projet professionnel, avec la psychologue, en petit groupe."),
    ("Projet 50+", "collective", 6, "Région de Bruxelles-Capitale", "Projet 50+", False, "",
     "Chercheur·euses d’emploi de 50 ans et plus",
     "Valoriser son expérience, se former au numérique et cibler les employeurs ouverts aux seniors."),
    ("Ateliers femmes CQD Versailles", "collective", 6, "Ville de Bruxelles (CQD)", "CQD Versailles", False, "",
     "Femmes isolées du quartier Versailles (Neder-Over-Heembeek)",
     "Ateliers collectifs de remobilisation pour les femmes isolées du quartier."),
    ("Maison Digitale", "collective", 8, "Ville de Bruxelles (CQD)", "CQD Héliport-Anvers", False, "",
     "Habitant·es du quartier Héliport-Anvers",
     "Ateliers numériques et accompagnement vers l’emploi au cœur du quartier Héliport-Anvers."),
    ("Formation à l’usage de l’ordinateur", "digital_training", 2, "Région de Bruxelles-Capitale", None, False,
     "", "Utilisateur·rices de l’EPN", "Les bases de l’ordinateur, d’internet et de l’e-mail en quatre séances."),
    ("MyActiris et candidatures en ligne", "digital_training", 2, "Actiris", None, False, "",
     "Utilisateur·rices de l’EPN", "Gérer son dossier MyActiris et postuler en ligne."),
    ("Smartphone au quotidien", "digital_training", 2, "Région de Bruxelles-Capitale", None, False, "",
     "Utilisateur·rices de l’EPN", "Itsme, e-mail et applications utiles sur son smartphone."),
]


def create_catalogue(apps, schema_editor):
    Funder = apps.get_model("workshops", "Funder")
    Module = apps.get_model("workshops", "Module")
    LocalProject = apps.get_model("accompaniment", "LocalProject")
    funders = {name: Funder.objects.get_or_create(name=name)[0] for name in FUNDERS}
    for name, kind, weeks, funder, project, confidential, sectors, target, description in MODULES:
        Module.objects.get_or_create(
            name=name,
            defaults={
                "kind": kind,
                "usual_weeks": weeks,
                "funder": funders[funder],
                "local_project": LocalProject.objects.filter(name=project).first() if project else None,
                "confidential": confidential,
                "sectors": sectors,
                "target_public": target,
                "description": description,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("workshops", "0001_initial"), ("accompaniment", "0004_nouveaux_departs_confidential")]

    operations = [migrations.RunPython(create_catalogue, migrations.RunPython.noop)]
