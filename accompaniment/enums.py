from django.db import models
from django.utils.translation import gettext_lazy as _


class Gender(models.TextChoices):
    FEMALE = "F", _("Woman")
    MALE = "M", _("Man")
    OTHER = "X", _("Other / not stated")


class LanguageLevel(models.TextChoices):
    NONE = "none", _("None")
    A1 = "A1", "A1"
    A2 = "A2", "A2"
    B1 = "B1", "B1"
    B2 = "B2", "B2"
    C1 = "C1", "C1"
    C2 = "C2", _("C2 / mother tongue")


class EducationLevel(models.TextChoices):
    NONE = "none", _("No diploma")
    PRIMARY = "primary", _("Primary school (CEB)")
    LOWER_SECONDARY = "lower_secondary", _("Lower secondary (CE1D)")
    UPPER_SECONDARY = "upper_secondary", _("Upper secondary (CESS)")
    HIGHER = "higher", _("Higher education")
    FOREIGN = "foreign", _("Foreign diploma")


class Situation(models.TextChoices):
    UNEMPLOYMENT_BENEFITS = "unemployment_benefits", _("Unemployment benefits")
    CPAS_INCOME = "cpas_income", _("CPAS income (RIS)")
    WAITING_BENEFITS = "waiting_benefits", _("Professional integration period")
    NONE = "none", _("No income")
    OTHER = "other", _("Other")


class ReferralSource(models.TextChoices):
    ACTIRIS = "actiris", _("Referred by Actiris")
    SPONTANEOUS = "spontaneous", _("Spontaneous")
    PARTNER = "partner", _("Referred by a partner")


class PartnerKind(models.TextChoices):
    ACTIRIS = "actiris", _("Actiris")
    CPAS = "cpas", _("CPAS")
    BAPA = "bapa", _("BAPA (newcomers' reception office)")
    TRAINING_CENTRE = "training_centre", _("Training centre")
    BRUXELLES_FORMATION = "bruxelles_formation", _("Bruxelles Formation")
    HEALTH = "health", _("Health service")
    SOCIAL = "social", _("Social service")
    OTHER = "other", _("Other")


class BarrierKind(models.TextChoices):
    SELF_CONFIDENCE = "self_confidence", _("Self-confidence")
    ADMINISTRATIVE = "administrative", _("Administrative")
    LANGUAGE = "language", _("Language")
    DIGITAL = "digital", _("Digital skills")
    HEALTH = "health", _("Health")
    HOUSING = "housing", _("Housing")
    CHILDCARE = "childcare", _("Childcare")
    MOBILITY = "mobility", _("Mobility")
    PROFESSIONAL_CODES = "professional_codes", _("Professional codes")
    PSYCHOLOGICAL = "psychological", _("Psychological distress")


class RecognitionStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    RECOGNISED = "recognised", _("Recognised")
    REFUSED = "refused", _("Refused")


class AccompanimentStatus(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class ClosingReason(models.TextChoices):
    """Why an accompaniment is closed, asked when closing it (the outcomes say what came of it)."""

    EXIT = "exit", _("Exit to employment or training")
    YEAR_ENDED = "year_ended", _("The year is over")
    STOPPED_COMING = "stopped_coming", _("Stopped coming or unreachable")
    MOVED_AWAY = "moved_away", _("Moved away")
    REORIENTED = "reoriented", _("Reoriented to another service")
    OTHER = "other", _("Other reason")


class AssignmentReason(models.TextChoices):
    """Why a file waits for a manager to assign it to a counsellor."""

    CASELOAD_FULL = "caseload_full", _("The caseload of the staff member who created it is full")
    ACTIRIS_FULL = "actiris_full", _("The Actiris share of the caseload of the staff member who created it is full")
    NOT_A_COUNSELLOR = "not_a_counsellor", _("Created by a staff member who keeps no caseload")


class OutcomeCategory(models.TextChoices):
    EMPLOYMENT = "employment", _("Employment")
    TRAINING = "training", _("Training")
    OTHER = "other", _("Other")


class OutcomeKind(models.TextChoices):
    # Employment (positive exits)
    CDI = "cdi", _("Employment: permanent contract (CDI)")
    CDD = "cdd", _("Employment: fixed-term contract (CDD)")
    INTERIM = "interim", _("Employment: temporary agency work")
    ARTICLE_60 = "article_60", _("Employment: Article 60")
    DEIES = "deies", _("Employment: DEIES")
    SELF_EMPLOYMENT = "self_employment", _("Employment: self-employment")
    WORK_STUDY = "work_study", _("Employment: work-study contract")
    # Training (positive exits)
    QUALIFYING_TRAINING = "qualifying_training", _("Training: qualifying")
    PRE_QUALIFYING_TRAINING = "pre_qualifying_training", _("Training: pre-qualifying")
    RETURN_TO_EDUCATION = "return_to_education", _("Training: return to education")
    # Other
    DROPPED_OUT = "dropped_out", _("Dropped out")
    UNREACHABLE = "unreachable", _("Unreachable")
    MOVED_AWAY = "moved_away", _("Moved away")
    HEALTH = "health", _("Health reasons")
    REORIENTED = "reoriented", _("Reoriented to another service")
    YEAR_ENDED = "year_ended", _("Year ended without exit")

    @classmethod
    def category_of(cls, kind: str) -> str:
        if kind in EMPLOYMENT_OUTCOMES:
            return OutcomeCategory.EMPLOYMENT
        if kind in TRAINING_OUTCOMES:
            return OutcomeCategory.TRAINING
        return OutcomeCategory.OTHER


EMPLOYMENT_OUTCOMES = frozenset(
    {
        OutcomeKind.CDI,
        OutcomeKind.CDD,
        OutcomeKind.INTERIM,
        OutcomeKind.ARTICLE_60,
        OutcomeKind.DEIES,
        OutcomeKind.SELF_EMPLOYMENT,
        OutcomeKind.WORK_STUDY,
    }
)
TRAINING_OUTCOMES = frozenset(
    {OutcomeKind.QUALIFYING_TRAINING, OutcomeKind.PRE_QUALIFYING_TRAINING, OutcomeKind.RETURN_TO_EDUCATION}
)
POSITIVE_OUTCOMES = EMPLOYMENT_OUTCOMES | TRAINING_OUTCOMES


class InterviewKind(models.TextChoices):
    INDIVIDUAL = "individual", _("Individual")
    PHONE = "phone", _("Phone")
    VIDEO = "video", _("Video")
    HOME_VISIT = "home_visit", _("Home visit")
    GROUP = "group", _("Group")
    FOLLOW_UP = "follow_up", _("Follow-up after the accompaniment")


class ActirisRegistrationHelp(models.TextChoices):
    """The help with the person's registration at Actiris an interview gave (a structured activity of the report)."""

    REGISTRATION = "registration", _("First registration at Actiris")
    RE_REGISTRATION = "re_registration", _("Registration again after a deregistration")
    UPDATE = "update", _("File updated (MyActiris, studies, address, availability)")


class OrientationResult(models.TextChoices):
    PENDING = "pending", _("Pending")
    STARTED = "started", _("Started")
    COMPLETED = "completed", _("Completed")
    REFUSED = "refused", _("Refused by the partner")
    ABANDONED = "abandoned", _("Abandoned")


class StepOwner(models.TextChoices):
    JOB_SEEKER = "job_seeker", _("Job seeker")
    COUNSELLOR = "counsellor", _("Counsellor")
    PARTNER = "partner", _("Partner")


class AccessAction(models.TextChoices):
    READ_FILE = "read_file", _("Read a file outside one's team")
    UNMASK_NISS = "unmask_niss", _("Unmasked a NISS")
    READ_CONFIDENTIAL = "read_confidential", _("Read a confidential note")
    # A page listing people who may be outside the reader's team (dashboard lists, participants, guests, another
    # staff member's agenda): one row per read of the list, without a file (the detail names the list).
    READ_LIST = "read_list", _("Read a list of people")
    EXPORT = "export", _("Exported data")
    ANONYMISE = "anonymise", _("Anonymised a file")
    # Every download of a document of the file (documents/views.py), by anyone, the file's team included.
    DOWNLOAD_DOCUMENT = "download_document", _("Downloaded a document")
    # A document added by mistake (the wrong person's CV) is deleted, rows and bytes: who and when stay here.
    DELETE_DOCUMENT = "delete_document", _("Deleted a document")


class AnonymisationCause(models.TextChoices):
    RETENTION = "retention", _("Retention period over")
    REQUEST = "request", _("Erasure on request")


class SystemNote(models.TextChoices):
    """Notes the product writes itself (a service, an import), kept as a code and its parameters and written out
    in the reader's language: the label is the sentence, its %(name)s placeholders the parameters' names."""

    HIRED_AFTER_MATCHING = "hired_after_matching", _("Hired after a matching: %(offer)s")


class ChangeReason(models.TextChoices):
    """Change reasons the product writes in a record's history (its value is stored), read in the reader's
    language; a reason staff typed is shown as typed."""

    SEAT_FREED = "seat freed", _("A seat was freed: invited from the waiting list")


class AppointmentKind(models.TextChoices):
    INDIVIDUAL = "individual", _("Individual interview")
    MODULE = "module", _("Collective module meeting")
    PSYCHOLOGIST = "psychologist", _("Psychologist")
    EPN_COACHING = "epn_coaching", _("EPN coaching")
    EMPLOYER = "employer", _("Employer")
    OTHER = "other", _("Other")


class AppointmentStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    CONFIRMED = "confirmed", _("Confirmed")
    DONE = "done", _("Held")
    NO_SHOW = "no_show", _("No-show")
    EXCUSED = "excused", _("Excused")
    CANCELLED = "cancelled", _("Cancelled")


# Appointments still to come: they block a slot, may be moved, cancelled, or marked held.
ACTIVE_APPOINTMENT_STATUSES = (AppointmentStatus.PLANNED, AppointmentStatus.CONFIRMED)


# The follow-up checkpoints of a positive exit, in months after its date.
CHECKPOINT_MONTHS = (3, 6, 12)


class CheckpointMonths(models.IntegerChoices):
    THREE = 3, _("3 months")
    SIX = 6, _("6 months")
    TWELVE = 12, _("12 months")


class CheckpointSituation(models.TextChoices):
    """Where the person stands at a follow-up checkpoint after a positive exit."""

    SAME_JOB = "same_job", _("Same job or same training")
    OTHER_JOB = "other_job", _("Other job")
    TRAINING = "training", _("In training")
    JOB_SEEKER_AGAIN = "job_seeker_again", _("Job seeker again")
    UNKNOWN = "unknown", _("Unknown")


# The situations counted as "still in employment or training" by the durability indicators and the DEIES one.
LASTING_SITUATIONS = frozenset(
    {CheckpointSituation.SAME_JOB, CheckpointSituation.OTHER_JOB, CheckpointSituation.TRAINING}
)


class ReminderChannel(models.TextChoices):
    """How a person agreed to get appointment reminders; a file without one ("") gets none."""

    EMAIL = "email", _("Email")
    SMS = "sms", _("SMS")


class PreferredLanguage(models.TextChoices):
    FR = "fr", _("French")
    NL = "nl", _("Dutch")
    EN = "en", _("English")


class ReminderStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    # Claimed by a sender: never claimed again, even if the sender died (at most once; reminders.py).
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")
