"""Imported at start-up so drf-spectacular knows the widget's authentication scheme."""

from webchat.authentication import WidgetSessionAuthenticationScheme  # noqa: F401
