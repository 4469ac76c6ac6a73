"""The widget's REST calls authenticate with the session token: `Authorization: Bearer <token>`.
The page's Origin must be one the widget allows (checked here, on every call)."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions, permissions

from accounts.authentication import bearer_token_from_header
from webchat.models import WidgetSession
from webchat.selectors import widget_session_from_token
from webchat.services import widget_origin_check


class WidgetSessionAuthentication(authentication.BaseAuthentication):
    """Sets request.auth to the visitor's WidgetSession (request.user stays anonymous)."""

    def authenticate(self, request):
        token = bearer_token_from_header(request.META.get("HTTP_AUTHORIZATION"))
        if token is None:
            return None
        session = widget_session_from_token(token=token)
        if session is None:
            raise exceptions.AuthenticationFailed("Unknown or expired widget session: start a new one.", code="invalid_session")
        widget_origin_check(channel_account=session.channel_account, origin=request.META.get("HTTP_ORIGIN"))
        return AnonymousUser(), session

    def authenticate_header(self, request) -> str:
        return 'Bearer realm="widget"'


class IsWidgetVisitor(permissions.BasePermission):
    def has_permission(self, request, view) -> bool:
        return isinstance(request.auth, WidgetSession)


class WidgetSessionAuthenticationScheme(OpenApiAuthenticationExtension):
    """Documents the widget session token in the OpenAPI schema (registered by being defined)."""

    target_class = "webchat.authentication.WidgetSessionAuthentication"
    name = "widgetSession"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A web-chat widget session token (POST /api/widget/v1/sessions).",
        }
