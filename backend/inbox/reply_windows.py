"""When a platform still lets a brand write to a customer, so the composer can say so before
the agent types, and delivery sends with the right tag.

- Messenger and Instagram: free replies for 24 h after the customer's last message; from 24 h
  to 7 days a human agent may still answer with the HUMAN_AGENT tag; after that, nothing until
  the customer writes again.
- WhatsApp: free replies for 24 h; after that only an approved template.
- Telegram, X, email and web chat have no window. Public replies under a comment or a mention
  (thread "post:<id>") have none either.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from integrations.events import ChannelKind

META_STANDARD_WINDOW = timedelta(hours=24)
META_HUMAN_AGENT_WINDOW = timedelta(days=7)
WHATSAPP_WINDOW = timedelta(hours=24)


class ReplyPolicy(StrEnum):
    UNRESTRICTED = "unrestricted"  # the channel has no window
    OPEN = "open"  # inside the free window, until closes_at
    HUMAN_AGENT = "human_agent"  # Meta: sent with the HUMAN_AGENT tag, until closes_at
    TEMPLATE_ONLY = "template_only"  # WhatsApp: only an approved template
    CLOSED = "closed"  # nothing can be sent until the customer writes again


@dataclass(frozen=True, slots=True)
class ReplyWindow:
    policy: ReplyPolicy
    closes_at: datetime | None = None  # when the current policy ends (OPEN and HUMAN_AGENT)


def reply_window(*, channel_kind: str, thread_key: str, last_customer_message_at: datetime | None, now: datetime) -> ReplyWindow:
    """The window for a reply now, from the customer's last message (our received time: the
    platforms count from their own, which is at most seconds earlier)."""
    if thread_key.startswith("post:") or channel_kind not in (ChannelKind.MESSENGER, ChannelKind.INSTAGRAM, ChannelKind.WHATSAPP):
        return ReplyWindow(ReplyPolicy.UNRESTRICTED)
    if last_customer_message_at is None:
        # Nobody wrote yet on this thread: Meta forbids starting, WhatsApp allows templates.
        return ReplyWindow(ReplyPolicy.TEMPLATE_ONLY if channel_kind == ChannelKind.WHATSAPP else ReplyPolicy.CLOSED)
    if channel_kind == ChannelKind.WHATSAPP:
        closes_at = last_customer_message_at + WHATSAPP_WINDOW
        return ReplyWindow(ReplyPolicy.OPEN, closes_at) if now < closes_at else ReplyWindow(ReplyPolicy.TEMPLATE_ONLY)
    standard_end = last_customer_message_at + META_STANDARD_WINDOW
    if now < standard_end:
        return ReplyWindow(ReplyPolicy.OPEN, standard_end)
    human_agent_end = last_customer_message_at + META_HUMAN_AGENT_WINDOW
    if now < human_agent_end:
        return ReplyWindow(ReplyPolicy.HUMAN_AGENT, human_agent_end)
    return ReplyWindow(ReplyPolicy.CLOSED)
