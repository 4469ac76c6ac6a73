"""Checks every server entry point runs before it accepts traffic."""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def refuse_insecure_settings() -> None:
    """Refuse to serve with DEBUG off on the published default SECRET_KEY.

    Session cookies, CSRF tokens and password-reset links are all signed with it; a
    deployment on the default key can be impersonated by anyone who read our source.
    """
    if not settings.DEBUG and settings.SECRET_KEY == settings.INSECURE_DEFAULT_SECRET_KEY:
        raise ImproperlyConfigured(
            "SECRET_KEY is the insecure default and DEBUG is off. "
            "Set SECRET_KEY to a long random value (e.g. `python -c 'import secrets; print(secrets.token_urlsafe(50))'`)."
        )
