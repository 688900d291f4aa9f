"""An ended session loses no work: HTMX gets 401 and a re-login dialog, a posted form logs in back to its page.

The browser side (drafts kept and restored, the dialog, the warning before leaving) is proved in
tests/e2e/test_drafts_journey.py.
"""

from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accompaniment.models import Interview, ProfessionalProject
from missionlocale.middleware import FORM_SAVED_COOKIE
from tests.accompaniment.factories import AccompanimentFactory
from tests.missionlocale.test_login_required import PUBLIC, URLS

HTMX = {"HX-Request": "true"}
SITE = "http://testserver"


def _login_link(response) -> str:
    body = response.content.decode()
    return body.split('href="', 1)[1].split('"', 1)[0].replace("&amp;", "&")


def _next(url: str) -> list[str]:
    return parse_qs(urlsplit(url).query).get("next", [])


def _interview(counsellor, key=None):
    return {
        "occurred_on": timezone.localdate().isoformat(),
        "kind": "individual",
        "duration_minutes": "30",
        "staff": counsellor.pk,
        "note": "Bilan des démarches de la semaine",
        **({"submission_key": key} if key else {}),
    }


def test_an_interview_saved_after_the_session_ended_gets_401_and_a_relogin_dialog(client, counsellor):
    person = AccompanimentFactory(counsellor=counsellor).job_seeker
    file_url = reverse("accompaniment:file_detail", args=[person.pk])

    response = client.post(
        reverse("accompaniment:interview_create", args=[person.pk]),
        _interview(counsellor),
        headers={**HTMX, "HX-Current-URL": f"{SITE}{file_url}"},
    )

    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("FormLogin")
    body = response.content.decode()
    assert "<dialog" in body and "Votre session a pris fin" in body
    assert "Se reconnecter" in body
    assert 'name="password"' not in body  # not the login page
    link = _login_link(response)
    assert urlsplit(link).path == reverse("login")
    assert _next(link) == [file_url]  # back to the file after the login, not to the fragment
    assert not Interview.objects.exists()


def test_the_dialog_speaks_the_users_language(client, counsellor):
    person = AccompanimentFactory(counsellor=counsellor).job_seeker
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nl"

    response = client.get(reverse("accompaniment:file_detail", args=[person.pk]), headers=HTMX)

    assert response.status_code == 401
    assert "Uw sessie is beëindigd" in response.content.decode()


@pytest.mark.parametrize(
    "current_url",
    ["https://evil.example/files/1/", "//evil.example/files/1/", "javascript:alert(1)", "not a url", None],
)
def test_the_dialog_never_leads_elsewhere(client, counsellor, current_url):
    person = AccompanimentFactory(counsellor=counsellor).job_seeker
    headers = {**HTMX, **({"HX-Current-URL": current_url} if current_url else {})}

    response = client.post(reverse("accompaniment:interview_create", args=[person.pk]), {}, headers=headers)

    assert response.status_code == 401
    link = _login_link(response)
    assert link == reverse("login")  # the login, then the home page


@pytest.mark.parametrize(("name", "path"), [url for url in URLS if url[0] not in PUBLIC])
def test_every_page_answers_an_htmx_request_without_session_with_401(client, db, name, path):
    response = client.get(path, headers=HTMX)

    assert response.status_code == 401, f"{name} ({path}) answered {response.status_code}"
    assert "data-session-expired" in response.content.decode()


def test_a_signed_in_htmx_request_is_answered_as_before(client, counsellor):
    person = AccompanimentFactory(counsellor=counsellor).job_seeker
    client.force_login(counsellor)

    response = client.post(
        reverse("accompaniment:interview_create", args=[person.pk]), _interview(counsellor), headers=HTMX
    )

    assert response.status_code == 200
    assert person.interviews.count() == 1


def test_a_form_sent_with_a_stale_csrf_token_is_recognisable_by_the_page(counsellor):
    """drafts.js tells a stale page (a new login in another tab) from a refusal by the marker of the CSRF page."""
    person = AccompanimentFactory(counsellor=counsellor).job_seeker
    client = Client(enforce_csrf_checks=True)
    client.force_login(counsellor)

    response = client.post(
        reverse("accompaniment:interview_create", args=[person.pk]), _interview(counsellor), headers=HTMX
    )

    assert response.status_code == 403
    assert "data-csrf-failure" in response.content.decode()
    assert not Interview.objects.exists()


def test_a_full_page_form_posted_after_the_session_ended_logs_in_back_to_its_page(client, counsellor):
    accompaniment = AccompanimentFactory(counsellor=counsellor)
    file_url = reverse("accompaniment:file_detail", args=[accompaniment.job_seeker.pk])

    response = client.post(
        reverse("accompaniment:project_edit", args=[accompaniment.pk]),
        {"target_occupations": "Vendeuse", "summary": "Stage chez Delhaize", "version": "0"},
        headers={"Referer": f"{SITE}{file_url}"},
    )

    # Not to the address it posted to, which answers POST only: to the file page that showed the form.
    assert response.status_code == 302
    assert urlsplit(response.url).path == reverse("login")
    assert _next(response.url) == [file_url]
    assert not ProfessionalProject.objects.exists()


@pytest.mark.parametrize("referer", ["https://evil.example/files/1/", "", None])
def test_a_posted_form_never_logs_in_to_another_site(client, counsellor, referer):
    accompaniment = AccompanimentFactory(counsellor=counsellor)
    headers = {"Referer": referer} if referer is not None else {}

    response = client.post(reverse("accompaniment:project_edit", args=[accompaniment.pk]), {}, headers=headers)

    assert (response.status_code, response.url) == (302, reverse("login"))


def test_a_page_asked_without_session_still_logs_in_back_to_it(client, counsellor):
    person = AccompanimentFactory(counsellor=counsellor).job_seeker
    file_url = reverse("accompaniment:file_detail", args=[person.pk])

    response = client.get(file_url)

    assert response.status_code == 302
    assert _next(response.url) == [file_url]


def test_the_interview_resent_after_the_login_is_stored_once(client, counsellor):
    """The draft restored after the login carries the form's submission key: a second send stores nothing more."""
    person = AccompanimentFactory(counsellor=counsellor).job_seeker
    url = reverse("accompaniment:interview_create", args=[person.pk])
    client.force_login(counsellor)
    form = client.get(url, headers=HTMX).content.decode()
    key = form.split('name="submission_key" value="', 1)[1].split('"', 1)[0]
    client.logout()

    ended = client.post(url, _interview(counsellor, key), headers=HTMX)
    client.force_login(counsellor)
    saved = client.post(url, _interview(counsellor, key), headers=HTMX)
    again = client.post(url, _interview(counsellor, key), headers=HTMX)

    assert (ended.status_code, saved.status_code, again.status_code) == (401, 200, 200)
    assert list(person.interviews.values_list("note", flat=True)) == ["Bilan des démarches de la semaine"]


def test_a_saved_full_page_form_tells_the_browser_to_drop_its_draft(client, counsellor):
    accompaniment = AccompanimentFactory(counsellor=counsellor)
    url = reverse("accompaniment:project_edit", args=[accompaniment.pk])
    client.force_login(counsellor)

    saved = client.post(url, {"target_occupations": "Vendeuse", "summary": "", "version": "0"})
    refused = client.post(url, {"target_occupations": "", "summary": "", "version": "1"})

    assert saved.status_code == 302
    assert saved.cookies[FORM_SAVED_COOKIE].value == url
    assert saved.cookies[FORM_SAVED_COOKIE]["httponly"] == ""  # read by drafts.js
    # Sent back with its errors: the draft stays.
    assert refused.status_code == 200
    assert FORM_SAVED_COOKIE not in refused.cookies


def test_a_post_sent_to_the_two_factor_page_is_not_taken_for_a_save(client, counsellor, settings):
    # A signed-in member who has not typed her code yet: her post is sent to the code page, not saved.
    settings.OTP_REQUIRED = True
    accompaniment = AccompanimentFactory(counsellor=counsellor)
    client.force_login(counsellor)

    response = client.post(
        reverse("accompaniment:project_edit", args=[accompaniment.pk]),
        {"target_occupations": "Vendeuse", "summary": "", "version": "0"},
    )

    assert response.status_code == 302
    assert urlsplit(response.url).path in {reverse("two_factor_setup"), reverse("two_factor_verify")}
    assert FORM_SAVED_COOKIE not in response.cookies
    assert not ProfessionalProject.objects.exists()


def test_an_htmx_save_sets_no_saved_cookie(client, counsellor):
    # An HTMX answer tells the page itself; the cookie is for the page after a full-page post.
    person = AccompanimentFactory(counsellor=counsellor).job_seeker
    client.force_login(counsellor)

    response = client.post(
        reverse("accompaniment:interview_create", args=[person.pk]), _interview(counsellor), headers=HTMX
    )

    assert FORM_SAVED_COOKIE not in response.cookies


def test_logging_out_deletes_the_drafts_kept_in_the_browser(client, counsellor):
    client.force_login(counsellor)

    response = client.post(reverse("logout"))

    assert response["Clear-Site-Data"] == '"storage"'
    # Other answers keep the browser's storage.
    client.force_login(counsellor)
    assert "Clear-Site-Data" not in client.get(reverse("accompaniment:caseload"))
