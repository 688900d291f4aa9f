"""Issue 12, item 12: password-reset emails are throttled per address and per client address."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from missionlocale import accounts
from missionlocale.models import PasswordResetRequest


def ask(client, email, ip="192.0.2.1"):
    return client.post(reverse("password_reset"), {"email": email}, REMOTE_ADDR=ip)


@pytest.fixture
def staff_email(counsellor):
    return counsellor.email


def test_a_few_requests_for_one_address_go_then_no_more_in_the_hour(client, staff_email):
    statuses = [ask(client, staff_email).status_code for _request in range(accounts.PASSWORD_RESET_PER_ADDRESS)]
    assert statuses == [302] * accounts.PASSWORD_RESET_PER_ADDRESS
    assert len(mail.outbox) == accounts.PASSWORD_RESET_PER_ADDRESS

    # From another address too: the limit is the mailbox's.
    response = ask(client, staff_email.upper(), ip="198.51.100.7")

    assert response.status_code == 429
    # Said on the form (its French text comes with the next locale update).
    assert response.context["form"].non_field_errors()
    assert len(mail.outbox) == accounts.PASSWORD_RESET_PER_ADDRESS
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=1, minutes=1)):
        assert ask(client, staff_email).status_code == 302
    assert len(mail.outbox) == accounts.PASSWORD_RESET_PER_ADDRESS + 1


def test_one_client_cannot_spray_the_staff_list(client, staff_email):
    for index in range(accounts.PASSWORD_RESET_PER_IP):
        assert ask(client, f"guess{index}@example.org").status_code == 302

    assert ask(client, staff_email).status_code == 429
    assert mail.outbox == []
    # Another client may still ask.
    assert ask(client, staff_email, ip="198.51.100.7").status_code == 302
    assert len(mail.outbox) == 1


def test_an_unknown_address_is_throttled_the_same_way(client, db):
    """The refusal does not tell whether the address is a staff member's."""
    for _request in range(accounts.PASSWORD_RESET_PER_ADDRESS):
        assert ask(client, "nobody@example.org").status_code == 302

    assert ask(client, "nobody@example.org").status_code == 429


def test_the_counter_keeps_no_address_and_forgets_after_a_day(client, staff_email):
    with time_machine.travel(timezone.now() - datetime.timedelta(days=2)):
        ask(client, "old@example.org", ip="203.0.113.9")
    ask(client, staff_email)

    rows = list(PasswordResetRequest.objects.values_list("address_key", "ip_key"))
    assert len(rows) == 1  # the two-day-old one is gone
    assert staff_email not in str(rows) and "192.0.2.1" not in str(rows)
