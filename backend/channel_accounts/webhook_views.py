"""The platforms' webhooks as a plain Django view: for WSGI deployments and the test client.

Under ASGI (`manage.py serve`, the default) the same URLs are answered before Django by
channel_accounts.webhook_gateway, which makes the same decision (channel_accounts.webhooks)
and writes the same row, on an async connection pool: several times the requests per second.
"""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt

from channel_accounts.selectors import webhook_account_get
from channel_accounts.services import inbound_event_store
from channel_accounts.webhooks import headers_to_store, log_unstored, webhook_answer

logger = logging.getLogger("dialogo.webhooks")


def _headers(request: HttpRequest) -> dict[str, str]:
    return {name.lower(): value for name, value in request.headers.items()}


@csrf_exempt
def platform_webhook(request: HttpRequest, kind: str, pk: str) -> HttpResponse:
    pk = int(pk)
    body = request.body  # the exact bytes, read before anything parses them
    headers = _headers(request)
    account = webhook_account_get(kind=kind, pk=pk)
    answer = webhook_answer(kind=kind, account=account, method=request.method, query=request.GET, headers=headers, body=body)
    if answer.store_status is None:
        if answer.status_code >= 400:
            log_unstored(kind, pk, answer, body)
    else:
        event = inbound_event_store(
            account=account,
            status=answer.store_status,
            headers=headers_to_store(headers),
            query_string=request.META.get("QUERY_STRING", ""),
            body=body,
            error=answer.error,
        )
        if answer.status_code >= 400:
            logger.warning(
                "webhook %s/%s refused with %s, kept as inbound event %s: %s",
                kind,
                pk,
                answer.status_code,
                event.pk,
                answer.error,
            )
    return HttpResponse(answer.body, status=answer.status_code, content_type=answer.content_type)
