"""Issue 17: the file page issues at most 20 queries, for every role and every state of the file."""

import pytest
from django.urls import reverse
from django.utils import timezone

from accompaniment.enums import AccessAction
from accompaniment.models import Accompaniment, FileAccess, Interview, TeamMember
from tests.accompaniment.factories import AccompanimentFactory, InterviewFactory, JobSeekerFactory
from tests.accompaniment.test_file_page import _file_with_many_rows_of_every_kind
from tests.missionlocale.factories import UserFactory

FILE_PAGE_MAX_QUERIES = 20


def _confidential_notes(person):
    """Confidential notes by other authors: a reader of the same profession reads them, and that read is logged."""
    for profession in ("counsellor", "psychologist"):
        for _index in range(3):
            InterviewFactory(job_seeker=person, staff=UserFactory(**{profession: True}), confidential=True)


def _scenario(state, counsellor, reader):
    today = timezone.localdate()
    if state == "accompanied":
        person = _file_with_many_rows_of_every_kind(counsellor)
    elif state == "waiting":
        person = JobSeekerFactory(created_by=reader)
    else:  # closed today by its counsellor: followed up, the close may be undone
        person = _file_with_many_rows_of_every_kind(counsellor)
        Accompaniment.objects.filter(job_seeker=person, closed_on__isnull=True).update(
            status="closed", closed_on=today, closed_at=timezone.now(), closed_by=counsellor, planned_end_on=today
        )
    _confidential_notes(person)
    if reader.profession == "psychologist":
        TeamMember.objects.create(job_seeker=person, user=reader)
    return person


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("state", ["accompanied", "waiting", "closed_today"])
@pytest.mark.parametrize("role", ["counsellor", "psychologist", "manager"])
def test_every_file_page_takes_at_most_20_queries(client, role, state, django_assert_max_num_queries):
    counsellor = UserFactory(counsellor=True)
    reader = counsellor if role == "counsellor" else UserFactory(**{role: True})
    person = _scenario(state, counsellor, reader)
    AccompanimentFactory(counsellor=counsellor)  # a caseload beside this file
    client.force_login(reader)

    with django_assert_max_num_queries(FILE_PAGE_MAX_QUERIES):
        response = client.get(reverse("accompaniment:file_detail", args=[person.pk]))

    assert response.status_code == 200
    assert person.last_name.upper() in response.content.decode().upper()
    # The access log's rows of this render, written in one statement: the colleagues' confidential notes read by a
    # reader of their profession (rule 4), and the read itself by a reader outside the team (rule 5).
    logged = FileAccess.objects.filter(user=reader, job_seeker=person)
    if role != "manager":
        assert sorted(logged.filter(action=AccessAction.READ_CONFIDENTIAL).values_list("detail", flat=True)) == sorted(
            f"interview {pk}"
            for pk in Interview.objects.filter(
                job_seeker=person, confidential=True, staff__profession=role
            ).values_list("pk", flat=True)
        )
    else:
        # The creator of a file nobody accompanies yet is of its team: her read is not logged.
        assert logged.filter(action=AccessAction.READ_FILE).count() == (0 if state == "waiting" else 1)
