"""WSGI entry point (gunicorn) for the REST API and webhooks in production."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

from config.security import refuse_insecure_settings  # noqa: E402

refuse_insecure_settings()
