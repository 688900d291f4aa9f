from django.db import models
from django.utils.translation import gettext_lazy as _


class ModuleKind(models.TextChoices):
    COLLECTIVE = "collective", _("Collective module")
    DIGITAL_TRAINING = "digital_training", _("Digital training")


class EnrolmentStatus(models.TextChoices):
    INVITED = "invited", _("Invited")
    REGISTERED = "registered", _("Registered")
    WAITING = "waiting", _("Waiting list")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    REFUSED = "refused", _("Refused")
    COMPLETED = "completed", _("Completed")


# Statuses that hold a seat of the session's capacity.
SEATED_STATUSES = frozenset({EnrolmentStatus.INVITED, EnrolmentStatus.REGISTERED, EnrolmentStatus.COMPLETED})


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Present")
    ABSENT = "absent", _("Absent")
    EXCUSED = "excused", _("Excused")


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")


class DigitalSkill(models.TextChoices):
    EMAIL = "email", _("Email")
    MYACTIRIS = "myactiris", _("MyActiris")
    ONLINE_APPLICATIONS = "online_applications", _("Online applications")
    CV = "cv", _("CV and cover letter")
    SMARTPHONE = "smartphone", _("Smartphone")
    ADMINISTRATION = "administration", _("Online public services (itsme, CSAM)")
    OFFICE = "office", _("Word processing and spreadsheets")
    BASICS = "basics", _("Computer basics")
