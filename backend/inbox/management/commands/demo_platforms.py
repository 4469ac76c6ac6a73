"""Start local fakes of the platforms' send APIs in this process and point Dialogo at them.

For the embedded default only (`manage.py up` runs this, then `serve` in the same process):
agent replies in the demo workspace then really leave through the Messenger / Instagram /
WhatsApp / Telegram / X clients and SMTP — to fakes on 127.0.0.1 that speak the real
endpoints and bodies (integrations.fakes) — instead of failing for want of real credentials.
The fakes live in daemon threads for as long as the process runs.
"""

from __future__ import annotations

import logging
import threading
import time

import httpx
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

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--traffic-to",
            metavar="URL",
            default="",
            help="also play simulated customer traffic (signed webhooks) to the server at URL once it answers /healthz",
        )
        parser.add_argument("--traffic-rate", default="1/4s", help="simulated webhook requests per second (default 1/4s)")

    def handle(self, *args, traffic_to: str = "", traffic_rate: str = "1/4s", **options) -> None:
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
        if traffic_to:
            threading.Thread(
                target=_traffic_when_up,
                args=(traffic_to, traffic_rate, [graph, telegram, x]),
                name="dialogo-demo-traffic",
                daemon=True,
            ).start()
        self.stdout.write(
            f"  Platform fakes: Graph {graph.base_url}, Telegram {telegram.base_url}, X {x.base_url}, SMTP 127.0.0.1:{smtp.port}"
        )


def _traffic_when_up(base_url: str, rate: str, fakes: list) -> None:
    """Wait for the server to answer, then keep the demo inbox alive: simulated customers write
    through the signed webhooks, and every reply the fakes receive gets its delivery and read
    receipts back, as the platforms would send them."""
    from inbox.management.commands.simulate_traffic import start_background_simulator

    for _ in range(600):
        try:
            if httpx.get(f"{base_url}/healthz", timeout=2).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    else:
        return
    simulator = start_background_simulator(base_url=base_url, rate=rate)
    if simulator is None:
        return
    _running.append(simulator)
    for fake in fakes:
        fake.on_sent = simulator.simulator.outbound_sent
