"""The employers app's rows of the permission matrix (tests/test_permission_matrix.py).

Besides the five roles of the shared matrix, each row gives the statuses for the two professions that do
this app's work inside the support-staff role: the employer relations officer and the DEIES supervisor
(checked by tests/employers/test_permissions.py).
"""

import datetime

from accompaniment.models import Partner
from employers.enums import MatchingStatus
from employers.models import Concertation, JobDay, JobDayGuest
from tests.accompaniment.factories import AccompanimentFactory
from tests.employers.factories import (
    ContractFactory,
    EmployerFactory,
    JobOfferFactory,
    MatchingFactory,
    ProspectionContactFactory,
)
from tests.matrix import ALL_ROLES

PROFESSIONS = ["employer_relations", "deies_supervisor"]
EVERYONE = ALL_ROLES + PROFESSIONS


def roles(**statuses):
    """403 for every role or profession not named."""
    return {role: statuses.get(role, 403) for role in EVERYONE}


def redirects(statuses):
    return {role: 302 if status == 200 else status for role, status in statuses.items()}


NOT_ALLOWED = dict.fromkeys(EVERYONE, 405)
# Read the directory, offers and events: support staff and managers.
VIEW = roles(counsellor=200, psychologist=200, manager=200, employer_relations=200, deies_supervisor=200)
# Manage employers, offers and events: the employer relations officer and managers.
MANAGE = roles(manager=200, employer_relations=200)
# Handle the matching of a person: the person's team (the counsellor), the employer relations officer, managers.
HANDLE = roles(counsellor=200, manager=200, employer_relations=200)
READ_FILES = roles(counsellor=200, psychologist=200, manager=200, employer_relations=200, deies_supervisor=200)
# Contracts: all of them for the DEIES supervisor and managers; their own people's for the counsellor (404 for others).
CONTRACT = roles(counsellor=200, psychologist=404, manager=200, employer_relations=404, deies_supervisor=200)
SUPERVISE = roles(manager=200, deies_supervisor=200)
# The concertation of the scenario has no minutes attached: allowed readers get a 404.
MINUTES = roles(counsellor=404, psychologist=404, manager=404, employer_relations=404, deies_supervisor=404)


def make_objects(users) -> dict:
    """The counsellor follows the person proposed and the worker; nobody else is in their team."""
    counsellor = users["counsellor"]
    person = AccompanimentFactory(counsellor=counsellor, started_on=datetime.date(2024, 1, 1)).job_seeker
    employer = EmployerFactory()
    offer = JobOfferFactory(employer=employer)
    job_day = JobDay.objects.create(title="Job Day", held_on=datetime.date(2024, 3, 20))
    return {
        "employer": employer,
        "prospection": ProspectionContactFactory(employer=employer, next_step="Rappeler"),
        "offer": offer,
        "file": person,
        "matching": MatchingFactory(job_seeker=person, offer=offer),
        "hired_matching": MatchingFactory(job_seeker=person, offer=offer, status=MatchingStatus.HIRED),
        "job_day": job_day,
        "guest": JobDayGuest.objects.create(job_day=job_day, job_seeker=person),
        "concertation": Concertation.objects.create(
            held_on=datetime.date(2024, 3, 12), title="Concertation", partners_present="Tracé", themes="NEET"
        ),
        "contract": ContractFactory(worker=person),
        # Ended long ago: its 3-month follow-up is due.
        "ended_contract": ContractFactory(
            worker=person, started_on=datetime.date(2023, 7, 1), ended_on=datetime.date(2024, 6, 30), end_reason="term"
        ),
        "partner": Partner.objects.first(),
    }


# url name -> (object the <pk> designates, GET statuses, POST statuses with an empty form)
EXPECTED = {
    "employers:employer_list": (None, VIEW, VIEW),
    "employers:employer_create": (None, MANAGE, MANAGE),
    "employers:employer_detail": ("employer", VIEW, NOT_ALLOWED),
    "employers:employer_edit": ("employer", MANAGE, MANAGE),
    "employers:contact_create": ("employer", NOT_ALLOWED, MANAGE),
    "employers:prospection_create": ("employer", NOT_ALLOWED, MANAGE),
    "employers:follow_up_done": ("prospection", NOT_ALLOWED, redirects(MANAGE)),
    "employers:follow_ups": (None, MANAGE, NOT_ALLOWED),
    "employers:offer_list": (None, VIEW, NOT_ALLOWED),
    "employers:offer_create": (None, MANAGE, MANAGE),
    "employers:offer_detail": ("offer", VIEW, NOT_ALLOWED),
    "employers:offer_edit": ("offer", MANAGE, MANAGE),
    "employers:offer_propose": ("offer", NOT_ALLOWED, MANAGE),
    "employers:job_seeker_matchings": ("file", READ_FILES, NOT_ALLOWED),
    "employers:job_seeker_propose": ("file", NOT_ALLOWED, HANDLE),
    "employers:matching_move": ("matching", NOT_ALLOWED, HANDLE),
    "employers:matching_record_outcome": ("hired_matching", NOT_ALLOWED, redirects(HANDLE)),
    "employers:people_search": (None, NOT_ALLOWED, VIEW),
    "employers:event_list": (None, VIEW, NOT_ALLOWED),
    "employers:job_day_create": (None, MANAGE, MANAGE),
    "employers:job_day_detail": ("job_day", VIEW, NOT_ALLOWED),
    "employers:job_day_guest_add": ("job_day", NOT_ALLOWED, MANAGE),
    "employers:job_day_guest_presence": ("guest", NOT_ALLOWED, redirects(MANAGE)),
    "employers:session_create": (None, MANAGE, MANAGE),
    "employers:concertation_create": (None, MANAGE, MANAGE),
    "employers:concertation_minutes": ("concertation", MINUTES, NOT_ALLOWED),
    "employers:contract_list": (None, READ_FILES, NOT_ALLOWED),
    "employers:contract_create": (None, SUPERVISE, SUPERVISE),
    "employers:headcount": (None, SUPERVISE, NOT_ALLOWED),
    "employers:contract_detail": ("contract", CONTRACT, NOT_ALLOWED),
    "employers:contract_edit": ("contract", SUPERVISE, SUPERVISE),
    "employers:training_create": ("contract", NOT_ALLOWED, SUPERVISE),
    "employers:certification_create": ("contract", NOT_ALLOWED, SUPERVISE),
    "employers:contract_end": ("contract", NOT_ALLOWED, SUPERVISE),
    # The 3-month follow-up on the page of every exit checkpoint; an empty form comes back with its errors.
    "employers:contract_checkpoint": ("ended_contract", SUPERVISE, SUPERVISE),
}
