"""Every change to channel accounts, and the rule for the generic `api` channel."""

from __future__ import annotations

import secrets
from contextlib import nullcontext
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import Team
from channel_accounts.models import ChannelAccount, InboundEvent, InboundEventStatus, WebhookNonce
from channel_accounts.selectors import platform_api_base_url
from channel_accounts.webhooks import DUPLICATE_NONCE, MAILGUN_SIGNING_KEY, WebhookAccount
from core.errors import ApplicationError, ConflictError
from integrations.email import esp
from integrations.email.verify import MAILGUN_TOKEN_KEEP
from integrations.errors import IntegrationError
from integrations.events import ChannelKind
from integrations.outbound import CREDENTIAL_FIELDS
from integrations.telegram.client import TelegramClient
from integrations.x import credentials as x_credentials

EDITABLE_FIELDS = {
    "name",
    "external_id",
    "reopen_window",
    "email_subject_threading",
    "is_active",
    "credentials",
    "default_team_id",
}
# Secrets we generate when the admin does not bring their own: what they paste into the platform.
GENERATED_CREDENTIALS = {
    ChannelKind.MESSENGER: ("verify_token",),
    ChannelKind.INSTAGRAM: ("verify_token",),
    ChannelKind.WHATSAPP: ("verify_token",),
    ChannelKind.TELEGRAM: ("secret_token",),
    ChannelKind.EMAIL: ("inbound_secret",),
    ChannelKind.WEBCHAT: ("identity_secret",),
}


def _credentials_merge(kind: str, current: dict[str, str], changes: dict[str, str] | None) -> dict[str, str]:
    """Known fields only; an empty value removes a field; missing generated secrets are made."""
    allowed = set(CREDENTIAL_FIELDS.get(ChannelKind(kind), ())) | {"api_base_url"}
    unknown = set(changes or {}) - allowed
    if unknown:
        raise ApplicationError(
            f"Unknown credentials for a {kind} account: {sorted(unknown)}. Known: {sorted(allowed)}.",
            extra={"fields": {"credentials": [f"Unknown: {', '.join(sorted(unknown))}."]}},
        )
    merged = {**current, **{key: str(value) for key, value in (changes or {}).items()}}
    for name in GENERATED_CREDENTIALS.get(ChannelKind(kind), ()):
        if not merged.get(name):
            merged[name] = secrets.token_urlsafe(24)
    merged = {key: value for key, value in merged.items() if value != ""}
    if kind == ChannelKind.X:
        _check_x_credentials(current, merged, changes or {})
    if kind == ChannelKind.EMAIL:
        _check_email_credentials(merged)
    return merged


_X_SCHEME_NAMES = {x_credentials.OAUTH1: "OAuth 1.0a", x_credentials.OAUTH2: "OAuth 2.0"}


def _check_x_credentials(current: dict[str, str], merged: dict[str, str], changes: dict[str, str]) -> None:
    """X sends with one of two credential sets (integrations.x.credentials): an OAuth 2.0
    `access_token` alone, or all four OAuth 1.0a keys. A partial OAuth 1.0a set is refused, and
    so is a switch of set that keeps the other set's access token (the two kinds of token are not
    interchangeable). `consumer_secret` serves both sets and the webhook: it is never asked twice."""
    scheme, missing = x_credentials.credential_set(merged)
    if missing:
        raise ApplicationError(
            f"X OAuth 1.0a needs all four of {', '.join(x_credentials.OAUTH1_CREDENTIALS)}; missing: {', '.join(missing)}. "
            "For OAuth 2.0 give access_token alone and clear consumer_key and access_token_secret.",
            code="x_credentials_incomplete",
            extra={
                "auth": scheme,
                "missing": list(missing),
                "fields": {f"credentials.{name}": ["Required with OAuth 1.0a."] for name in missing},
            },
        )
    before, _ = x_credentials.credential_set(current)
    if before and scheme and before != scheme and "access_token" not in changes:
        raise ApplicationError(
            f"Switching X from {_X_SCHEME_NAMES[before]} to {_X_SCHEME_NAMES[scheme]} needs that set's own access_token.",
            code="x_credentials_incomplete",
            extra={
                "auth": scheme,
                "missing": ["access_token"],
                "fields": {"credentials.access_token": [f"Give the {_X_SCHEME_NAMES[scheme]} access token."]},
            },
        )


def _check_email_credentials(merged: dict[str, str]) -> None:
    """The inbound format is one the email webhook reads (integrations.email.esp), and Mailgun's
    comes with its signing key: without it every delivery would be refused."""
    value = merged.get(esp.FORMAT_CREDENTIAL, esp.InboundFormat.RAW)
    known = [member.value for member in esp.InboundFormat]
    if value not in known:
        raise ApplicationError(
            f"Unknown inbound_format '{value}' for an email account. Known: {', '.join(known)}.",
            extra={"fields": {"credentials.inbound_format": [f"One of: {', '.join(known)}."]}},
        )
    if value == esp.InboundFormat.MAILGUN and not merged.get(MAILGUN_SIGNING_KEY):
        raise ApplicationError(
            "Mailgun deliveries are checked with your Mailgun HTTP webhook signing key: give mailgun_signing_key "
            "(Mailgun: Sending > Webhooks, or Settings > API security).",
            code="mailgun_signing_key_missing",
            extra={"fields": {f"credentials.{MAILGUN_SIGNING_KEY}": ["Required to receive from Mailgun."]}},
        )


MAX_REOPEN_WINDOW = timedelta(days=3650)


def _check_reopen_window(reopen_window: timedelta) -> None:
    if reopen_window < timedelta(0) or reopen_window > MAX_REOPEN_WINDOW:
        raise ApplicationError(
            "The reopen window must be between 0 and 3650 days.", extra={"fields": {"reopen_window": ["Out of range."]}}
        )


def _check_default_team(workspace_id: int, team_id: int | None) -> None:
    """A routing team must be one of the account's own workspace."""
    if team_id is not None and not Team.objects.filter(pk=team_id, workspace_id=workspace_id).exists():
        raise ApplicationError(f"No team {team_id} in this workspace.", extra={"fields": {"default_team_id": ["Unknown team."]}})


def _save(channel_account: ChannelAccount, **save_kwargs) -> ChannelAccount:
    try:
        with transaction.atomic():
            channel_account.save(**save_kwargs)
    except IntegrityError:
        raise ConflictError(
            f"This workspace already has a {channel_account.kind} account with external id '{channel_account.external_id}'.",
            code="channel_account_exists",
            extra={"fields": {"external_id": ["Already connected."]}},
        )
    return channel_account


def channel_account_create(
    *,
    workspace,
    kind: str,
    name: str,
    external_id: str = "",
    reopen_window: timedelta | None = None,
    email_subject_threading: bool = True,
    credentials: dict[str, str] | None = None,
    default_team_id: int | None = None,
) -> ChannelAccount:
    """Connect a channel account. One account per (kind, external id) in a workspace.
    Credentials are encrypted at rest; the verify token / secret token the platform must
    echo is generated when not given. New cases go to `default_team_id` (a team of the
    same workspace) when given."""
    if kind not in {member.value for member in ChannelKind}:
        raise ApplicationError(f"Unknown channel kind '{kind}'.", extra={"fields": {"kind": ["Unknown."]}})
    workspace_id = getattr(workspace, "pk", workspace)
    _check_default_team(workspace_id, default_team_id)
    channel_account = ChannelAccount(
        workspace_id=workspace_id,
        kind=kind,
        name=name,
        external_id=external_id,
        email_subject_threading=email_subject_threading,
        default_team_id=default_team_id,
    )
    channel_account.credentials = _credentials_merge(kind, {}, credentials)
    if reopen_window is not None:
        _check_reopen_window(reopen_window)
        channel_account.reopen_window = reopen_window
    return _save(channel_account)


def channel_account_update(*, channel_account: ChannelAccount, **changes) -> ChannelAccount:
    """Rename, re-point or retune an account. Its kind never changes: identities and cases
    hang from it (connect another account instead)."""
    unknown = set(changes) - EDITABLE_FIELDS
    if unknown:
        raise ApplicationError(
            f"Cannot change {sorted(unknown)}.", extra={"fields": {name: ["Read-only."] for name in sorted(unknown)}}
        )
    if "reopen_window" in changes:
        _check_reopen_window(changes["reopen_window"])
    if "default_team_id" in changes:
        _check_default_team(channel_account.workspace_id, changes["default_team_id"])
    if "credentials" in changes:
        channel_account.credentials = _credentials_merge(
            channel_account.kind, channel_account.credentials, changes.pop("credentials")
        )
        changes["credentials_ciphertext"] = channel_account.credentials_ciphertext
    for name, value in changes.items():
        setattr(channel_account, name, value)
    return _save(channel_account, update_fields=[*changes, "updated_at"])


def channel_account_deactivate(*, channel_account: ChannelAccount) -> ChannelAccount:
    """Stop taking messages on the account. Its cases and history stay; deactivating twice
    is harmless."""
    if channel_account.is_active:
        channel_account.is_active = False
        channel_account.save(update_fields=["is_active", "updated_at"])
    return channel_account


def api_channel_ensure_accepts(*, channel_account: ChannelAccount) -> None:
    """Raise unless messages may be posted to `channel_account` through the REST API: only
    accounts of kind `api` (every other kind has its platform's signed webhook), and only
    while active."""
    if channel_account.kind != ChannelKind.API:
        raise ApplicationError(
            f"Messages can be posted only to channel accounts of kind 'api'; this one is '{channel_account.kind}'.",
            code="wrong_channel_kind",
        )
    if not channel_account.is_active:
        raise ConflictError("This channel account is deactivated.", code="channel_account_inactive")


# --- The inbound event log ------------------------------------------------------------------


def inbound_event_store(
    *,
    account: WebhookAccount,
    status: str,
    headers: dict[str, str],
    query_string: str,
    body: bytes,
    error: str = "",
    nonce: str = "",
) -> InboundEvent:
    """Keep one webhook request as received. A `pending` row enqueues its processing by trigger,
    in this same transaction (migration 0003). The ASGI fast path writes the same row with the
    same columns in raw SQL (channel_accounts.webhook_gateway.INSERT_EVENT).

    With a `nonce` (a one-time proof, Mailgun's token) the row is `pending` only for the first
    request of the account that carried it; a later one — a replay, or a duplicate delivery — is
    kept as `ignored` and never processed. The nonce is recorded in the row's transaction, so a
    request that could not be stored leaves nothing behind to refuse its retry."""
    with transaction.atomic() if nonce else nullcontext():
        if nonce and status == InboundEventStatus.PENDING and not _nonce_first_use(account=account, nonce=nonce):
            status, error = InboundEventStatus.IGNORED, DUPLICATE_NONCE
        return InboundEvent.objects.create(
            workspace_id=account.workspace_id,
            channel_account_id=account.id,
            kind=account.kind,
            status=status,
            received_at=timezone.now(),
            headers=headers,
            query_string=query_string,
            body=body,
            error=error,
            next_attempt_at=timezone.now() if status == InboundEventStatus.PENDING else None,
        )


def _nonce_first_use(*, account: WebhookAccount, nonce: str) -> bool:
    """Record `nonce` for the account; False when it was already there. The account's expired
    nonces go first (webhook_gateway.INSERT_EVENT_ONCE does the same in one statement)."""
    now = timezone.now()
    WebhookNonce.objects.filter(channel_account_id=account.id, expires_at__lt=now).delete()
    _, created = WebhookNonce.objects.get_or_create(
        channel_account_id=account.id,
        nonce=nonce,
        defaults={"workspace_id": account.workspace_id, "expires_at": now + timedelta(seconds=MAILGUN_TOKEN_KEEP)},
    )
    return created


def inbound_event_reprocess(*, inbound_event: InboundEvent) -> InboundEvent:
    """Process a dead, failed, ignored or processed event again (after a fix, or after
    reactivating its account). Safe to repeat: processing dedupes by platform ids. Refused
    for requests that never proved they came from the platform (rejected) or cannot be read
    (malformed)."""
    if inbound_event.status in (InboundEventStatus.REJECTED, InboundEventStatus.MALFORMED):
        raise ConflictError(
            f"A {inbound_event.status} request is never processed: it did not prove it came from the platform, or cannot be read.",
            code="not_reprocessable",
        )
    with transaction.atomic():
        updated = (
            InboundEvent.objects.filter(pk=inbound_event.pk)
            .exclude(status=InboundEventStatus.PENDING)
            .update(status=InboundEventStatus.PENDING, attempts=0, next_attempt_at=timezone.now(), error="")
        )
    inbound_event.refresh_from_db()
    if not updated:
        raise ConflictError("This event is already waiting to be processed.", code="already_pending")
    return inbound_event


def telegram_webhook_register(*, channel_account: ChannelAccount) -> str:
    """Point the bot's updates at our webhook URL with its secret token (Telegram has no
    handshake: setWebhook is how a bot is connected). Returns the URL registered."""
    if channel_account.kind != ChannelKind.TELEGRAM:
        raise ApplicationError("Only Telegram bots register their webhook through Dialogo.", code="wrong_channel_kind")
    credentials = channel_account.credentials
    url = f"{settings.PUBLIC_BASE_URL}/webhooks/telegram/{channel_account.pk}/"
    base_url = platform_api_base_url(channel_account, credentials)
    try:
        with TelegramClient(
            credentials=credentials, account_external_id=channel_account.external_id, base_url=base_url
        ) as client:
            client.set_webhook(url=url, secret_token=credentials.get("secret_token", ""))
    except IntegrationError as exc:
        raise ApplicationError(f"Telegram refused the webhook: {exc}", code="platform_refused", status_code=502)
    return url
