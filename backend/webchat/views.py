"""The widget script (/widget.js) and a demo host page (/widget/demo/)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from channel_accounts.models import ChannelAccount
from integrations.events import ChannelKind

WIDGET_SCRIPT = Path(__file__).resolve().parent / "static" / "webchat" / "widget.js"
DEMO_WORKSPACE_SLUG = "demo"


@lru_cache(maxsize=1)
def _script_cached() -> bytes:
    return WIDGET_SCRIPT.read_bytes()


def _script() -> bytes:
    return WIDGET_SCRIPT.read_bytes() if settings.DEBUG else _script_cached()


@require_GET
def widget_script(request) -> HttpResponse:
    response = HttpResponse(_script(), content_type="application/javascript; charset=utf-8")
    # Sites embed this URL as is (no hash in it): cache briefly so a deploy reaches them soon.
    response["Cache-Control"] = "public, max-age=300"
    response["Access-Control-Allow-Origin"] = "*"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _demo_widget(request) -> ChannelAccount | None:
    accounts = ChannelAccount.objects.filter(kind=ChannelKind.WEBCHAT, is_active=True)
    widget = request.GET.get("widget", "")
    if widget.isdigit():
        return accounts.filter(pk=int(widget)).first()
    return accounts.filter(workspace__slug=DEMO_WORKSPACE_SLUG).order_by("pk").first()


@require_GET
def widget_demo(request) -> HttpResponse:
    """A pretend shop page with the widget embedded the way a customer's site would embed it:
    ?widget=<id>, or the demo workspace's web-chat account."""
    widget = _demo_widget(request)
    return render(request, "webchat/demo.html", {"widget": widget}, status=200 if widget else 404)
