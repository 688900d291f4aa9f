"""Sending a text message (SMS): a small backend interface, chosen by the ``SMS_BACKEND`` setting.

- ``ConsoleSmsBackend`` (the default with DEBUG, for development and the demo) writes the message to standard output,
  the number and the link masked; without DEBUG and without a provider, ``UnconfiguredSmsBackend`` sends nothing;
- ``FileSmsBackend`` appends each message as one JSON line to ``SMS_FILE_PATH`` (tests, demo);
- ``HttpSmsBackend`` POSTs ``{"to": ..., "from": ..., "text": ...}`` as JSON to ``SMS_HTTP_URL`` with the header
  ``Authorization: Bearer <SMS_HTTP_TOKEN>``, and reads the provider's message id from the answer's ``id``.

A backend returns the provider's message id, or raises ``SmsError`` when the message may be tried again later
(the provider is down or refused it for now). Nothing here logs the number or the text.
"""

import json
import re
import sys
import threading
import unicodedata
import urllib.error
import urllib.request
import uuid

from django.conf import settings
from django.utils.module_loading import import_string

# The GSM 03.38 basic character set: a message of these characters only fits 160 of them in one SMS.
GSM7_BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§"
    "¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
SMS_MAX_LENGTH = 160


class SmsError(Exception):
    """The message was not accepted; it may be tried again later."""


def gsm7(text: str) -> str:
    """``text`` in GSM-7 basic characters: an accent the set lacks is dropped (ê → e), anything else becomes a
    space or is left out, so that the length counts one per character."""
    replacements = {"’": "'", "‘": "'", "«": '"', "»": '"', "–": "-", "—": "-", "\u00a0": " ", "\u202f": " "}
    out = []
    for char in text:
        char = replacements.get(char, char)
        if char in GSM7_BASIC:
            out.append(char)
            continue
        base = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
        out.append("".join(c for c in base if c in GSM7_BASIC))
    return "".join(out)


def is_gsm7(text: str) -> bool:
    return all(char in GSM7_BASIC for char in text)


class BaseSmsBackend:
    def send(self, *, to: str, text: str) -> str:
        raise NotImplementedError


class ConsoleSmsBackend(BaseSmsBackend):
    """Writes the message to standard output, the number and the answer link masked: a worker's output ends up in
    its logs, and whoever holds the link may answer for the person."""

    def send(self, *, to: str, text: str) -> str:
        message_id = f"console-{uuid.uuid4().hex[:12]}"
        shown = re.sub(r"https?://\S+", "<lien>", text)
        sys.stdout.write(f"SMS {message_id} to {to[:3]}…{to[-2:]}:\n{shown}\n\n")
        return message_id


class UnconfiguredSmsBackend(BaseSmsBackend):
    """Outside development, when no provider is set: no SMS leaves, and the reminder says so (retried, then
    failed with "not_configured") instead of counting as sent."""

    def send(self, *, to: str, text: str) -> str:
        raise SmsError("not_configured")


class FileSmsBackend(BaseSmsBackend):
    _lock = threading.Lock()

    def send(self, *, to: str, text: str) -> str:
        message_id = f"file-{uuid.uuid4().hex[:12]}"
        line = json.dumps({"id": message_id, "to": to, "text": text}, ensure_ascii=False)
        with self._lock, open(settings.SMS_FILE_PATH, "a", encoding="utf-8") as file:
            file.write(line + "\n")
        return message_id


class HttpSmsBackend(BaseSmsBackend):
    def send(self, *, to: str, text: str) -> str:
        if not settings.SMS_HTTP_URL:
            raise SmsError("not_configured")
        body = json.dumps({"to": to, "from": settings.SMS_SENDER, "text": text}).encode()
        request = urllib.request.Request(
            settings.SMS_HTTP_URL,
            data=body,
            method="POST",
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {settings.SMS_HTTP_TOKEN}"},
        )
        try:
            with urllib.request.urlopen(request, timeout=settings.SMS_HTTP_TIMEOUT) as response:
                answer = json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as error:
            raise SmsError(f"http_{error.code}") from error
        except (urllib.error.URLError, OSError, ValueError) as error:
            raise SmsError("unreachable") from error
        message_id = str(answer.get("id") or "") if isinstance(answer, dict) else ""
        if not message_id:
            raise SmsError("no_id")
        return message_id[:120]


def sms_backend() -> BaseSmsBackend:
    return import_string(settings.SMS_BACKEND)()


def sms_send(*, to: str, text: str) -> str:
    """Send ``text`` to the E.164 number ``to`` through the configured backend; the provider's id."""
    return sms_backend().send(to=to, text=text)
