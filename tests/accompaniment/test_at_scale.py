"""Pages that stay the same size and cost whatever the number of files, staff and partners (issue 17): the files
to assign read from their own flag and paginated, selects of people and partners searched instead of listed."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from accompaniment import services
from accompaniment.enums import ClosingReason
from accompaniment.forms import CHOICES_SHOWN
from accompaniment.models import JobSeeker, LocalProject, Partner
from accompaniment.views.manager import TO_ASSIGN_PAGE, files_to_assign
from tests.accompaniment.factories import AccompanimentFactory, JobSeekerFactory, OutcomeFactory
from tests.accompaniment.test_file_page import _file_with_many_rows_of_every_kind
from tests.missionlocale.factories import UserFactory

CASELOADS = reverse("accompaniment:caseloads")
OPTIONS = reverse("accompaniment:choice_options")


def _waiting() -> set[int]:
    return set(files_to_assign().values_list("pk", flat=True))


def test_a_file_leaves_and_rejoins_the_files_to_assign_as_its_accompaniments_change(client, manager):
    """The flag behind the list follows every change: an accompaniment opened, closed, removed; a new referral."""
    counsellor = UserFactory(counsellor=True)
    person = JobSeekerFactory(actiris_referral_date=timezone.localdate() - datetime.timedelta(days=300))
    assert person.pk in _waiting()

    client.force_login(manager)
    client.post(
        reverse("accompaniment:accompaniment_create", args=[person.pk]),
        {"counsellor": counsellor.pk, "started_on": (timezone.localdate() - datetime.timedelta(days=200)).isoformat()},
    )
    accompaniment = person.accompaniments.get()
    assert person.pk not in _waiting()

    OutcomeFactory(accompaniment=accompaniment, occurred_on=timezone.localdate() - datetime.timedelta(days=12))
    services.accompaniment_close(
        accompaniment=accompaniment,
        closed_on=timezone.localdate() - datetime.timedelta(days=10),
        closing_reason=ClosingReason.MOVED_AWAY,
        acting_user=manager,
    )
    assert person.pk not in _waiting()  # closed, but nobody referred the person again

    person.refresh_from_db()
    person.actiris_referral_date = timezone.localdate() - datetime.timedelta(days=2)
    person.save()
    assert person.pk in _waiting()  # referred again by Actiris after the last start

    second = AccompanimentFactory(job_seeker=person, counsellor=counsellor, started_on=timezone.localdate())
    assert person.pk not in _waiting()
    second.delete()
    assert person.pk in _waiting()


def test_a_stale_copy_of_the_file_saved_after_an_accompaniment_opened_does_not_put_it_back(manager):
    person = JobSeekerFactory()
    stale = JobSeeker.objects.get(pk=person.pk)
    AccompanimentFactory(job_seeker=person)

    stale.phone = "+32470123456"
    stale.save()

    assert not JobSeeker.objects.get(pk=person.pk).awaiting_counsellor


def test_the_files_to_assign_come_25_a_page_with_links_to_the_others(client, manager):
    JobSeekerFactory.create_batch(TO_ASSIGN_PAGE + 5)
    client.force_login(manager)

    first = client.get(CASELOADS).content.decode()
    second = client.get(CASELOADS, {"page": 2}).content.decode()
    beyond = client.get(CASELOADS, {"page": 3}).content.decode()
    garbage = client.get(CASELOADS, {"page": "x'"})

    assert first.count("Attribuer</button>") == TO_ASSIGN_PAGE
    assert 'href="?page=2&amp;' in first and "Page précédente" not in first
    assert second.count("Attribuer</button>") == 5
    assert 'href="?page=1&amp;' in second and "Page suivante" not in second
    assert "Aucun dossier n’attend" in beyond or "Aucun dossier n'attend" in beyond
    assert garbage.status_code == 200 and garbage.content.decode().count("Attribuer</button>") == TO_ASSIGN_PAGE


def test_the_caseloads_page_costs_the_same_and_lists_few_options_with_many_counsellors(
    client, manager, django_assert_max_num_queries
):
    counsellors = [UserFactory(counsellor=True, last_name=f"Conseiller{index:02d}") for index in range(60)]
    AccompanimentFactory.create_batch(3, counsellor=counsellors[0])
    JobSeekerFactory.create_batch(TO_ASSIGN_PAGE)
    client.force_login(manager)

    with django_assert_max_num_queries(10):
        response = client.get(CASELOADS)

    content = response.content.decode()
    assert content.count("Attribuer</button>") == TO_ASSIGN_PAGE
    # Each file's select: its empty choice and the counsellors with the most room, not all 60.
    assert content.count("<option") == TO_ASSIGN_PAGE * (CHOICES_SHOWN + 1)
    # The one with three files has the least room: never among the first offered.
    assert f'<option value="{counsellors[0].pk}"' not in content
    # The fill table: the first 50 counsellors by name, then the 10 others on the next page; the totals count all.
    assert [f'?counsellor={c.pk}"' in content for c in counsellors] == [True] * 50 + [False] * 10
    assert "Conseiller·ères 1–50 sur 60" in content
    assert "3 accompagnements en cours pour une capacité de" in content
    with django_assert_max_num_queries(10):
        second = client.get(CASELOADS, {"counsellors_page": 2, "page": 1}).content.decode()
    assert [f'?counsellor={c.pk}"' in second for c in counsellors] == [False] * 50 + [True] * 10
    assert "Conseiller·ères 51–60 sur 60" in second


def test_the_manager_finds_a_counsellor_beyond_the_first_offered_and_assigns_the_file(client, manager):
    for index in range(CHOICES_SHOWN + 5):
        UserFactory(counsellor=True, last_name=f"Aaa{index:02d}")
    wanted = UserFactory(counsellor=True, first_name="Karim", last_name="Haddad", fte=Decimal("0.01"))
    AccompanimentFactory.create_batch(2, counsellor=wanted)
    person = JobSeekerFactory()
    client.force_login(manager)
    assert f'<option value="{wanted.pk}"' not in client.get(CASELOADS).content.decode()

    options = client.get(OPTIONS, {"kind": "counsellor", "choice_q": "hadd", "name": "counsellor", "counsellor": ""})

    assert f'<option value="{wanted.pk}" selected>Karim Haddad (2/2)</option>' in options.content.decode()
    response = client.post(
        reverse("accompaniment:accompaniment_create", args=[person.pk]),
        {"counsellor": wanted.pk, "started_on": timezone.localdate().isoformat()},
        follow=True,
    )
    assert person.accompaniments.get().counsellor == wanted
    assert "au-delà de sa capacité" in response.content.decode()  # the capacity check still speaks
    assert person.pk not in _waiting()


def test_choice_options_are_bounded_keep_the_chosen_one_and_say_when_nothing_matches(client, counsellor):
    staff = [UserFactory(counsellor=True, last_name=f"Collègue{index:02d}") for index in range(CHOICES_SHOWN + 10)]
    last = staff[-1]
    client.force_login(counsellor)

    listed = client.get(OPTIONS, {"kind": "staff", "name": "user", "user": str(last.pk)}).content.decode()
    nothing = client.get(OPTIONS, {"kind": "staff", "choice_q": "Zzyzx"}).content.decode()
    partners = client.get(OPTIONS, {"kind": "partner", "choice_q": Partner.objects.first().name[:4]}).content.decode()
    wrong = client.get(OPTIONS, {"kind": "nonsense", "name": "kind", "choice_q": "\x00"})

    assert listed.count("<option") == CHOICES_SHOWN + 1
    assert f'<option value="{last.pk}" selected>' in listed  # the chosen one stays, first
    assert "(Conseiller·ère)" in listed or "(Conseill" in listed  # staff come with their profession
    assert "Rien ne correspond à « Zzyzx »" in nothing or "Zzyzx" in nothing
    assert nothing.count("<option") == 1
    assert "selected" in partners
    assert wrong.status_code == 200


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("role", ["counsellor", "manager"])
def test_a_realistic_file_page_keeps_its_queries_bounded_and_lists_no_staff_or_partners(
    client, role, django_assert_max_num_queries
):
    """Counted as in production: a transactional test, without the savepoints a test's own transaction adds."""
    if not Partner.objects.exists():
        Partner.objects.create(name="Bruxelles Formation", kind="training_centre")
    if not LocalProject.objects.exists():
        LocalProject.objects.bulk_create(LocalProject(name=f"Projet {index}") for index in range(3))
    counsellor = UserFactory(counsellor=True, username="conseillere")
    user = counsellor if role == "counsellor" else UserFactory(manager=True, username="coordinateur")
    person = _file_with_many_rows_of_every_kind(counsellor)
    for index in range(30):
        Partner.objects.create(name=f"Partenaire {index:02d}", kind="training_centre")
    client.force_login(user)

    # Counted as in production: the session's and the user's reads and the user's permissions. A manager reads the
    # file outside its team: one more statement, the INSERT that logs the read (rule 5). Issue 17: 20 at most.
    # Opening a file writes no session (the files opened lately are kept in a signed cookie).
    with django_assert_max_num_queries(20):
        response = client.get(reverse("accompaniment:file_detail", args=[person.pk]))

    content = response.content.decode()
    assert content.count('data-kind="interview"') == 8
    # The team, staff and partner selects list only what is chosen (the user, for the interview), until searched.
    for select_id in ("team_user", "orientation_partner", "interview_staff"):
        select = re.search(rf'<select[^>]*id="{select_id}".*?</select>', content, re.S).group(0)
        assert select.count("<option") <= 2, select_id
        # A counsellor logs only her own interviews: nobody else to search for.
        assert (f'id="{select_id}_search"' in content) == (role == "manager" or select_id != "interview_staff")
    assert "Partenaire 29" not in content
