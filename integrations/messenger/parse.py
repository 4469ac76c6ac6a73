"""Messenger webhook bytes → normalized events.

Timestamps: `messaging[].timestamp`, `entry.time` and `watermark` are integer milliseconds; the
wrapped `{field, value}` postback shape uses string seconds — both handled (by magnitude).
Unknown event kinds: `Ignored` by default (the batch's other events survive), `UnknownEvent` with
`unknown="raise"`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from integrations._payload import check_unknown, load_json, unknown_event
from integrations.events import ChannelKind, Event, Ignored
from integrations.meta.messaging import WRAPPED_MESSAGING_FIELDS, parse_envelope, parse_messaging_item

CHANNEL = ChannelKind.MESSENGER
IGNORED_FIELDS = ("messaging_optins", "messaging_referrals", "messaging_handovers", "messaging_policy_enforcement", "messaging_account_linking")


def parse(raw: bytes, *, unknown: str = "ignore") -> list[Event]:
    """Every event of one signed POST body (all entries, all messaging/standby/changes items)."""
    check_unknown(unknown)
    data = load_json(raw)

    def on_change(field: str, value: dict[str, Any], where: str, account: str, entry_time: datetime | None) -> list[Event]:
        if field in WRAPPED_MESSAGING_FIELDS:
            return parse_messaging_item(value, where, channel=CHANNEL, account=account, unknown=unknown, entry_time=entry_time)
        if field in IGNORED_FIELDS:
            return [Ignored(channel_kind=CHANNEL, event_type=field, where=where, reason="outside the inbox's scope", account_external_id=account)]
        error = unknown_event(unknown, field, where)
        return [Ignored(channel_kind=CHANNEL, event_type=field, where=where, reason=str(error), account_external_id=account)]

    return parse_envelope(data, expected_object="page", channel=CHANNEL, unknown=unknown, on_change=on_change)
