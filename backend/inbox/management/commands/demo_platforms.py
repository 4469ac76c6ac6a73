"""Start local fakes of the platforms' send APIs in this process and point Dialogo at them.

For the embedded default only (`manage.py up` runs this, then `serve` in the same process):
agent replies in the demo workspace then really leave through the Messenger / Instagram /
WhatsApp / Telegram / X clients and SMTP — to fakes on 127.0.0.1 that speak the real
endpoints and bodies (integrations.fakes) — instead of failing for want of real credentials.
The fakes live in daemon threads for as long as the process runs.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.management.base import BaseCommand

from channel_accounts.models import ChannelAccount
from inbox.management.commands.seed_demo_inbox import DEMO_ACCOUNTS, demo_credentials
from integrations.events import ChannelKind
from integrations.fakes.graph import FakeGraph
from integrations.fakes.smtp import FakeSmtp
from integrations.fakes.telegram import FakeTelegram
from integrations.fakes.x import FakeX

_running: list = []  # keeps the fakes alive (and stoppable) for the life of the process


class Command(BaseCommand):
    help = "Start local fakes of Graph API, Telegram Bot API, X API and SMTP in this process, for the demo."

    def handle(self, *args, **options) -> None:
        if _running:
            return
        graph = FakeGraph(accept_unknown_recipients=True)
        graph.start()
        graph.add_page(
            DEMO_ACCOUNTS[ChannelKind.MESSENGER][1], access_token=demo_credentials(ChannelKind.MESSENGER)["page_access_token"]
        )
        graph.add_instagram_account(
            DEMO_ACCOUNTS[ChannelKind.INSTAGRAM][1], access_token=demo_credentials(ChannelKind.INSTAGRAM)["access_token"]
        )
        graph.add_phone_number(
            DEMO_ACCOUNTS[ChannelKind.WHATSAPP][1], access_token=demo_credentials(ChannelKind.WHATSAPP)["access_token"]
        )
        telegram = FakeTelegram(accept_unknown_chats=True)
        telegram.start()
        telegram.add_bot(demo_credentials(ChannelKind.TELEGRAM)["bot_token"])
        x = FakeX(accept_unknown_users=True)
        x.start()
        x.add_account(DEMO_ACCOUNTS[ChannelKind.X][1], access_token=demo_credentials(ChannelKind.X)["access_token"])
        logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs every connection at INFO
        smtp = FakeSmtp().start()
        _running.extend([graph, telegram, x, smtp])

        settings.PLATFORM_API_BASE_URLS = {
            **settings.PLATFORM_API_BASE_URLS,
            "messenger": graph.base_url,
            "instagram": graph.base_url,
            "whatsapp": graph.base_url,
            "telegram": telegram.base_url,
            "x": x.base_url,
        }
        mailbox = ChannelAccount.objects.filter(kind=ChannelKind.EMAIL, external_id=DEMO_ACCOUNTS[ChannelKind.EMAIL][1]).first()
        if mailbox is not None:
            from channel_accounts.services import channel_account_update

            channel_account_update(
                channel_account=mailbox,
                credentials={"smtp_host": "127.0.0.1", "smtp_port": str(smtp.port), "smtp_security": "none"},
            )
        self.stdout.write(
            f"  Platform fakes: Graph {graph.base_url}, Telegram {telegram.base_url}, X {x.base_url}, SMTP 127.0.0.1:{smtp.port}"
        )
