"""GET /healthz: is the database up, is a job worker alive."""

from __future__ import annotations

from django.db import connection
from django.http import JsonResponse

from core.errors import error_body


def healthz(request) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.execute(
                # procrastinate's workers write a heartbeat every 10 s.
                "SELECT count(*) FROM procrastinate_workers WHERE last_heartbeat > now() - interval '30 seconds'"
            )
            (workers_alive,) = cursor.fetchone()
    except Exception as error:
        body = error_body(f"Database unavailable: {error.__class__.__name__}", "database_down")
        body.update(status="error", database="down")
        return JsonResponse(body, status=503)
    return JsonResponse({"status": "ok", "database": "up", "workers": workers_alive})
