"""Serves the built React app (frontend/dist) for every browser route."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponse


def frontend_index(request) -> HttpResponse:
    index = settings.FRONTEND_DIST_DIR / "index.html"
    if not index.exists():
        return HttpResponse(
            "<h1>Dialogo</h1><p>The frontend is not built yet. Run <code>make run</code> "
            "(or <code>make frontend</code>) and reload. The API is at <a href='/api/docs/'>/api/docs/</a>.</p>",
            status=503,
        )
    response = HttpResponse(index.read_bytes(), content_type="text/html; charset=utf-8")
    # index.html names the hashed bundles: never cache it, or a deploy serves stale JS.
    response["Cache-Control"] = "no-cache"
    return response
