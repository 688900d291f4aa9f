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
    MISSION = "mission", _("Mission statement")
    TRANSVERSAL = "transversal", _("Transversal projects")
    PERSPECTIVES = "perspectives", _("Perspectives")
