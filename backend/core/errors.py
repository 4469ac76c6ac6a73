"""One error shape for the whole API: {"message", "code", "extra"}.

`extra.fields` maps each field at fault to its messages (nested serializers keep their
nesting), so a client can put the error next to the input that caused it.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from rest_framework import exceptions, status

logger = logging.getLogger(__name__)


class ApplicationError(Exception):
    """A domain rule was broken. Services raise it; the API answers with its status."""

    status_code = status.HTTP_400_BAD_REQUEST
    code = "invalid"

    def __init__(self, message: str, *, code: str | None = None, extra: dict[str, Any] | None = None, status_code: int | None = None):
        super().__init__(message)
        self.message = message
        self.extra = extra or {}
        if code:
            self.code = code
        if status_code:
            self.status_code = status_code


class ConflictError(ApplicationError):
    status_code = status.HTTP_409_CONFLICT
    code = "conflict"


class RateLimitedError(ApplicationError):
    """Too many requests; the answer says when to come back (extra.retry_after and Retry-After)."""

    status_code = status.HTTP_429_TOO_MANY_REQUESTS
    code = "rate_limited"

    def __init__(self, message: str, *, retry_after: int):
        super().__init__(message, extra={"retry_after": retry_after})
        self.retry_after = retry_after


def error_body(message: str, code: str, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"message": message, "code": code, "extra": extra or {}}


def _first_message(detail: Any) -> str:
    if isinstance(detail, dict):
        for key, value in detail.items():
            inner = _first_message(value)
            return inner if key == "non_field_errors" else f"{key}: {inner}"
    if isinstance(detail, list) and detail:
        return _first_message(detail[0])
    return str(detail)


def api_exception_handler(exc: Exception, context: dict[str, Any]):
    # Imported here: services import this module, and DRF's authentication classes
    # (imported by rest_framework.views) import services — a cycle at module level.
    from rest_framework.response import Response
    from rest_framework.serializers import as_serializer_error
    from rest_framework.views import exception_handler as drf_exception_handler

    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(as_serializer_error(exc))
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()

    if isinstance(exc, ApplicationError):
        headers = {"Retry-After": str(exc.retry_after)} if isinstance(exc, RateLimitedError) else None
        return Response(error_body(exc.message, exc.code, exc.extra), status=exc.status_code, headers=headers)

    response = drf_exception_handler(exc, context)
    if response is None:
        # Unhandled: let Django log it and answer through handler500 (JSON too).
        return None

    if isinstance(exc, exceptions.ValidationError):
        detail = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        body = error_body(_first_message(detail), "invalid", {"fields": detail})
    else:
        detail = exc.detail
        message = _first_message(detail)
        code = exc.get_codes() if isinstance(exc.get_codes(), str) else getattr(exc, "default_code", "error")
        body = error_body(message, code)
    response.data = body
    return response


# Django-level handlers (config.urls): a wrong URL or a crash outside DRF is JSON too.
def json_not_found(request, exception=None) -> JsonResponse:
    return JsonResponse(error_body(f"No route for {request.path}.", "not_found"), status=404)


def json_server_error(request) -> JsonResponse:
    return JsonResponse(
        error_body("Internal server error. It has been logged; please try again.", "server_error"), status=500
    )


def json_bad_request(request, exception=None) -> JsonResponse:
    return JsonResponse(error_body("Bad request.", "bad_request"), status=400)


def json_permission_denied(request, exception=None) -> JsonResponse:
    return JsonResponse(error_body("You do not have permission to do this.", "permission_denied"), status=403)


def json_csrf_failure(request, reason: str = "") -> JsonResponse:
    return JsonResponse(
        error_body(f"CSRF check failed: {reason}. Send the csrftoken cookie value in the X-CSRFToken header.", "csrf_failed"),
        status=403,
    )
