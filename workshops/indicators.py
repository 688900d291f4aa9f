"""The indicators of ../shared/domain.md for collective modules, the computer room (EPN) and local projects.

Every function takes the calendar year ``year`` and the report's cut-off ``cutoff`` (a date "in Y" is between
1 January and 31 December of Y and never after the cut-off), counts in SQL and returns plain values.
"""

import datetime

from django.db import connection
from django.db.models import Count, Exists, F, Min, OuterRef, Q, Sum
from django.db.models.functions import Coalesce

from accompaniment.enums import POSITIVE_OUTCOMES
from accompaniment.models import Accompaniment, LocalProject, Outcome
from missionlocale.figures import percent, year_bounds
from workshops.enums import SEATED_STATUSES, AttendanceStatus, ModuleKind
from workshops.models import Attendance, CoachingSession, ComputerVisit, Enrolment, Meeting, Module, Session


def _presences(*, year, cutoff, module=None, session=None, local_project=None):
    """Presences at collective-module meetings dated in Y, optionally of one module, session or local project."""
    first, last = year_bounds(year, cutoff)
    presences = Attendance.objects.filter(
        status=AttendanceStatus.PRESENT,
        meeting__date__gte=first,
        meeting__date__lte=last,
        meeting__session__module__kind=ModuleKind.COLLECTIVE,
        enrolment__job_seeker__isnull=False,
    )
    if module is not None:
        presences = presences.filter(meeting__session__module=module)
    if session is not None:
        presences = presences.filter(meeting__session=session)
    if local_project is not None:
        presences = presences.filter(
            Q(meeting__session__local_project=local_project)
            | Q(meeting__session__local_project__isnull=True, meeting__session__module__local_project=local_project)
        )
    return presences


def _participants_and_exits(presences, cutoff, *, per=None) -> dict:
    """People of ``presences``, and those of them with a positive outcome (on any of their accompaniments) dated
    from their first presence among ``presences`` up to the cut-off: ``{key: (people, positive exits)}`` for each
    value of the expression ``per`` but NULL (a person counts once per value, from their first presence there), or
    ``{None: (people, positive exits)}`` without it.

    The people are first grouped with the date of their first presence, then their outcomes are looked up person by
    person (an EXISTS in the aggregate, which the planner runs through the indexes on the accompaniment's job seeker
    and the outcome's accompaniment): joining every positive outcome of the region to the participants, as a filter
    on the job seekers did, cost a hash of a hundred thousand rows. The ORM cannot compare an outcome with a grouped
    minimum, hence the SQL around the grouped query.
    """
    columns = {"person": F("enrolment__job_seeker")} | ({"bucket": per} if per is not None else {})
    people = (
        presences.values(**columns)
        .annotate(first_presence=Min("meeting__date"))
        .filter(person__isnull=False, **({"bucket__isnull": False} if per is not None else {}))
        .order_by()
    )
    people_sql, people_params = people.query.sql_with_params()
    kinds = sorted(POSITIVE_OUTCOMES)
    sql = f"""
        SELECT {"participant.bucket" if per is not None else "NULL"}, COUNT(*), COUNT(*) FILTER (WHERE EXISTS (
            SELECT 1 FROM {Outcome._meta.db_table} outcome
            JOIN {Accompaniment._meta.db_table} accompaniment ON accompaniment.id = outcome.accompaniment_id
            WHERE accompaniment.job_seeker_id = participant.person
              AND outcome.kind IN ({", ".join(["%s"] * len(kinds))})
              AND outcome.occurred_on >= participant.first_presence
              AND outcome.occurred_on <= %s
        ))
        FROM ({people_sql}) participant
        {"GROUP BY participant.bucket" if per is not None else ""}
    """  # table names from the models, every value a parameter
    with connection.cursor() as cursor:
        cursor.execute(sql, [*kinds, cutoff, *people_params])
        return {key: (people, positive) for key, people, positive in cursor.fetchall()}


def module_participants(*, year: int, cutoff: datetime.date, module=None, session=None, local_project=None) -> int:
    """People marked present at least once at a collective-module meeting dated in Y (a person in two modules
    counts once). Digital trainings of the EPN are not collective modules and are counted apart.

    FR: Personnes présentes au moins une fois à une séance d’un module collectif datée de l’année.
    """
    presences = _presences(year=year, cutoff=cutoff, module=module, session=session, local_project=local_project)
    return presences.aggregate(n=Count("enrolment__job_seeker", distinct=True))["n"]


def module_positive_exits(*, year: int, cutoff: datetime.date, module=None, session=None, local_project=None) -> int:
    """Module participants of Y with a positive outcome (employment or training) on any of their accompaniments,
    dated on or after their first presence in Y (within the same filter) and on or before the cut-off.

    FR: Participant·es aux modules ayant une sortie positive datée du jour de leur première présence de l’année
    jusqu’à la date d’arrêt.
    """
    presences = _presences(year=year, cutoff=cutoff, module=module, session=session, local_project=local_project)
    return _participants_and_exits(presences, cutoff)[None][1]


def module_participants_and_exits(*, year: int, cutoff: datetime.date, **filters) -> dict[str, int]:
    """`module_participants` and `module_positive_exits` in one pass over the year's presences (the participants are
    the people the exits are looked for among)."""
    presences = _presences(year=year, cutoff=cutoff, **filters)
    participants, positive_exits = _participants_and_exits(presences, cutoff).get(None, (0, 0))
    return {"participants": participants, "positive_exits": positive_exits}


def module_figures(*, year: int, cutoff: datetime.date) -> dict[str, dict[str, int]]:
    """Participants and positive exits per collective module (modules with a participant in Y only).

    FR: Participant·es et sorties positives de l’année, module par module.
    """
    figures = {}
    for module in Module.objects.filter(kind=ModuleKind.COLLECTIVE).order_by("name"):
        participants = module_participants(year=year, cutoff=cutoff, module=module)
        if participants:
            figures[module.name] = {
                "participants": participants,
                "positive_exits": module_positive_exits(year=year, cutoff=cutoff, module=module),
            }
    return figures


def session_figures(*, session: Session, cutoff: datetime.date) -> dict[str, int]:
    """For one session: participants (present at least once up to the cut-off) and their positive exits after
    their first presence at the session.

    FR: Pour une session : participant·es présent·es au moins une fois et leurs sorties positives ensuite.
    """
    presences = Attendance.objects.filter(
        status=AttendanceStatus.PRESENT, meeting__session=session, meeting__date__lte=cutoff
    )
    return {
        "participants": presences.aggregate(n=Count("enrolment__job_seeker", distinct=True))["n"],
        "positive_exits": _participants_and_exits(presences, cutoff)[None][1],
    }


def epn_computer_users(*, year: int, cutoff: datetime.date) -> int:
    """Distinct people with at least one computer-access visit in Y; anonymous visits are not people.

    FR: Personnes distinctes ayant utilisé un ordinateur de l’EPN au moins une fois dans l’année.
    """
    first, last = year_bounds(year, cutoff)
    return ComputerVisit.objects.filter(visited_on__gte=first, visited_on__lte=last, visitor__isnull=False).aggregate(
        n=Count("visitor", distinct=True)
    )["n"]


def epn_anonymous_visits(*, year: int, cutoff: datetime.date) -> int:
    """Computer-access visits in Y of people who gave no name: counted as visits, never as people.

    FR: Visites anonymes à l’EPN dans l’année (comptées comme visites, pas comme personnes).
    """
    first, last = year_bounds(year, cutoff)
    return ComputerVisit.objects.filter(visited_on__gte=first, visited_on__lte=last, visitor__isnull=True).count()


def epn_visits(*, year: int, cutoff: datetime.date) -> int:
    """All computer-access visits in Y, named or anonymous.

    FR: Toutes les visites à l’EPN dans l’année, nominatives ou anonymes.
    """
    first, last = year_bounds(year, cutoff)
    return ComputerVisit.objects.filter(visited_on__gte=first, visited_on__lte=last).count()


def epn_coached_people(*, year: int, cutoff: datetime.date) -> int:
    """Distinct people with at least one individual digital (ETIC) coaching session in Y.

    FR: Personnes distinctes ayant eu au moins un coaching numérique individuel (coach ETIC) dans l’année.
    """
    first, last = year_bounds(year, cutoff)
    return CoachingSession.objects.filter(occurred_on__gte=first, occurred_on__lte=last).aggregate(
        n=Count("visitor", distinct=True)
    )["n"]


def epn_digital_trainings(*, year: int, cutoff: datetime.date) -> int:
    """Digital-training sessions (formations à l’usage de l’ordinateur) with at least one meeting dated in Y.

    FR: Formations à l’usage de l’ordinateur (sessions) ayant au moins une séance dans l’année.
    """
    first, last = year_bounds(year, cutoff)
    meetings = Meeting.objects.filter(session=OuterRef("pk"), date__gte=first, date__lte=last)
    return Session.objects.filter(Exists(meetings), module__kind=ModuleKind.DIGITAL_TRAINING).count()


def local_project_participants(*, year: int, cutoff: datetime.date, local_project: LocalProject) -> int:
    """People present at least once in Y at a meeting of a session of the local project (the session's own
    project, or else its module's).

    FR: Personnes présentes au moins une fois dans l’année à une séance d’une session du projet local.
    """
    return module_participants(year=year, cutoff=cutoff, local_project=local_project)


def local_project_figures(*, year: int, cutoff: datetime.date) -> dict[str, dict[str, int]]:
    """Per local project: participants in Y, their positive exits, and the people tagged with it today.

    FR: Par projet local : participant·es de l’année, leurs sorties positives et les personnes rattachées.
    """
    tagged = dict(LocalProject.objects.annotate(n=Count("job_seekers")).values_list("pk", "n"))
    # A session belongs to its own project, or else to its module's (as in _presences).
    project_of_session = Coalesce("meeting__session__local_project", "meeting__session__module__local_project")
    counted = _participants_and_exits(_presences(year=year, cutoff=cutoff), cutoff, per=project_of_session)
    figures = {}
    for project in LocalProject.objects.order_by("name"):
        participants, positive_exits = counted.get(project.pk, (0, 0))
        figures[project.name] = {
            "participants": participants,
            "positive_exits": positive_exits,
            "tagged_people": tagged.get(project.pk, 0),
        }
    return figures


def fill_and_attendance(*, year: int, cutoff: datetime.date) -> dict:
    """Seats taken ÷ seats offered in the collective sessions meeting in Y, and presences ÷ attendances taken."""
    first, last = year_bounds(year, cutoff)
    sessions = Session.objects.filter(
        Exists(Meeting.objects.filter(session=OuterRef("pk"), date__gte=first, date__lte=last)),
        module__kind=ModuleKind.COLLECTIVE,
    )
    offered = sessions.aggregate(capacity=Sum("capacity"), sessions=Count("pk"))
    seats = offered["capacity"] or 0
    taken = Enrolment.objects.filter(session__in=sessions, status__in=SEATED_STATUSES).count()
    marks = Attendance.objects.filter(
        meeting__date__gte=first, meeting__date__lte=last, meeting__session__module__kind=ModuleKind.COLLECTIVE
    ).aggregate(
        # Counted on the status (never empty), not the primary key: read from the (meeting, status) index alone.
        all=Count("status"),
        present=Count("status", filter=Q(status=AttendanceStatus.PRESENT)),
    )
    return {
        "sessions": offered["sessions"],
        "fill_percent": percent(taken, seats),
        "attendance_percent": percent(marks["present"], marks["all"]),
    }
