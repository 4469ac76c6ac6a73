"""Websocket authentication: the same session cookie or API token as the REST API."""

from __future__ import annotations

from urllib.parse import urlparse

from channels.auth import AuthMiddlewareStack
from channels.db import database_sync_to_async
from channels.middleware import BaseMiddleware
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http.request import validate_host

from accounts.authentication import bearer_token_from_header
from accounts.selectors import api_token_authenticate
from accounts.tenancy import resolve_membership


def _header(scope, name: bytes) -> bytes | None:
    for key, value in scope.get("headers", []):
        if key == name:
            return value
    return None


def _origin_allowed(scope) -> bool:
    """Cookies ride along on cross-site websocket handshakes, so a cookie-authenticated
    socket must come from one of our own origins (cross-site websocket hijacking)."""
    origin = _header(scope, b"origin")
    if origin is None:
        return False
    host = urlparse(origin.decode("latin-1")).hostname or ""
    return validate_host(host, settings.ALLOWED_HOSTS)


@database_sync_to_async
def _authenticate(scope) -> tuple[object, int | None, str | None]:
    raw_token = bearer_token_from_header(_header(scope, b"authorization"))
    if raw_token is not None:
        token = api_token_authenticate(raw_token)
        if token is None:
            return AnonymousUser(), None, None
        return token.membership.user, token.membership.workspace_id, token.membership.role
    user = scope.get("user")
    if user is None or not user.is_authenticated or not _origin_allowed(scope):
        return AnonymousUser(), None, None
    membership = resolve_membership(user=user, auth=None, session=scope.get("session"), workspace_slug=None)
    if membership is None:
        return user, None, None
    return user, membership.workspace_id, membership.role


class WorkspaceAuthMiddleware(BaseMiddleware):
    async def __call__(self, scope, receive, send):
        if scope["type"] == "websocket":
            scope = dict(scope)
            scope["user"], scope["workspace_id"], scope["role"] = await _authenticate(scope)
        return await super().__call__(scope, receive, send)


def websocket_auth_stack(inner):
    """Session cookie → user (Django's auth), then token / workspace resolution."""
    return AuthMiddlewareStack(WorkspaceAuthMiddleware(inner))
