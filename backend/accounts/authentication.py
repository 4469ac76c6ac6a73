"""API tokens: `Authorization: Bearer dlg_…`."""

from __future__ import annotations

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from accounts.selectors import api_token_authenticate
from accounts.services import api_token_touch


def bearer_token_from_header(value: str | bytes | None) -> str | None:
    if not value:
        return None
    if isinstance(value, bytes):
        value = value.decode("latin-1")
    scheme, _, token = value.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


class ApiTokenAuthentication(authentication.BaseAuthentication):
    """Sets request.user to the token's user and request.auth to the ApiToken; the token's
    membership fixes the workspace and role (see accounts.tenancy)."""

    def authenticate(self, request):
        raw_header = authentication.get_authorization_header(request)
        if not raw_header:
            return None
        raw_token = bearer_token_from_header(raw_header)
        if raw_token is None:
            return None
        token = api_token_authenticate(raw_token)
        if token is None:
            raise exceptions.AuthenticationFailed("Invalid, expired or revoked API token.")
        api_token_touch(token=token)
        return token.membership.user, token

    def authenticate_header(self, request) -> str:
        return 'Bearer realm="api"'


class ApiTokenAuthenticationScheme(OpenApiAuthenticationExtension):
    """Documents the token scheme in the OpenAPI schema (registered by being defined)."""

    target_class = "accounts.authentication.ApiTokenAuthentication"
    name = "apiToken"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer", "description": "An API token: `Authorization: Bearer dlg_…`."}
