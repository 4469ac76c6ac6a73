"""Every change to channel accounts, and the rule for the generic `api` channel."""

from __future__ import annotations

from datetime import timedelta

from django.db import IntegrityError, transaction

from channel_accounts.models import ChannelAccount
from core.errors import ApplicationError, ConflictError
from integrations.events import ChannelKind

EDITABLE_FIELDS = {"name", "external_id", "reopen_window", "email_subject_threading", "is_active"}
MAX_REOPEN_WINDOW = timedelta(days=3650)


def _check_reopen_window(reopen_window: timedelta) -> None:
    if reopen_window < timedelta(0) or reopen_window > MAX_REOPEN_WINDOW:
        raise ApplicationError(
            "The reopen window must be between 0 and 3650 days.", extra={"fields": {"reopen_window": ["Out of range."]}}
        )


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
) -> ChannelAccount:
    """Connect a channel account. One account per (kind, external id) in a workspace."""
    if kind not in {member.value for member in ChannelKind}:
        raise ApplicationError(f"Unknown channel kind '{kind}'.", extra={"fields": {"kind": ["Unknown."]}})
    channel_account = ChannelAccount(
        workspace_id=getattr(workspace, "pk", workspace),
        kind=kind,
        name=name,
        external_id=external_id,
        email_subject_threading=email_subject_threading,
    )
    if reopen_window is not None:
        _check_reopen_window(reopen_window)
        channel_account.reopen_window = reopen_window
    return _save(channel_account)


def channel_account_update(*, channel_account: ChannelAccount, **changes) -> ChannelAccount:
    """Rename, re-point or retune an account. Its kind never changes: identities and cases
    hang from it (connect another account instead)."""
    unknown = set(changes) - EDITABLE_FIELDS
    if unknown:
        raise ApplicationError(f"Cannot change {sorted(unknown)}.", extra={"fields": {name: ["Read-only."] for name in sorted(unknown)}})
    if "reopen_window" in changes:
        _check_reopen_window(changes["reopen_window"])
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
