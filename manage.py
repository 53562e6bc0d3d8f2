#!/usr/bin/env python3
"""Django's command-line utility for exosite."""

import os
import sys


def main() -> None:
    if sys.version_info < (3, 12):
        sys.exit(
            f"exosite needs Python 3.12 or newer; this is Python {sys.version.split()[0]}. "
            "Use the project's virtual environment (.venv/bin/python manage.py ...), "
            "which exosite/dev.sh creates."
        )
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "exosite.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
