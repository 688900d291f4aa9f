import datetime

from django.urls import reverse
from django.utils import timezone

from accompaniment import services
from accompaniment.enums import AccessAction, InterviewKind
from accompaniment.models import Appointment, FileAccess, Interview, LocalProject, Partner, TeamMember
from tests.accompaniment.factories import (
    AccompanimentFactory,
    AppointmentFactory,
    BarrierFactory,
    InterviewFactory,
    JobSeekerFactory,
    OutcomeFactory,
    RoomFactory,
)
from tests.employers.factories import ContractFactory, MatchingFactory
from tests.missionlocale.factories import UserFactory
from tests.workshops.factories import EnrolmentFactory

SECRET = "Violences conjugales évoquées"


def _file_with_psychologist_note(counsellor):
    accompaniment = AccompanimentFactory(counsellor=counsellor, job_seeker__niss="85073003328")
    psychologist = UserFactory(psychologist=True, first_name="Hélène", last_name="Dumont")
    TeamMember.objects.create(job_seeker=accompaniment.job_seeker, user=psychologist)
    InterviewFactory(job_seeker=accompaniment.job_seeker, staff=psychologist, confidential=True, note=SECRET)
    InterviewFactory(job_seeker=accompaniment.job_seeker, staff=counsellor, note="Travail sur le CV")
    return accompaniment, psychologist


def test_file_page_shows_everything_on_one_screen(client, counsellor, django_assert_max_num_queries):
    accompaniment = AccompanimentFactory(counsellor=counsellor)
    person = accompaniment.job_seeker
    BarrierFactory(job_seeker=person)
    OutcomeFactory(accompaniment=accompaniment, organisation="Colruyt")
    for _ in range(10):
        InterviewFactory(job_seeker=person, staff=counsellor)
    client.force_login(counsellor)

    # With the sections of documents, appointments and follow-up checkpoints (one query or two each).
    with django_assert_max_num_queries(20):
        response = client.get(reverse("accompaniment:file_detail", args=[person.pk]))

    content = response.content.decode()
    assert person.full_name in content
    assert "jours restants" in content
    assert "Colruyt" in content
    assert "Sortie positive" in content
    assert content.count('data-kind="interview"') == 10
    assert "Langue" in content  # the open barrier


def test_an_accompaniment_past_its_planned_end_says_so_rather_than_a_negative_count(client, counsellor):
    today = timezone.localdate()
    accompaniment = AccompanimentFactory(
        counsellor=counsellor,
        started_on=today - datetime.timedelta(days=368),
        planned_end_on=today - datetime.timedelta(days=3),
    )
    client.force_login(counsellor)

    content = client.get(reverse("accompaniment:file_detail", args=[accompaniment.job_seeker.pk])).content.decode()

    assert "Fin prévue dépassée depuis 3 jours" in content
    assert "-3" not in content.split('data-testid="days-left"')[1][:80]


def test_confidential_note_is_hidden_from_the_counsellor_everywhere(client, counsellor):
    accompaniment, psychologist = _file_with_psychologist_note(counsellor)
    client.force_login(counsellor)
    person = accompaniment.job_seeker

    pages = [
        client.get(reverse("accompaniment:file_detail", args=[person.pk])),
        client.get(reverse("accompaniment:caseload")),
        client.post(reverse("accompaniment:file_search"), {"q": "violences"}, follow=True),
        client.get(reverse("accompaniment:caseload"), {"q": "conjugales"}),
        client.get(reverse("accompaniment:caseload_export")),
        client.get(reverse("accompaniment:file_history", args=[person.pk])),
    ]

    for page in pages:
        assert SECRET not in page.content.decode("utf-8-sig")
    file_page = pages[0].content.decode()
    # The counsellor sees that a note exists, its date and author.
    assert "Note confidentielle" in file_page
    assert "Hélène Dumont" in file_page
    assert "Travail sur le CV" in file_page
    assert "Aucun dossier ne correspond." in pages[2].content.decode()


def test_confidential_note_is_read_by_its_author_and_the_same_profession_and_logged(client, counsellor):
    accompaniment, psychologist = _file_with_psychologist_note(counsellor)
    colleague = UserFactory(psychologist=True)
    url = reverse("accompaniment:file_detail", args=[accompaniment.job_seeker.pk])

    client.force_login(psychologist)
    assert SECRET in client.get(url).content.decode()
    client.force_login(colleague)
    assert SECRET in client.get(url).content.decode()

    reads = FileAccess.objects.filter(action=AccessAction.READ_CONFIDENTIAL)
    assert list(reads.values_list("user", flat=True)) == [colleague.pk]


def test_a_social_worker_does_not_read_a_psychologist_note(client, counsellor):
    accompaniment, _psychologist = _file_with_psychologist_note(counsellor)
    client.force_login(UserFactory(counsellor=True, profession="social_worker"))

    content = client.get(reverse("accompaniment:file_detail", args=[accompaniment.job_seeker.pk])).content.decode()

    assert SECRET not in content


def test_reading_a_file_outside_ones_team_is_logged_and_niss_masked(client, counsellor):
    accompaniment, _psychologist = _file_with_psychologist_note(UserFactory(counsellor=True))
    client.force_login(counsellor)
    url = reverse("accompaniment:file_detail", args=[accompaniment.job_seeker.pk])

    content = client.get(url).content.decode()

    assert "85.07.30-033.28" not in content
    assert "••.••.••-•••.••" in content
    assert FileAccess.objects.filter(user=counsellor, job_seeker=accompaniment.job_seeker, action="read_file").exists()
    # Reading is allowed, changing is not.
    assert client.get(reverse("accompaniment:file_edit", args=[accompaniment.job_seeker.pk])).status_code == 403


def test_the_team_sees_the_niss_and_is_not_logged(client, counsellor):
    accompaniment, _psychologist = _file_with_psychologist_note(counsellor)
    client.force_login(counsellor)

    content = client.get(reverse("accompaniment:file_detail", args=[accompaniment.job_seeker.pk])).content.decode()

    assert "85.07.30-033.28" in content
    assert not FileAccess.objects.filter(user=counsellor).exists()


def test_unmasking_a_niss_is_logged(client, counsellor):
    accompaniment, _psychologist = _file_with_psychologist_note(UserFactory(counsellor=True))
    client.force_login(counsellor)

    response = client.post(
        reverse("accompaniment:niss_unmask", args=[accompaniment.job_seeker.pk]), headers={"HX-Request": "true"}
    )

    assert "85.07.30-033.28" in response.content.decode()
    assert FileAccess.objects.filter(user=counsellor, action=AccessAction.UNMASK_NISS).count() == 1


def test_logging_an_interview_with_htmx_returns_the_new_timeline(client, counsellor):
    accompaniment = AccompanimentFactory(counsellor=counsellor)
    barrier = BarrierFactory(job_seeker=accompaniment.job_seeker)
    client.force_login(counsellor)

    response = client.post(
        reverse("accompaniment:interview_create", args=[accompaniment.job_seeker.pk]),
        {
            "occurred_on": timezone.localdate().isoformat(),
            "kind": InterviewKind.PHONE,
            "duration_minutes": 20,
            "staff": counsellor.pk,
            "topics": "Inscription formation",
            "barriers_worked_on": [barrier.pk],
            "note": "Appel pour la formation de cariste",
            "next_appointment_at": (timezone.localtime() + datetime.timedelta(days=7)).strftime("%Y-%m-%dT10:00"),
        },
        headers={"HX-Request": "true"},
    )

    content = response.content.decode()
    assert '<ol class="list-unstyled mb-0" id="timeline"' in content
    assert "Appel pour la formation de cariste" in content
    assert 'hx-swap-oob="true"' in content
    interview = Interview.objects.get()
    assert interview.accompaniment == accompaniment
    assert list(interview.barriers_worked_on.all()) == [barrier]
    # Its next appointment is booked: an appointment of 45 minutes, set at that interview.
    appointment = Appointment.objects.get()
    assert (appointment.planned_at_interview, appointment.staff, appointment.duration_minutes) == (
        interview,
        counsellor,
        45,
    )


def test_a_bad_interview_shows_errors_and_saves_nothing(client, counsellor):
    accompaniment = AccompanimentFactory(counsellor=counsellor)
    client.force_login(counsellor)

    response = client.post(
        reverse("accompaniment:interview_create", args=[accompaniment.job_seeker.pk]),
        {
            "occurred_on": (timezone.localdate() + datetime.timedelta(days=3)).isoformat(),
            "kind": "individual",
            "duration_minutes": 30,
            "staff": counsellor.pk,
        },
        headers={"HX-Request": "true"},
    )

    assert response["HX-Retarget"] == "#interview-form-region"
    assert "Un entretien ne peut pas être daté dans le futur" in response.content.decode()
    assert not Interview.objects.exists()


def test_a_counsellor_cannot_log_an_interview_in_a_colleagues_name(client, counsellor):
    accompaniment = AccompanimentFactory(counsellor=counsellor)
    client.force_login(counsellor)

    client.post(
        reverse("accompaniment:interview_create", args=[accompaniment.job_seeker.pk]),
        {
            "occurred_on": timezone.localdate().isoformat(),
            "kind": "individual",
            "duration_minutes": 30,
            "staff": UserFactory(counsellor=True).pk,
        },
    )

    assert not Interview.objects.exists()


def test_support_staff_log_interviews_only_on_files_they_were_added_to(client, db):
    psychologist = UserFactory(psychologist=True)
    mine, other = JobSeekerFactory(), JobSeekerFactory()
    TeamMember.objects.create(job_seeker=mine, user=psychologist)
    client.force_login(psychologist)
    data = {
        "occurred_on": timezone.localdate().isoformat(),
        "kind": "individual",
        "duration_minutes": 50,
        "staff": psychologist.pk,
    }

    assert client.post(reverse("accompaniment:interview_create", args=[other.pk]), data).status_code == 403
    assert client.post(reverse("accompaniment:interview_create", args=[mine.pk]), data).status_code == 302
    assert Interview.objects.get().confidential


def test_confidential_local_project_is_shown_only_to_the_team_and_psychologists(client, counsellor):
    accompaniment = AccompanimentFactory(counsellor=counsellor)
    accompaniment.job_seeker.local_projects.add(LocalProject.objects.get(name="Nouveaux Départs"))
    url = reverse("accompaniment:file_detail", args=[accompaniment.job_seeker.pk])

    client.force_login(counsellor)
    assert "Nouveaux Départs" in client.get(url).content.decode()
    client.force_login(UserFactory(psychologist=True))
    assert "Nouveaux Départs" in client.get(url).content.decode()
    client.force_login(UserFactory(counsellor=True))
    assert "Nouveaux Départs" not in client.get(url).content.decode()


def test_history_shows_who_changed_what(client, counsellor):
    accompaniment = AccompanimentFactory(counsellor=counsellor)
    client.force_login(counsellor)
    person = accompaniment.job_seeker
    client.post(
        reverse("accompaniment:file_edit", args=[person.pk]),
        {
            "first_name": person.first_name,
            "last_name": person.last_name,
            "birth_date": person.birth_date.isoformat(),
            "gender": "F",
            "referral_source": "actiris",
            "phone": "0470 99 88 77",
            "postcode": "1020",
            "commune": "Laeken",
            "version": person.version,
        },
    )

    content = client.get(reverse("accompaniment:file_history", args=[person.pk])).content.decode()

    assert "+32470998877" in content
    assert "Laeken" in content
    assert str(counsellor) in content


def test_action_plan_steps_and_overdue_flag(client, counsellor):
    accompaniment = AccompanimentFactory(counsellor=counsellor)
    client.force_login(counsellor)

    client.post(
        reverse("accompaniment:project_edit", args=[accompaniment.pk]),
        {"target_occupations": "Cariste", "summary": "Permis cariste puis intérim", "version": 0},
    )
    client.post(
        reverse("accompaniment:step_create", args=[accompaniment.pk]),
        {"description": "S’inscrire chez Bruxelles Formation", "owner": "job_seeker", "due_on": "2020-01-01"},
    )

    assert "Étapes en retard" in client.get(reverse("accompaniment:caseload")).content.decode()
    step = accompaniment.steps.get()
    client.post(reverse("accompaniment:step_toggle", args=[step.pk]), {"done": "1", "version": step.version})
    step.refresh_from_db()
    assert step.done_on == timezone.localdate()
    assert accompaniment.project.target_occupations == "Cariste"


def _file_with_many_rows_of_every_kind(counsellor, rows=8):
    """A file with several rows of each thing the page and its history show, so that an N+1 would show."""
    today = timezone.localdate()
    person = JobSeekerFactory()
    for index in range(rows):
        past = AccompanimentFactory(
            job_seeker=person,
            counsellor=counsellor,
            closed=True,
            started_on=today - datetime.timedelta(days=800 + 400 * index),
            planned_end_on=today - datetime.timedelta(days=435 + 400 * index),
            closed_on=today - datetime.timedelta(days=450 + 400 * index),
        )
        OutcomeFactory(accompaniment=past)
    current = AccompanimentFactory(job_seeker=person, counsellor=counsellor)
    services.project_save(accompaniment=current, acting_user=counsellor, target_occupations="Magasinier")
    partner = Partner.objects.order_by("pk").first()
    for index in range(rows):
        OutcomeFactory(accompaniment=current)
        services.step_add(accompaniment=current, acting_user=counsellor, description=f"Étape {index}")
        barrier = BarrierFactory(job_seeker=person)
        services.orientation_add(job_seeker=person, staff=counsellor, partner=partner, purpose=f"Orientation {index}")
        TeamMember.objects.create(job_seeker=person, user=UserFactory(psychologist=True, last_name=f"Psy{index}"))
        InterviewFactory(job_seeker=person, staff=UserFactory(counsellor=True)).barriers_worked_on.add(barrier)
        EnrolmentFactory(job_seeker=person)
        MatchingFactory(job_seeker=person)
        ContractFactory(worker=person, started_on=today - datetime.timedelta(days=400 * (index + 1)))
    person.local_projects.set(LocalProject.objects.order_by("pk")[:3])
    for index in range(8):
        appointment = AppointmentFactory(
            staff=counsellor,
            job_seeker=person,
            at=timezone.now() + datetime.timedelta(days=index - 3),
            room=RoomFactory(),
            status="no_show" if index < 3 else "planned",
        )
        appointment.other_staff.add(UserFactory(psychologist=True))
    return person


def test_file_page_and_history_pin_their_queries_whatever_the_number_of_rows(
    client, counsellor, django_assert_max_num_queries
):
    person = _file_with_many_rows_of_every_kind(counsellor)
    client.force_login(counsellor)

    # The documents' section, the appointments' (theirs, their other staff, the no-shows in a row), the checkpoints'.
    with django_assert_max_num_queries(20):
        response = client.get(reverse("accompaniment:file_detail", args=[person.pk]))

    content = response.content.decode()
    assert content.count('data-kind="interview"') == 8
    assert content.count('data-testid="appointment"') == 8 and "3 rendez-vous manqués d’affilée" in content
    assert all(f"Étape {index}" in content and f"Orientation {index}" in content for index in range(8))
    assert all(f"Psy{index}" in content for index in range(8))
    with django_assert_max_num_queries(18):
        response = client.get(reverse("accompaniment:file_history", args=[person.pk]))
    assert response.status_code == 200 and "Étape 7" in response.content.decode()
