from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Being generated")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class ReportLanguage(models.TextChoices):
    FRENCH = "fr", _("French")
    DUTCH = "nl", _("Dutch")


class TextSection(models.TextChoices):
    """The report's sections the director writes for, in the report's order."""

    MISSION = "mission", _("Mission statement")
    ACCOMPANIMENT = "accompaniment", _("Individual accompaniment")
    RESULTS = "results", _("Results")
    NEIGHBOURHOOD = "neighbourhood", _("Neighbourhood projects")
    MODULES = "modules", _("Collective modules")
    DIGITAL = "digital", _("Digital inclusion")
    EMPLOYERS = "employers", _("Employer relations and partnerships")
    DEIES = "deies", _("DEIES and its new projects")
    TRANSVERSAL = "transversal", _("Transversal projects")
    PERSPECTIVES = "perspectives", _("Perspectives")
