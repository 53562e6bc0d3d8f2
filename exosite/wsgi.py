"""WSGI entry point: gunicorn serves ``exosite.wsgi:application``."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "exosite.settings")

application = get_wsgi_application()
