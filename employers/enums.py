from django.db import models
from django.utils.translation import gettext_lazy as _


class NaceSection(models.TextChoices):
    """The 21 sections of NACE-BEL 2008; the detailed code is typed next to it."""

    A = "A", _("A – Agriculture, forestry and fishing")
    B = "B", _("B – Mining and quarrying")
    C = "C", _("C – Manufacturing")
    D = "D", _("D – Electricity, gas, steam and air conditioning supply")
    E = "E", _("E – Water supply, sewerage, waste management")
    F = "F", _("F – Construction")
    G = "G", _("G – Wholesale and retail trade, repair of motor vehicles")
    H = "H", _("H – Transportation and storage")
    I = "I", _("I – Accommodation and food service")  # noqa: E741
    J = "J", _("J – Information and communication")
    K = "K", _("K – Financial and insurance activities")
    L = "L", _("L – Real estate activities")
    M = "M", _("M – Professional, scientific and technical activities")
    N = "N", _("N – Administrative and support service activities")
    O = "O", _("O – Public administration and defence")  # noqa: E741
    P = "P", _("P – Education")
    Q = "Q", _("Q – Human health and social work")
    R = "R", _("R – Arts, entertainment and recreation")
    S = "S", _("S – Other service activities")
    T = "T", _("T – Activities of households as employers")
    U = "U", _("U – Extraterritorial organisations")


class SizeBand(models.TextChoices):
    TPE = "tpe", _("Under 10 workers (TPE)")
    SMALL = "small", _("10 to 49 workers")
    MEDIUM = "medium", _("50 to 249 workers")
    LARGE = "large", _("250 workers or more")


class ContactLanguage(models.TextChoices):
    FR = "fr", _("French")
    NL = "nl", _("Dutch")
    EN = "en", _("English")


class ContactKind(models.TextChoices):
    VISIT = "visit", _("Visit")
    PHONE = "phone", _("Phone call")
    EMAIL = "email", _("Email")
    EVENT = "event", _("Event")


class ContractType(models.TextChoices):
    CDI = "cdi", _("Permanent contract (CDI)")
    CDD = "cdd", _("Fixed-term contract (CDD)")
    INTERIM = "interim", _("Temporary agency work")
    WORK_STUDY = "work_study", _("Work-study contract")
    STUDENT = "student", _("Student job")
    INTERNSHIP = "internship", _("Internship (FPI / stage)")
    OTHER = "other", _("Other")


class OfferSource(models.TextChoices):
    PROSPECTION = "prospection", _("Prospection")
    ACTIRIS = "actiris", _("Actiris")
    EMPLOYER = "employer", _("Sent by the employer")


class MatchingStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    CV_SENT = "cv_sent", _("CV sent")
    INTERVIEW = "interview", _("Job interview")
    HIRED = "hired", _("Hired")
    NOT_RETAINED = "not_retained", _("Not retained")
    WITHDRAWN = "withdrawn", _("Withdrawn")


OPEN_MATCHING_STATUSES = (MatchingStatus.PROPOSED, MatchingStatus.CV_SENT, MatchingStatus.INTERVIEW)
CLOSED_MATCHING_STATUSES = (MatchingStatus.HIRED, MatchingStatus.NOT_RETAINED, MatchingStatus.WITHDRAWN)
# Where a matching may go from each status; a closed matching does not move any more.
MATCHING_TRANSITIONS = {
    MatchingStatus.PROPOSED: (
        MatchingStatus.CV_SENT,
        MatchingStatus.INTERVIEW,
        MatchingStatus.HIRED,
        MatchingStatus.NOT_RETAINED,
        MatchingStatus.WITHDRAWN,
    ),
    MatchingStatus.CV_SENT: (
        MatchingStatus.INTERVIEW,
        MatchingStatus.HIRED,
        MatchingStatus.NOT_RETAINED,
        MatchingStatus.WITHDRAWN,
    ),
    MatchingStatus.INTERVIEW: (MatchingStatus.HIRED, MatchingStatus.NOT_RETAINED, MatchingStatus.WITHDRAWN),
    MatchingStatus.HIRED: (),
    MatchingStatus.NOT_RETAINED: (),
    MatchingStatus.WITHDRAWN: (),
}


class Measure(models.TextChoices):
    DEIES = "deies", _("DEIES")
    ARTICLE_60 = "article_60", _("Article 60 §7")
    OTHER = "other", _("Other insertion contract")


class ContractEndReason(models.TextChoices):
    TERM = "term", _("End of term")
    EMPLOYMENT = "employment", _("Left for a job")
    TRAINING = "training", _("Left for a training")
    RESIGNATION = "resignation", _("Resignation")
    DISMISSAL = "dismissal", _("Dismissal")
    OTHER = "other", _("Other")


class FollowUpSituation(models.TextChoices):
    EMPLOYMENT = "employment", _("In employment")
    TRAINING = "training", _("In training")
    OTHER = "other", _("Other (job seeking, no news…)")


POSITIVE_SITUATIONS = (FollowUpSituation.EMPLOYMENT, FollowUpSituation.TRAINING)


class TrainingKind(models.TextChoices):
    INTERNAL = "internal", _("Internal")
    EXTERNAL = "external", _("External")
