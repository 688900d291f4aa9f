from django.db import models
from django.utils.translation import gettext_lazy as _


class Profession(models.TextChoices):
    COUNSELLOR = "counsellor", _("Employment counsellor")
    PSYCHOLOGIST = "psychologist", _("Psychologist")
    SOCIAL_WORKER = "social_worker", _("Social worker")
    IMAGE_COACH = "image_coach", _("Image coach")
    DIGITAL_COACH = "digital_coach", _("Digital (ETIC) coach")
    EMPLOYER_RELATIONS = "employer_relations", _("Employer relations officer")
    PROJECT_OFFICER = "project_officer", _("Project officer")
    DEIES_SUPERVISOR = "deies_supervisor", _("DEIES supervisor")
    MANAGER = "manager", _("Coordinator")
    DIRECTOR = "director", _("Director")
    ADMINISTRATOR = "administrator", _("Administrator")


class Role(models.TextChoices):
    """What a staff member may do; each role is a Django group of the same name."""

    COUNSELLOR = "counsellor", _("Counsellor / support staff")
    MANAGER = "manager", _("Manager")
    DIRECTOR = "director", _("Director")
    ADMINISTRATOR = "administrator", _("Administrator")
