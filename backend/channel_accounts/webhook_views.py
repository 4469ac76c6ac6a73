"""The platforms' webhooks as a plain Django view: for WSGI deployments and the test client.

Under ASGI (`manage.py serve`, the default) the same URLs are answered before Django by
channel_accounts.webhook_gateway, which makes the same decision (channel_accounts.webhooks)
and writes the same row, on an async connection pool: several times the requests per second.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt

from channel_accounts.selectors import webhook_account_get
from channel_accounts.services import inbound_event_store
from channel_accounts.webhooks import headers_to_store, log_refusal, log_replay, webhook_answer


def _headers(request: HttpRequest) -> dict[str, str]:
    return {name.lower(): value for name, value in request.headers.items()}


@csrf_exempt
def platform_webhook(request: HttpRequest, kind: str, pk: str) -> HttpResponse:
    pk = int(pk)
    body = request.body  # the exact bytes, read before anything parses them
    headers = _headers(request)
    account = webhook_account_get(kind=kind, pk=pk)
    answer = webhook_answer(kind=kind, account=account, method=request.method, query=request.GET, headers=headers, body=body)
    event_id = None
    if answer.store_status is not None:
        event = inbound_event_store(
            account=account,
            status=answer.store_status,
            headers=headers_to_store(headers),
            query_string=request.META.get("QUERY_STRING", ""),
            body=body,
            error=answer.error,
            nonce=answer.nonce,
        )
        event_id = event.pk
        if event.status != answer.store_status:
            log_replay(kind, pk, event_id=event_id)
    log_refusal(kind, pk, answer, body, event_id=event_id)
    return HttpResponse(answer.body, status=answer.status_code, content_type=answer.content_type)
