"""What an administrator does to another staff member's means of logging in is recorded and told to them.

The administrator runs the site and reads nobody's file; resetting a psychologist's password or second factor
would let them log in as the psychologist and read confidential notes. We chose "recorded and notified" over a
second administrator's approval: a small Mission Locale often has a single administrator, and someone who lost
their phone must be able to work the same day. The person learns of it at once by email (the notice also goes
to the previous address when the address itself was changed) and can raise the alarm.
"""

import datetime
import logging

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from missionlocale.enums import Profession, Role
from missionlocale.models import AccountEvent, AccountEventKind, PasswordResetRequest, User
from missionlocale.roles import roles_sync

logger = logging.getLogger(__name__)


def _notice(kind: str) -> str:
    return {
        AccountEventKind.PASSWORD_RESET: _("the password was reset"),
        AccountEventKind.SECOND_FACTOR_RESET: _(
            "the two-factor authentication was reset (the phone is enrolled again at the next login)"
        ),
        AccountEventKind.EMAIL_CHANGED: _("the email address of the account was changed"),
        AccountEventKind.ROLE_GRANTED: _("the account was given a role"),
    }[kind]


def account_event_record(
    *, actor: User, subject: User, kind: str, addresses: list[str] | None = None, detail: str = ""
) -> AccountEvent:
    """Record the event, log it (ids only) and email the person; ``addresses`` defaults to their current one."""
    event = AccountEvent.objects.create(actor=actor, subject=subject, kind=kind)
    recipients = sorted({address for address in (addresses or [subject.email]) if address})
    if recipients:
        body = _(
            "Hello,\n\nOn %(when)s, %(actor)s (administrator) acted on the account of %(subject)s at "
            "%(organisation)s: %(notice)s%(detail)s.\n\nIf this was not expected, tell a manager today: someone "
            "may be trying to use that account.\n"
        ) % {
            "when": date_format(timezone.localtime(event.at), "DATETIME_FORMAT"),
            "actor": actor,
            "subject": subject,
            "organisation": settings.ORGANISATION_NAME,
            "notice": _notice(kind),
            "detail": f" ({detail})" if detail else "",
        }
        sent = send_mail(
            _("%(organisation)s: a change to a staff account") % {"organisation": settings.ORGANISATION_NAME},
            body,
            None,
            recipients,
            fail_silently=True,
        )
        event.notified = bool(sent)
        event.save(update_fields=["notified"])
    # Ids only: the log never names anyone.
    logger.warning(
        "account event %s: staff %s by administrator %s (notified: %s)", kind, subject.pk, actor.pk, event.notified
    )
    return event


@transaction.atomic
def administrator_create(*, username: str, email: str, password: str) -> User:
    """A staff account in the administrator role: the admin opens to it, no file does. Never a superuser."""
    roles_sync()
    user = User(username=username, email=email, profession=Profession.ADMINISTRATOR, is_staff=True)
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    user.groups.set([Group.objects.get(name=Role.ADMINISTRATOR)])
    return user


# Password-reset emails: at most this many per address and per client address in PASSWORD_RESET_WINDOW. Enough
# for someone who mistyped or lost the first email; too few to flood a mailbox or spray the whole staff list.
PASSWORD_RESET_PER_ADDRESS = 3
PASSWORD_RESET_PER_IP = 10
PASSWORD_RESET_WINDOW = datetime.timedelta(hours=1)


def _key(kind: str, value: str) -> str:
    return salted_hmac(f"missionlocale.password-reset.{kind}", value).hexdigest()


@transaction.atomic
def password_reset_allowed(*, email: str, ip: str | None) -> bool:
    """Count this request and say whether its email may go; a refused request is not counted."""
    now = timezone.now()
    address_key, ip_key = _key("address", email.strip().lower()), _key("ip", ip or "")
    recent = PasswordResetRequest.objects.filter(at__gte=now - PASSWORD_RESET_WINDOW)
    if (
        recent.filter(address_key=address_key).count() >= PASSWORD_RESET_PER_ADDRESS
        or recent.filter(ip_key=ip_key).count() >= PASSWORD_RESET_PER_IP
    ):
        logger.warning("password reset throttled")
        return False
    PasswordResetRequest.objects.filter(at__lt=now - datetime.timedelta(days=1)).delete()
    PasswordResetRequest.objects.create(address_key=address_key, ip_key=ip_key)
    return True


def role_grant_record(*, actor: User, subject: User, roles: set[str]) -> AccountEvent:
    """A role opens files (or the admin): the person and every manager learn of it, so that an account made by
    an administrator for their own use does not go unseen."""
    managers = User.objects.with_role(Role.MANAGER).filter(is_active=True).exclude(pk=actor.pk)
    return account_event_record(
        actor=actor,
        subject=subject,
        kind=AccountEventKind.ROLE_GRANTED,
        addresses=[subject.email, *managers.values_list("email", flat=True)],
        detail=", ".join(sorted(str(Role(role).label) for role in roles if role in Role.values)),
    )
