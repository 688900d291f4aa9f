"""No personal data in the logs: a NISS and a name go through the main flows, the captured logs never hold them."""

import logging

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from accompaniment.models import Interview, JobSeeker
from tests.accompaniment.factories import AccompanimentFactory
from tests.missionlocale.factories import UserFactory

NISS = "85.07.30-034.27"
NISS_DIGITS = "85073003427"
LAST_NAME = "Zanzibar-Quetzal"
FIRST_NAME = "Oumaïma"
IMPORT_HEADER = (
    "actiris_number,last_name,first_name,birth_date,gender,niss,phone,email,street,postcode,commune,"
    "referral_date,counsellor"
)


@pytest.fixture
def all_logs_at_debug(caplog, settings):
    """Every logger at DEBUG (as with LOG_LEVEL=DEBUG), except those the product's LOGGING pins on purpose."""
    pinned = set(settings.LOGGING["loggers"])
    for name in ["", *logging.root.manager.loggerDict]:
        if name not in pinned:
            caplog.set_level(logging.DEBUG, logger=name)
    return caplog


def _leaks(caplog) -> list[str]:
    found = []
    for record in caplog.records:
        text = record.getMessage() + (caplog.handler.format(record) if record.exc_info else "")
        for needle in (NISS, NISS_DIGITS, LAST_NAME, FIRST_NAME, LAST_NAME.upper()):
            if needle in text:
                found.append(f"{record.name}: {text[:200]}")
    return found


def test_a_niss_and_a_name_never_reach_the_logs(client, counsellor, all_logs_at_debug, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    caplog = all_logs_at_debug

    # A failing login, the name and the NISS typed in the wrong boxes.
    client.post(reverse("login"), {"username": f"{FIRST_NAME} {LAST_NAME}", "password": NISS})

    # A counsellor creates a file, searches it by NISS and by name, opens it, unmasks the NISS, logs an interview.
    client.force_login(counsellor)
    client.post(
        reverse("accompaniment:file_create"),
        {
            "first_name": FIRST_NAME,
            "last_name": LAST_NAME,
            "birth_date": "1985-07-30",
            "gender": "F",
            "niss": NISS,
            "actiris_number": "",
            "referral_source": "spontaneous",
            "phone": "0470 12 34 56",
            "postcode": "1000",
        },
    )
    job_seeker = JobSeeker.objects.get(last_name__iexact=LAST_NAME)
    AccompanimentFactory(job_seeker=job_seeker, counsellor=counsellor)
    client.post(reverse("accompaniment:file_search"), {"q": NISS}, follow=True)
    client.post(reverse("accompaniment:file_search"), {"q": LAST_NAME}, follow=True)
    client.get(reverse("accompaniment:file_detail", args=[job_seeker.pk]))
    client.post(reverse("accompaniment:niss_unmask", args=[job_seeker.pk]))
    client.post(
        reverse("accompaniment:interview_create", args=[job_seeker.pk]),
        {
            "occurred_on": timezone.localdate().isoformat(),
            "kind": "phone",
            "duration_minutes": 20,
            "staff": counsellor.pk,
            "topics": f"Suivi de {FIRST_NAME} {LAST_NAME}",
            "note": f"{FIRST_NAME} {LAST_NAME} ({NISS}) cherche une formation",
        },
    )
    assert Interview.objects.filter(job_seeker=job_seeker).count() == 1
    # A page that does not exist and one that is refused, with the name in the query string.
    client.get(reverse("accompaniment:file_detail", args=[999999]) + f"?q={LAST_NAME}")
    client.get(reverse("reporting:reports") + f"?q={NISS_DIGITS}")

    # A manager imports an Actiris list naming the same person, then one with an error.
    manager = UserFactory(manager=True)
    client.force_login(manager)
    good = f"7654321,{LAST_NAME},{FIRST_NAME},1985-07-30,F,{NISS},,,,1000,Bruxelles,2024-09-02,"
    bad = f"7654322,{LAST_NAME}-Bis,{FIRST_NAME},1985-07-30,F,85.07.30-033.29,,,,1000,Bruxelles,2024-09-02,"
    for rows in ([good], [bad]):
        content = "\r\n".join([IMPORT_HEADER, *rows]).encode()
        client.post(
            reverse("accompaniment:import_referrals"),
            {"file": SimpleUploadedFile("referrals.csv", content, "text/csv")},
        )

    assert caplog.records, "the flows logged nothing at all: the capture is not working"
    assert _leaks(caplog) == []


def test_a_national_number_or_an_address_in_an_exception_is_masked_on_output(settings):
    """A database error may quote the value that broke a constraint: the log handler masks it."""
    import io

    from missionlocale.log_filters import RedactPersonalData

    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RedactPersonalData())
    logger = logging.getLogger("tests.redaction")
    logger.addHandler(handler)
    try:
        try:
            raise ValueError(f"Key (niss)=({NISS_DIGITS}) already exists; contact amina@example.org")
        except ValueError:
            logger.exception("Saving file %s failed for %s", 42, NISS)
    finally:
        logger.removeHandler(handler)

    output = stream.getvalue()
    assert "Saving file 42 failed for [NISS]" in output
    assert "Key (niss)=([NISS]) already exists; contact [e-mail]" in output
    assert NISS_DIGITS not in output and NISS not in output and "amina@" not in output
    assert "console" in settings.LOGGING["handlers"]
    assert settings.LOGGING["handlers"]["console"]["filters"] == ["redact"]
