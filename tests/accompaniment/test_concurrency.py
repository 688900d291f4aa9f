"""Two staff editing the same file at once: the second save is refused, never a silent overwrite."""

import sqlite3
import threading
from contextlib import closing

import pytest
from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.urls import reverse

from accompaniment import services
from accompaniment.models import JobSeeker
from tests.accompaniment.factories import AccompanimentFactory
from tests.missionlocale.factories import UserFactory


def edit_payload(person: JobSeeker, **changes) -> dict:
    payload = {
        "first_name": person.first_name,
        "last_name": person.last_name,
        "birth_date": person.birth_date.isoformat(),
        "gender": person.gender,
        "referral_source": person.referral_source,
        "street": person.street,
        "postcode": person.postcode,
        "commune": person.commune,
        "phone": person.phone,
        "version": person.version,
    }
    return {**payload, **changes}


@pytest.fixture
def file_and_two_editors(db):
    counsellor = UserFactory(counsellor=True, first_name="Amina", last_name="Bensaïd")
    accompaniment = AccompanimentFactory(counsellor=counsellor, job_seeker__phone="+32470111111")
    colleague = UserFactory(manager=True, first_name="Jan", last_name="Peeters")
    return accompaniment.job_seeker, counsellor, colleague


def test_each_save_increments_the_version(file_and_two_editors):
    person, counsellor, _colleague = file_and_two_editors
    assert person.version == 1

    services.job_seeker_update(job_seeker=person, acting_user=counsellor, expected_version=1, commune="Laeken")

    person.refresh_from_db()
    assert (person.version, person.commune) == (2, "Laeken")


def test_a_save_from_an_older_version_is_refused_and_changes_nothing(file_and_two_editors):
    person, counsellor, colleague = file_and_two_editors
    first = JobSeeker.objects.get(pk=person.pk)
    second = JobSeeker.objects.get(pk=person.pk)
    services.job_seeker_update(job_seeker=first, acting_user=counsellor, phone="+32470222222")

    with pytest.raises(ValidationError) as raised:
        services.job_seeker_update(job_seeker=second, acting_user=colleague, phone="+32470333333")

    assert raised.value.code == "stale"
    assert "Quelqu’un d’autre a enregistré ce dossier" in raised.value.messages[0]
    person.refresh_from_db()
    assert (person.phone, person.version) == ("+32470222222", 2)
    assert person.history.count() == 2  # creation and the first save only


def test_an_explicit_expected_version_is_checked_against_the_database(file_and_two_editors):
    person, counsellor, _colleague = file_and_two_editors
    services.job_seeker_update(job_seeker=person, acting_user=counsellor, commune="Laeken")

    with pytest.raises(ValidationError):
        services.job_seeker_update(job_seeker=person, acting_user=counsellor, expected_version=1, commune="Evere")

    person.refresh_from_db()
    assert person.commune == "Laeken"


def test_the_second_editor_sees_the_message_the_other_change_and_their_own_input(client, file_and_two_editors):
    person, counsellor, colleague = file_and_two_editors
    url = reverse("accompaniment:file_edit", args=[person.pk])
    # Both open the form on version 1.
    client.force_login(counsellor)
    assert 'name="version" value="1"' in client.get(url).content.decode()
    loaded = JobSeeker.objects.get(pk=person.pk)

    # The counsellor saves a new phone number.
    response = client.post(url, edit_payload(loaded, phone="0470 22 22 22"))
    assert response.status_code == 302
    # The manager, still on version 1, saves a new address.
    client.force_login(colleague)
    response = client.post(url, edit_payload(loaded, street="Rue Haute 12", postcode="1000"))

    content = response.content.decode()
    assert response.status_code == 200
    assert "Quelqu’un d’autre a enregistré ce dossier pendant que vous le modifiiez" in content
    assert "Amina Bensaïd" in content  # who changed it
    assert "+32470111111" in content and "+32470222222" in content  # the other change, before and after
    assert 'value="Rue Haute 12"' in content  # their own input is still in the form
    assert 'name="version" value="2"' in content  # saving again is a deliberate choice on the new version
    person.refresh_from_db()
    assert (person.phone, person.street, person.version) == ("+32470222222", loaded.street, 2)

    # Saving again after seeing the other change goes through.
    response = client.post(url, edit_payload(person, street="Rue Haute 12", postcode="1000"))
    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.phone, person.street, person.version) == ("+32470222222", "Rue Haute 12", 3)


def test_a_form_without_its_version_is_refused_with_a_french_message(client, file_and_two_editors):
    person, counsellor, _colleague = file_and_two_editors
    client.force_login(counsellor)
    payload = edit_payload(person, commune="Laeken")
    del payload["version"]

    response = client.post(reverse("accompaniment:file_edit", args=[person.pk]), payload)

    assert response.status_code == 200
    assert "Ce formulaire n’est plus à jour" in response.content.decode()
    person.refresh_from_db()
    assert person.commune != "Laeken"


def copy_test_database(path) -> None:
    """Copy the SQLite test database to a file: in memory, SQLite locks whole tables and never waits."""
    connection.ensure_connection()
    target = sqlite3.connect(path)
    connection.connection.backup(target)
    target.close()


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_saves_from_the_same_version_one_wins_one_is_refused(tmp_path):
    """Two requests in two threads (two database connections) save at the same moment: never both.

    On SQLite the threads write a file copy of the test database, with the settings' options (IMMEDIATE
    transactions, busy timeout, WAL): the second writer waits and is refused, never "database is locked".
    The same through gunicorn: test_sqlite_live_server.py.
    """
    accompaniment = AccompanimentFactory()
    person, counsellor = accompaniment.job_seeker, accompaniment.counsellor
    file_database = None
    if connection.vendor == "sqlite":
        file_database = tmp_path / "db.sqlite3"
        copy_test_database(file_database)
        file_settings = {**connection.settings_dict, "NAME": str(file_database)}
        wrapper_class = type(connections[DEFAULT_DB_ALIAS])
    barrier = threading.Barrier(2)
    outcomes = []

    def save(commune):
        if file_database:
            # This thread's own connection, to the file (connections are per thread).
            connections[DEFAULT_DB_ALIAS] = wrapper_class(file_settings, DEFAULT_DB_ALIAS)
        try:
            editor_copy = JobSeeker.objects.get(pk=person.pk)
            barrier.wait(timeout=10)
            services.job_seeker_update(job_seeker=editor_copy, acting_user=counsellor, commune=commune)
            outcomes.append(("saved", commune))
        except ValidationError as error:
            outcomes.append(("refused", error.code))
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(commune,)) for commune in ("Laeken", "Evere")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    if file_database:
        with closing(sqlite3.connect(file_database)) as database:
            version, commune = database.execute(
                "SELECT version, commune FROM accompaniment_jobseeker WHERE id = ?", [person.pk]
            ).fetchone()
    else:
        version, commune = JobSeeker.objects.values_list("version", "commune").get(pk=person.pk)
    saved = [commune for kind, commune in outcomes if kind == "saved"]
    assert sorted(kind for kind, _value in outcomes) == ["refused", "saved"], outcomes
    assert (version, commune) == (2, saved[0])
