from django.urls import reverse


def test_login_page_is_in_french_by_default(client, db):
    response = client.get(reverse("login"))

    content = response.content.decode()
    assert '<html lang="fr">' in content
    assert "Mot de passe oublié ?" in content


def test_switching_to_dutch_changes_the_navigation(client, counsellor):
    client.force_login(counsellor)
    assert "Mon portefeuille" in client.get(reverse("accompaniment:caseload")).content.decode()

    response = client.post(
        reverse("set_language"), {"language": "nl", "next": reverse("accompaniment:caseload")}, follow=True
    )

    content = response.content.decode()
    assert '<html lang="nl">' in content
    assert "Mijn portefeuille" in content
    assert "Mon portefeuille" not in content


def test_switching_to_english(client, manager):
    client.force_login(manager)

    response = client.post(reverse("set_language"), {"language": "en", "next": "/"}, follow=True)

    assert "Dashboard" in response.content.decode()


def test_language_can_be_chosen_before_logging_in(client, db):
    response = client.post(reverse("set_language"), {"language": "nl", "next": reverse("login")}, follow=True)

    assert "Wachtwoord vergeten?" in response.content.decode()


def test_a_dutch_browser_gets_dutch_and_an_english_browser_gets_french(client, db):
    dutch = client.get(reverse("login"), headers={"accept-language": "nl-BE,nl;q=0.9,en;q=0.5"})
    english = client.get(reverse("login"), headers={"accept-language": "en-US,en;q=0.9"})

    assert "Wachtwoord vergeten?" in dutch.content.decode()
    assert "Mot de passe oublié ?" in english.content.decode()
