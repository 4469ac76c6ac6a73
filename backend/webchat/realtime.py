"""Pushing frames to a visitor's open widget tabs over the channel layer.

Every socket of one visitor (all tabs, and every browser of a verified customer) joins one
group per (widget, identity). Group names allow only [A-Za-z0-9_.-] and < 100 characters,
and identifiers are the host site's strings, so the identity is hashed into the name.
"""

from __future__ import annotations

import hashlib
import logging
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

logger = logging.getLogger(__name__)

# The consumer method that forwards a frame to the socket (`webchat.event` → webchat_event).
CONSUMER_HANDLER = "webchat.event"


def visitor_group(*, channel_account_id: int, identity_external_id: str) -> str:
    digest = hashlib.sha256(identity_external_id.encode()).hexdigest()[:40]
    return f"webchat.{channel_account_id}.{digest}"


def visitor_push(group: str, frame: dict[str, Any], *, exclude_channel: str = "") -> None:
    """Send `frame` to every socket in `group` now (but the one named `exclude_channel`: the
    tab that sent it already has its ack). Raises if the channel layer is unreachable."""
    layer = get_channel_layer()
    if layer is None:  # pragma: no cover - CHANNEL_LAYERS is always configured
        return
    async_to_sync(layer.group_send)(group, {"type": CONSUMER_HANDLER, "frame": frame, "exclude": exclude_channel})


def visitor_push_quietly(group: str, frame: dict[str, Any], *, exclude_channel: str = "") -> None:
    """The same, after a commit: the data is stored, so a failed push is logged, not raised
    (the widget fills gaps from the history when it reconnects)."""
    try:
        visitor_push(group, frame, exclude_channel=exclude_channel)
    except Exception:
        logger.exception("webchat push of %s to %s failed", frame.get("type"), group)


def agent_typing_relay(*, channel_account_id: int, recipient_external_id: str):
    """inbox.presence's typing relay for a web-chat case: `typing{is_typing, name}` to the
    visitor's tabs (their widget forgets it after a few seconds without a refresh, so a lost
    "stopped" never sticks)."""
    group = visitor_group(channel_account_id=channel_account_id, identity_external_id=recipient_external_id)

    def relay(*, is_typing: bool, name: str) -> None:
        visitor_push_quietly(group, {"type": "typing", "is_typing": is_typing, "name": name})

    return relay
