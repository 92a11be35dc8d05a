#!/usr/bin/env python
"""Django's command-line utility for Supervision Desk."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "supervisiondesk.settings")
    # The command line is where developers work: without a DEBUG variable it
    # runs in development mode (SQLite, a fixed development key). Servers
    # (gunicorn through wsgi.py) get no such default and refuse to start
    # without SECRET_KEY. See docs/deployment.md.
    os.environ.setdefault("DEBUG", "true")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
