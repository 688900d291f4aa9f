"""The permission matrix of the employers app for the two professions that do its work (the five roles are
covered by tests/test_permission_matrix.py)."""

import pytest
from django.urls import reverse

from tests.employers import matrix
from tests.missionlocale.factories import UserFactory


@pytest.fixture
def scenario(db):
    users = {
        "counsellor": UserFactory(counsellor=True),
        "psychologist": UserFactory(psychologist=True),
        "manager": UserFactory(manager=True),
        "director": UserFactory(director=True),
        "administrator": UserFactory(administrator=True),
        "employer_relations": UserFactory(employer_relations=True),
        "deies_supervisor": UserFactory(deies_supervisor=True),
    }
    return users, matrix.make_objects(users)


@pytest.mark.parametrize("profession", matrix.PROFESSIONS)
def test_permission_matrix_of_the_employers_professions(client, scenario, profession):
    users, objects = scenario
    client.force_login(users[profession])
    mismatches = []
    for name, (kind, get_statuses, post_statuses) in matrix.EXPECTED.items():
        url = reverse(name, args=[objects[kind].pk] if kind else [])
        for method, expected in (("get", get_statuses[profession]), ("post", post_statuses[profession])):
            status = getattr(client, method)(url).status_code
            if status != expected:
                mismatches.append(f"{method.upper()} {name}: {status}, expected {expected}")
    assert mismatches == [], "\n".join(mismatches)
