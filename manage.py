#!/usr/bin/env python
import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "missionlocale.settings")
    # No SECRET_KEY means a development machine: production always sets one (settings refuse to start
    # without it when DEBUG is off), so only a developer's `python manage.py …` gets DEBUG on by default.
    if not os.environ.get("SECRET_KEY"):
        os.environ.setdefault("DEBUG", "1")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
