"""Seed the demo workspace's channel accounts and a few conversations. Idempotent: every
demo message has a fixed platform id, so running it again ingests nothing twice."""

from __future__ import annotations

import os
from datetime import timedelta

from django.core.management.base import BaseCommand
from django.utils import timezone

from accounts.management.commands.seed_demo import DEMO_AGENT_CAPACITY, DEMO_ROUTING
from accounts.models import Membership, Team, Workspace
from channel_accounts.models import ChannelAccount
from channel_accounts.services import channel_account_create, channel_account_update
from inbox import services
from inbox.ingest import message_ingest
from inbox.models import AssignmentMode, AssignmentPolicy, CannedResponse, Case
from integrations.events import ChannelKind, InboundMessage, MessageKind, Sender, ThreadHints
from sla import services as sla_services
from sla.models import BusinessCalendar, SlaPolicy

DEMO_ACCOUNTS = {
    ChannelKind.MESSENGER: ("Dialogo Café — Facebook", "100200300400500"),
    ChannelKind.INSTAGRAM: ("@dialogo.cafe", "17841400000000000"),
    ChannelKind.WHATSAPP: ("WhatsApp +34 600 000 000", "106540352242922"),
    ChannelKind.TELEGRAM: ("@DialogoCafeBot", "7012345678"),
    ChannelKind.X: ("@DialogoCafe", "1500000000000000000"),
    ChannelKind.EMAIL: ("hola@dialogo.cafe", "hola@dialogo.cafe"),
    ChannelKind.WEBCHAT: ("Web chat", "webchat-demo"),
    ChannelKind.API: ("API", "api-demo"),
}

# The demo accounts' webhook secrets (DESIGN: "webhook secrets taken from env with documented
# defaults"): the traffic simulator signs with these. Never use the defaults outside a demo.
DEMO_CREDENTIALS = {
    ChannelKind.MESSENGER: {
        "app_secret": "DEMO_META_APP_SECRET",
        "verify_token": "DEMO_META_VERIFY_TOKEN",
        "page_access_token": "DEMO_MESSENGER_PAGE_TOKEN",
    },
    ChannelKind.INSTAGRAM: {
        "app_secret": "DEMO_META_APP_SECRET",
        "verify_token": "DEMO_META_VERIFY_TOKEN",
        "access_token": "DEMO_INSTAGRAM_TOKEN",
    },
    ChannelKind.WHATSAPP: {
        "app_secret": "DEMO_META_APP_SECRET",
        "verify_token": "DEMO_META_VERIFY_TOKEN",
        "access_token": "DEMO_WHATSAPP_TOKEN",
    },
    ChannelKind.TELEGRAM: {"secret_token": "DEMO_TELEGRAM_SECRET_TOKEN", "bot_token": "DEMO_TELEGRAM_BOT_TOKEN"},
    ChannelKind.X: {"consumer_secret": "DEMO_X_CONSUMER_SECRET", "access_token": "DEMO_X_ACCESS_TOKEN"},
    ChannelKind.EMAIL: {"inbound_secret": "DEMO_EMAIL_INBOUND_SECRET"},
    ChannelKind.WEBCHAT: {"identity_secret": "DEMO_WEBCHAT_IDENTITY_SECRET"},
}
DEMO_CREDENTIAL_DEFAULTS = {
    "DEMO_META_APP_SECRET": "demo-meta-app-secret",
    "DEMO_META_VERIFY_TOKEN": "demo-verify-token",
    "DEMO_MESSENGER_PAGE_TOKEN": "demo-page-access-token",
    "DEMO_INSTAGRAM_TOKEN": "demo-instagram-access-token",
    "DEMO_WHATSAPP_TOKEN": "demo-whatsapp-access-token",
    "DEMO_TELEGRAM_SECRET_TOKEN": "demo-telegram-secret",
    "DEMO_TELEGRAM_BOT_TOKEN": "123456:demo-telegram-bot-token",
    "DEMO_X_CONSUMER_SECRET": "demo-x-consumer-secret",
    "DEMO_X_ACCESS_TOKEN": "demo-x-access-token",
    "DEMO_EMAIL_INBOUND_SECRET": "demo-email-inbound-secret",
    "DEMO_WEBCHAT_IDENTITY_SECRET": "demo-webchat-identity-secret",
}


def demo_credentials(kind: str) -> dict[str, str]:
    """The demo account's credentials: each value from its env var, else the documented default."""
    return {field: os.environ.get(env, DEMO_CREDENTIAL_DEFAULTS[env]) for field, env in DEMO_CREDENTIALS.get(kind, {}).items()}


# (kind, sender id, name, language, minutes ago, text, message kind, post id)
DEMO_CONVERSATIONS = [
    (
        ChannelKind.WHATSAPP,
        "34611222333",
        "Lucía Fernández",
        "es",
        95,
        "Hola, pedí un café en grano el lunes y todavía no ha llegado. ¿Me podéis ayudar?",
        MessageKind.MESSAGE,
        "",
    ),
    (ChannelKind.WHATSAPP, "34611222333", "Lucía Fernández", "es", 90, "El número de pedido es 48213.", MessageKind.MESSAGE, ""),
    (
        ChannelKind.INSTAGRAM,
        "ig-5512",
        "marta.kowalska",
        "pl",
        62,
        "Czy macie kawę bezkofeinową w ziarnach?",
        MessageKind.MESSAGE,
        "",
    ),
    (
        ChannelKind.INSTAGRAM,
        "ig-7781",
        "coffee_tom",
        "en",
        40,
        "Love the new autumn blend! Is it available in 1kg bags?",
        MessageKind.COMMENT,
        "post-autumn-blend",
    ),
    (
        ChannelKind.MESSENGER,
        "psid-9001",
        "James O'Connor",
        "en",
        33,
        "My order arrived damaged, the bag was torn. What can I do?",
        MessageKind.MESSAGE,
        "",
    ),
    (
        ChannelKind.TELEGRAM,
        "tg-2024",
        "Piotr Zieliński",
        "pl",
        21,
        "Dzień dobry, chciałbym zmienić adres dostawy zamówienia 48377.",
        MessageKind.MESSAGE,
        "",
    ),
    (ChannelKind.X, "x-3141", "Sara Gómez", "es", 12, "@DialogoCafe ¿hacéis envíos a Canarias?", MessageKind.MENTION, "tweet-88"),
    (
        ChannelKind.EMAIL,
        "anna.nowak@example.com",
        "Anna Nowak",
        "pl",
        8,
        "Dzień dobry, proszę o fakturę do zamówienia 48102.",
        MessageKind.MESSAGE,
        "",
    ),
    (ChannelKind.WEBCHAT, "visitor-77", "Visitor 77", "en", 3, "Hi! Do you have a subscription plan?", MessageKind.MESSAGE, ""),
]

DEMO_CANNED = [
    (
        "thanks",
        "Thanks for writing",
        "Hi {{customer.first_name}}, thanks for writing! I'm {{agent.first_name}} and I'll look into it right away.",
    ),
    (
        "gracias",
        "Gracias por escribir",
        "¡Hola {{customer.first_name}}! Soy {{agent.first_name}}, gracias por escribirnos. Lo reviso ahora mismo.",
    ),
    (
        "dziekujemy",
        "Dziękujemy",
        "Dzień dobry {{customer.first_name}}, dziękujemy za wiadomość! Nazywam się {{agent.first_name}} i zaraz to sprawdzę.",
    ),
    ("shipping", "Shipping times", "Orders ship within 24 hours on working days and arrive in 2–3 days in mainland Spain."),
]


class Command(BaseCommand):
    help = "Create the demo channel accounts, canned responses and a few conversations (idempotent)."

    def handle(self, *args, **options) -> None:
        workspace = Workspace.objects.get(slug="demo")
        accounts = {}
        for kind, (name, external_id) in DEMO_ACCOUNTS.items():
            account = ChannelAccount.objects.filter(workspace=workspace, kind=kind, external_id=external_id).first()
            if account is None:
                account = channel_account_create(
                    workspace=workspace, kind=kind, name=name, external_id=external_id, credentials=demo_credentials(kind)
                )
            elif not account.credentials_ciphertext:
                account = channel_account_update(channel_account=account, credentials=demo_credentials(kind))
            accounts[kind] = account
        self._route_to_teams(workspace, accounts)
        self._seed_sla(workspace)
        for shortcut, title, body in DEMO_CANNED:
            if not CannedResponse.objects.for_workspace(workspace).filter(shortcut=shortcut).exists():
                services.canned_response_create(workspace=workspace, shortcut=shortcut, title=title, body=body)

        now = timezone.now()
        created = 0
        for index, (kind, sender_id, name, language, minutes_ago, text, message_kind, post_id) in enumerate(DEMO_CONVERSATIONS):
            email = kind == ChannelKind.EMAIL
            result = message_ingest(
                channel_account=accounts[kind],
                inbound=InboundMessage(
                    channel_kind=kind,
                    external_id=f"<demo-{index}@example.com>" if email else f"demo-{index}",
                    sender=Sender(external_id=sender_id, display_name=name, language=language, email=sender_id if email else ""),
                    sent_at=now - timedelta(minutes=minutes_ago),
                    text=text,
                    kind=message_kind,
                    thread=ThreadHints(
                        post_id=post_id,
                        subject="Faktura" if email else "",
                        email_message_id=f"<demo-{index}@example.com>" if email else "",
                    ),
                ),
                received_at=now - timedelta(minutes=minutes_ago),
            )
            created += result.created
        if created:
            self._work_some_cases(workspace)
        self.stdout.write(f"demo inbox ready: {Case.objects.for_workspace(workspace).count()} cases")

    def _route_to_teams(self, workspace, accounts) -> None:
        """Each account's new cases go to a demo team, whose agents take them load-balanced up
        to the team's capacity (seed_demo.DEMO_ROUTING). Accounts already routed, and policies
        already there, are left as they are."""
        teams = {team.name: team for team in Team.objects.for_workspace(workspace)}
        for kind, account in accounts.items():
            team = teams.get(DEMO_ROUTING.get(kind, ""))
            if team is not None and account.default_team_id is None:
                account = channel_account_update(channel_account=account, default_team_id=team.pk)
                accounts[kind] = account
        for name, capacity in DEMO_AGENT_CAPACITY.items():
            if name in teams:
                AssignmentPolicy.objects.get_or_create(
                    workspace=workspace,
                    team=teams[name],
                    defaults={"mode": AssignmentMode.LOAD_BALANCED, "agent_capacity": capacity},
                )

    def _seed_sla(self, workspace) -> None:
        """Social channels promise fast answers around the clock; email and the API answer
        in office hours. Seeded before the conversations, so their clocks start."""
        if SlaPolicy.objects.for_workspace(workspace).exists():
            return
        office = BusinessCalendar.objects.for_workspace(workspace).filter(
            name="Madrid office"
        ).first() or sla_services.calendar_create(
            workspace=workspace,
            name="Madrid office",
            timezone="Europe/Madrid",
            hours=[{"weekday": day, "start": "09:00", "end": "18:00"} for day in range(5)],
            holiday_country="ES",
            holiday_subdivision="MD",
        )
        sla_services.policy_create(
            workspace=workspace,
            name="Social channels, 24/7",
            position=0,
            conditions={"channel_kinds": ["messenger", "instagram", "whatsapp", "telegram", "x", "webchat"]},
            first_response_seconds=30 * 60,
            first_response_business=False,
            next_response_seconds=60 * 60,
            next_response_business=False,
            resolution_seconds=24 * 3600,
            resolution_business=False,
        )
        sla_services.policy_create(
            workspace=workspace,
            name="Email and API, office hours",
            is_default=True,
            calendar=office,
            first_response_seconds=4 * 3600,
            next_response_seconds=8 * 3600,
            resolution_seconds=3 * 9 * 3600,
        )

    def _work_some_cases(self, workspace) -> None:
        """Make the demo look lived-in: a team, an assignee, a reply, a resolved case."""
        ana = Membership.objects.for_workspace(workspace).filter(user__email__startswith="ana@").first()
        social = Team.objects.for_workspace(workspace).filter(name="Social care").first()
        cases = list(Case.objects.for_workspace(workspace).select_related("channel_account").order_by("opened_at"))
        if not ana or not cases:
            return
        first = cases[0]
        services.case_set_team(case=first, team=social, actor=ana)
        services.case_assign(case=first, assignee=ana, actor=ana)
        services.case_reply(case=first, author=ana, text="¡Hola Lucía! Lo reviso ahora mismo con el almacén.")
        services.case_set_status(case=first, status="pending", actor=ana)
        services.case_tag(case=cases[1], add=["vip"], actor=ana)
        damaged = next((c for c in cases if c.channel_account.kind == ChannelKind.MESSENGER), None)
        if damaged:
            services.case_assign(case=damaged, assignee=ana, actor=ana)
            services.case_set_priority(case=damaged, priority=2, actor=ana)
