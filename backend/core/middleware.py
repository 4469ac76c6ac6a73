"""Keep machine-facing paths JSON even when DEBUG would show Django's HTML pages."""

from __future__ import annotations

import logging

from core.errors import json_server_error

logger = logging.getLogger("django.request")

JSON_PATH_PREFIXES = ("/api/", "/webhooks/", "/healthz")


class JsonServerErrorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if request.path.startswith(JSON_PATH_PREFIXES):
            logger.exception("Unhandled error on %s %s", request.method, request.path)
            return json_server_error(request)
        return None
