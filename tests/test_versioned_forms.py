"""Two staff editing the same row from the same page: the second save is refused, never a silent overwrite.

Every form that edits an existing row carries the version it was loaded with (missionlocale.forms.
VersionedFormMixin) and its service saves through missionlocale.services.instance_save_versioned. Each case
below loads the form once, as two browsers would, and posts it twice with different values: the first is
saved, the second is refused with the message of the file form and changes nothing.
"""

import datetime
import threading
from dataclasses import dataclass

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from accompaniment import services as accompaniment_services
from accompaniment.enums import OrientationResult, RecognitionStatus
from accompaniment.forms import CloseForm, OrientationResultForm, ProjectForm, RecognitionForm
from accompaniment.models import (
    Accompaniment,
    ActionStep,
    Barrier,
    JobSeeker,
    Orientation,
    Partner,
    ProfessionalProject,
)
from accompaniment.services import FILE_STALE_MESSAGE
from employers.forms import ContractEndForm, ContractForm, EmployerForm, JobOfferForm
from employers.models import Employer, InsertionContract, JobOffer
from missionlocale.models import VersionedModel
from missionlocale.services import STALE_MESSAGE
from tests.accompaniment.factories import AccompanimentFactory, BarrierFactory, OutcomeFactory
from tests.employers.factories import ContractFactory, EmployerFactory, JobOfferFactory
from tests.missionlocale.factories import UserFactory
from tests.workshops.factories import SessionFactory
from workshops.forms import SessionForm
from workshops.models import Session


def form_payload(form) -> dict:
    """What a browser posts for this form as it was shown (its initial values, the hidden version too)."""
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False or value == "":
            continue
        if value is True:
            data[name] = "on"
        elif isinstance(value, list | tuple):
            data[name] = [getattr(item, "pk", item) for item in value]
        else:
            data[name] = getattr(value, "pk", value)
    return data


@dataclass
class Case:
    row: object  # the row both editors loaded
    url: str  # where the form posts
    loaded: dict  # the form as both loaded it (with its version)
    first: dict  # what the first editor changes
    second: dict  # what the second one changes, from the same version
    field: str  # the field both changed
    message: str  # the refusal's words


def _today():
    return timezone.localdate()


def _file_page_case(maker):
    """A case on the file page of an open accompaniment, edited by its counsellor then by a manager."""

    def build():
        accompaniment = AccompanimentFactory()
        return accompaniment.counsellor, maker(accompaniment)

    return build


@_file_page_case
def project(accompaniment):
    row = accompaniment_services.project_save(
        accompaniment=accompaniment, acting_user=accompaniment.counsellor, target_occupations="Magasinier"
    )
    url = reverse("accompaniment:project_edit", args=[accompaniment.pk])
    loaded = form_payload(ProjectForm(instance=row))
    return Case(
        row,
        url,
        loaded,
        {"target_occupations": "Cariste"},
        {"target_occupations": "Soudeur"},
        "target_occupations",
        "",
    )


@_file_page_case
def project_created_meanwhile(accompaniment):
    # Both opened the file when it had no project: the second first project is refused too.
    url = reverse("accompaniment:project_edit", args=[accompaniment.pk])
    loaded = form_payload(ProjectForm(instance=None))
    row = ProfessionalProject(accompaniment=accompaniment)
    return Case(
        row,
        url,
        loaded,
        {"target_occupations": "Cariste"},
        {"target_occupations": "Soudeur"},
        "target_occupations",
        "",
    )


@_file_page_case
def step(accompaniment):
    row = accompaniment_services.step_add(
        accompaniment=accompaniment, acting_user=accompaniment.counsellor, description="Mettre le CV à jour"
    )
    url = reverse("accompaniment:step_toggle", args=[row.pk])
    # The first marks it done; the second, on a page still showing it not done... asks "not done".
    return Case(row, url, {"version": row.version}, {"done": "1"}, {"done": "0"}, "done_on", "")


@_file_page_case
def barrier(accompaniment):
    row = BarrierFactory(job_seeker=accompaniment.job_seeker)
    url = reverse("accompaniment:barrier_lift", args=[row.pk])
    first, second = _today(), _today() - datetime.timedelta(days=1)
    return Case(row, url, {"version": row.version}, {"lifted_on": first}, {"lifted_on": second}, "lifted_on", "")


@_file_page_case
def orientation(accompaniment):
    row = accompaniment_services.orientation_add(
        job_seeker=accompaniment.job_seeker,
        staff=accompaniment.counsellor,
        partner=Partner.objects.filter(is_active=True).first(),
        purpose="Formation cariste",
    )
    url = reverse("accompaniment:orientation_result", args=[row.pk])
    loaded = form_payload(OrientationResultForm(instance=row))
    return Case(
        row,
        url,
        loaded,
        {"result": OrientationResult.STARTED},
        {"result": OrientationResult.REFUSED},
        "result",
        "",
    )


@_file_page_case
def recognition(accompaniment):
    url = reverse("accompaniment:accompaniment_recognition", args=[accompaniment.pk])
    loaded = form_payload(RecognitionForm(instance=accompaniment))
    return Case(
        accompaniment,
        url,
        loaded,
        {"recognition_status": RecognitionStatus.REFUSED},
        {"recognition_status": RecognitionStatus.PENDING},
        "recognition_status",
        "",
    )


@_file_page_case
def closing(accompaniment):
    # The outcomes' section: the accompaniment closed from a page loaded before someone closed it.
    OutcomeFactory(accompaniment=accompaniment)
    url = reverse("accompaniment:accompaniment_close", args=[accompaniment.pk])
    loaded = form_payload(CloseForm(initial={"version": accompaniment.version}))
    first, second = _today(), _today() - datetime.timedelta(days=1)
    # Past the confirmation page, with a reason (the close asks both).
    confirmed = {"closing_reason": "exit", "confirmed": "True"}
    return Case(
        accompaniment,
        url,
        loaded,
        {"closed_on": first, **confirmed},
        {"closed_on": second, **confirmed},
        "closed_on",
        "",
    )


def session():
    manager = UserFactory(manager=True)
    row = SessionFactory(label="Printemps")
    row.facilitators.set([manager])
    url = reverse("workshops:session_edit", args=[row.pk])
    loaded = form_payload(SessionForm(instance=row, creating=False))
    return manager, Case(row, url, loaded, {"label": "Été"}, {"label": "Automne"}, "label", STALE_MESSAGE)


def employer():
    manager = UserFactory(manager=True)
    row = EmployerFactory(name="Boulangerie du Sablon")
    url = reverse("employers:employer_edit", args=[row.pk])
    loaded = form_payload(EmployerForm(instance=row))
    loaded["enterprise_number"] = row.enterprise_number
    return manager, Case(row, url, loaded, {"commune": "Ixelles"}, {"commune": "Uccle"}, "commune", STALE_MESSAGE)


def offer():
    manager = UserFactory(manager=True)
    row = JobOfferFactory(title="Vendeuse")
    url = reverse("employers:offer_edit", args=[row.pk])
    loaded = form_payload(JobOfferForm(instance=row))
    return manager, Case(row, url, loaded, {"title": "Caissière"}, {"title": "Magasinière"}, "title", STALE_MESSAGE)


def contract():
    manager = UserFactory(manager=True)
    row = ContractFactory(job_title="Ouvrier")
    url = reverse("employers:contract_edit", args=[row.pk])
    loaded = form_payload(ContractForm(instance=row))
    return manager, Case(
        row, url, loaded, {"job_title": "Jardinier"}, {"job_title": "Peintre"}, "job_title", STALE_MESSAGE
    )


def contract_end():
    manager = UserFactory(manager=True)
    row = ContractFactory()
    url = reverse("employers:contract_end", args=[row.pk])
    loaded = form_payload(ContractEndForm(instance=row))
    loaded.update({"ended_on": row.planned_end_on, "situation_at_end": "employment"})
    return manager, Case(
        row, url, loaded, {"end_reason": "term"}, {"end_reason": "employment"}, "end_reason", STALE_MESSAGE
    )


CASES = {
    "professional project": project,
    "professional project, first save": project_created_meanwhile,
    "action-plan step": step,
    "barrier": barrier,
    "orientation": orientation,
    "Actiris recognition": recognition,
    "closing with its outcomes": closing,
    "workshop session": session,
    "employer": employer,
    "job offer": offer,
    "insertion contract": contract,
    "end of an insertion contract": contract_end,
}


def _current(case: Case):
    model = type(case.row)
    if case.row.pk is None:
        return ProfessionalProject.objects.get(accompaniment=case.row.accompaniment)
    return model._base_manager.get(pk=case.row.pk)


@pytest.mark.parametrize("name", list(CASES))
def test_a_second_save_from_the_same_version_is_refused_and_changes_nothing(client, db, name):
    first_editor, case = CASES[name]()
    second_editor = UserFactory(manager=True)

    client.force_login(first_editor)
    response = client.post(case.url, {**case.loaded, **case.first})
    assert response.status_code == 302, response.content.decode()[:2000]
    saved = _current(case)
    saved_value, saved_version = getattr(saved, case.field), saved.version
    history = saved.history.count() if hasattr(saved, "history") else None

    client.force_login(second_editor)
    response = client.post(case.url, {**case.loaded, **case.second}, follow=True)

    content = response.content.decode()
    assert str(case.message or FILE_STALE_MESSAGE) in content, content[:3000]
    now = _current(case)
    assert (getattr(now, case.field), now.version) == (saved_value, saved_version)
    if history is not None:
        assert now.history.count() == history  # no record of a save that did not happen


def test_the_full_page_forms_show_who_changed_what_and_keep_the_editors_input(client, db):
    first_editor, case = offer()
    client.force_login(first_editor)
    client.post(case.url, {**case.loaded, **case.first})
    client.force_login(UserFactory(manager=True))

    response = client.post(case.url, {**case.loaded, **case.second})

    content = response.content.decode()
    assert response.status_code == 200 and 'data-testid="edit-conflict"' in content
    assert str(first_editor) in content
    assert "Vendeuse" in content and "Caissière" in content  # the other change, before and after
    assert 'value="Magasinière"' in content  # their own input is still in the form
    assert 'name="version" value="2"' in content  # saving again is a deliberate choice on the new version
    response = client.post(case.url, {**case.loaded, **case.second, "version": 2})
    assert response.status_code == 302
    assert _current(case).title == "Magasinière"


def test_a_form_without_its_version_is_refused(client, db):
    manager, case = employer()
    client.force_login(manager)
    payload = {**case.loaded, **case.first}
    del payload["version"]

    response = client.post(case.url, payload)

    assert response.status_code == 200
    assert _current(case).commune == "Bruxelles"


def test_marking_a_step_done_twice_leaves_it_done(client, counsellor):
    accompaniment = AccompanimentFactory(counsellor=counsellor)
    step = accompaniment_services.step_add(accompaniment=accompaniment, acting_user=counsellor, description="CV")
    client.force_login(counsellor)
    url = reverse("accompaniment:step_toggle", args=[step.pk])

    # The same button posted twice (a double click, a resent request): the same version both times.
    for _twice in range(2):
        response = client.post(url, {"done": "1", "version": step.version}, headers={"HX-Request": "true"})
        assert response.status_code == 200 and "text-danger" not in response.content.decode()

    step.refresh_from_db()
    assert (step.done_on, step.version) == (_today(), 2)
    response = client.post(url, {"done": "0", "version": 2}, headers={"HX-Request": "true"})
    step.refresh_from_db()
    assert step.done_on is None
    assert 'name="done" value="1"' in response.content.decode()  # the button now offers "done" again


def test_a_double_submitted_interview_is_stored_once(client, counsellor):
    accompaniment = AccompanimentFactory(counsellor=counsellor)
    person = accompaniment.job_seeker
    client.force_login(counsellor)
    url = reverse("accompaniment:interview_create", args=[person.pk])
    form = client.get(url, headers={"HX-Request": "true"}).content.decode()
    key = form.split('name="submission_key" value="', 1)[1].split('"', 1)[0]
    payload = {
        "occurred_on": _today().isoformat(),
        "kind": "individual",
        "duration_minutes": "30",
        "staff": counsellor.pk,
        "note": "Préparation de l'entretien d'embauche",
        "submission_key": key,
    }

    first = client.post(url, payload)
    second = client.post(url, payload)

    assert (first.status_code, second.status_code) == (302, 302)  # the second answers as a success
    assert person.interviews.count() == 1
    assert person.interviews.get().submission_key is not None
    # A new form has a new key: the next interview is stored.
    fresh = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert key not in fresh
    client.post(url, {**payload, "submission_key": fresh.split('name="submission_key" value="', 1)[1][:36]})
    assert person.interviews.count() == 2


def test_an_interview_posted_without_a_key_is_still_stored(client, counsellor):
    # A page loaded before the key existed: stored as before, without the double-post protection.
    accompaniment = AccompanimentFactory(counsellor=counsellor)
    client.force_login(counsellor)
    url = reverse("accompaniment:interview_create", args=[accompaniment.job_seeker.pk])
    payload = {"occurred_on": _today().isoformat(), "kind": "individual", "duration_minutes": "30"}

    client.post(url, {**payload, "staff": counsellor.pk})

    assert accompaniment.job_seeker.interviews.get().submission_key is None


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="real concurrency needs PostgreSQL's row locks")
def test_two_simultaneous_project_saves_one_wins_one_is_refused():
    """Two threads (two connections) save the project from the same version at the same moment: never both."""
    accompaniment = AccompanimentFactory()
    counsellor = accompaniment.counsellor
    accompaniment_services.project_save(accompaniment=accompaniment, acting_user=counsellor, target_occupations="A")
    barrier = threading.Barrier(2)
    outcomes = []

    def save(occupation):
        try:
            barrier.wait(timeout=10)
            accompaniment_services.project_save(
                accompaniment=accompaniment,
                acting_user=counsellor,
                expected_version=1,
                target_occupations=occupation,
            )
            outcomes.append(("saved", occupation))
        except ValidationError as error:
            outcomes.append(("refused", error.code))
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(occupation,)) for occupation in ("Cariste", "Soudeur")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(kind for kind, _value in outcomes) == ["refused", "saved"], outcomes
    saved = next(value for kind, value in outcomes if kind == "saved")
    project = ProfessionalProject.objects.get(accompaniment=accompaniment)
    assert (project.version, project.target_occupations) == (2, saved)


def test_every_model_with_an_edit_form_is_versioned():
    # The rows the issue listed; a new edit form on another model should join them (and this list).
    for model in (
        JobSeeker,
        Accompaniment,
        ProfessionalProject,
        ActionStep,
        Barrier,
        Orientation,
        Session,
        Employer,
        JobOffer,
        InsertionContract,
    ):
        assert issubclass(model, VersionedModel), model
