"""``manage.py create_administrator``: the first administrator of an installation, in place of createsuperuser.

A superuser passes every permission and so reads every file; the administrator role runs the site (staff
accounts, reference lists) and reads no one's data. The password comes from the prompt, or from the
environment variable ADMINISTRATOR_PASSWORD for scripted installs (never from the command line, which
``ps`` and the shell history would show).
"""

import getpass
import os

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from missionlocale.accounts import administrator_create
from missionlocale.models import User

PASSWORD_ENV = "ADMINISTRATOR_PASSWORD"


class Command(BaseCommand):
    help = "Create a staff account in the administrator role (not a superuser)."

    def add_arguments(self, parser):
        parser.add_argument("--username")
        parser.add_argument("--email")

    def _ask(self, label: str) -> str:
        value = ""
        while not value:
            value = input(f"{label}: ").strip()
        return value

    def _password(self, user: User) -> str:
        password = os.environ.get(PASSWORD_ENV, "")
        if password:
            validate_password(password, user)
            return password
        while True:
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                self.stderr.write("The two passwords differ.")
                continue
            try:
                validate_password(password, user)
            except ValidationError as error:
                self.stderr.write("\n".join(error.messages))
                continue
            return password

    def handle(self, *args, username=None, email=None, **options):
        username = username or self._ask("Username")
        email = email or self._ask("Email")
        if User.objects.filter(username=username).exists():
            raise CommandError(f"The username {username!r} is taken.")
        try:
            password = self._password(User(username=username, email=email))
            user = administrator_create(username=username, email=email, password=password)
        except ValidationError as error:
            raise CommandError("\n".join(error.messages)) from error
        self.stdout.write(self.style.SUCCESS(f"Administrator {user.username} created."))
