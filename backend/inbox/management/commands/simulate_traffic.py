"""Play realistic customer traffic into a workspace through the real signed webhook path.

    manage.py simulate_traffic                                  # the demo workspace, 2 req/s, until Ctrl-C
    manage.py simulate_traffic --messages 20 --rate 5/s         # twenty requests and stop
    manage.py simulate_traffic --workspace acme --base-url https://dialogo.example.com --duration 60
    manage.py simulate_traffic --export accounts.json           # the accounts file for `python -m integrations.simulator`

The workspace's active channel accounts of the webhook kinds (messenger, instagram, whatsapp,
telegram, x, email) with their decrypted credentials are handed to `integrations.simulator`,
which signs every request the way the platform does and POSTs it to `--base-url` — so the
server must be running and must hold the same credentials (and the same CREDENTIALS_KEYS).
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from accounts.models import Workspace
from channel_accounts.crypto import CredentialsUnreadable
from channel_accounts.models import ChannelAccount
from integrations.simulator import BackgroundSimulator, Simulator, parse_rate
from integrations.simulator.payloads import KINDS


def simulator_accounts(workspace: Workspace, kinds: list[str] | None = None) -> list[dict]:
    """The workspace's accounts as the simulator's JSON: {kind, id, external_id, credentials}."""
    accounts = []
    for account in ChannelAccount.objects.for_workspace(workspace).filter(kind__in=kinds or KINDS, is_active=True).order_by("pk"):
        try:
            credentials = account.credentials
        except CredentialsUnreadable as exc:
            raise CommandError(f"{account.kind} account {account.pk}: {exc} (is CREDENTIALS_KEYS the server's?)") from exc
        if not credentials or not account.external_id:
            continue  # not set up: the server would refuse every request
        accounts.append({"kind": account.kind, "id": account.pk, "external_id": account.external_id, "credentials": credentials})
    return accounts


def start_background_simulator(
    *, base_url: str, workspace_slug: str = "demo", rate: str | float = "1/4s", **options
) -> BackgroundSimulator | None:
    """Keep a workspace's inbox alive in a background thread (`make run`: a customer message every
    few seconds through the signed webhooks of the server at `base_url`). None when the workspace
    has no account to simulate. Stop it with `.stop()`."""
    workspace = Workspace.objects.filter(slug=workspace_slug).first()
    accounts = simulator_accounts(workspace) if workspace else []
    if not accounts:
        return None
    return Simulator(base_url, accounts, rate=rate, concurrency=options.pop("concurrency", 2), **options).start_in_thread()


class Command(BaseCommand):
    help = "Send simulated customer messages, receipts and echoes through the signed webhooks of a running server."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--workspace", default="demo", help="workspace slug (default: demo)")
        parser.add_argument(
            "--base-url", default="http://127.0.0.1:8000", help="the running server (default http://127.0.0.1:8000)"
        )
        parser.add_argument("--rate", default="2/s", help="requests per second: 2/s, 1/5s, 30/m or max (default 2/s)")
        parser.add_argument("--duration", type=float, default=None, help="seconds to run (default: until Ctrl-C or --messages)")
        parser.add_argument("--messages", type=int, default=None, help="webhook requests to send, then stop")
        parser.add_argument("--concurrency", type=int, default=8)
        parser.add_argument("--duplicates", type=float, default=0.05, help="share of redelivered requests (default 0.05)")
        parser.add_argument(
            "--pace", type=float, default=1.0, help="scale of the gaps between a customer's messages (0: back to back)"
        )
        parser.add_argument("--seed", type=int, default=None)
        parser.add_argument("--kind", action="append", dest="kinds", choices=KINDS, help="only these kinds (repeatable)")
        parser.add_argument("--export", metavar="FILE", help="write the accounts file (secrets included!) and exit")

    def handle(
        self,
        *args,
        workspace: str,
        base_url: str,
        rate: str,
        duration,
        messages,
        concurrency,
        duplicates,
        pace,
        seed,
        kinds,
        export,
        **options,
    ):
        target = Workspace.objects.filter(slug=workspace).first()
        if target is None:
            raise CommandError(f"No workspace '{workspace}'.")
        accounts = simulator_accounts(target, kinds)
        if not accounts:
            raise CommandError(f"Workspace '{workspace}' has no active {', '.join(kinds or KINDS)} account with credentials.")
        if export:
            path = Path(export)
            path.write_text(json.dumps(accounts, indent=2))
            path.chmod(0o600)
            self.stdout.write(f"wrote {len(accounts)} accounts to {path} (it holds their secrets)")
            return
        try:
            parsed_rate = parse_rate(rate)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        simulator = Simulator(
            base_url, accounts, rate=parsed_rate, concurrency=concurrency, seed=seed, duplicates=duplicates, pace=pace
        )
        self.stderr.write(
            f"simulating {', '.join(sorted({a['kind'] for a in accounts}))} customers of '{workspace}' against {base_url} at "
            f"{'max rate' if parsed_rate is None else f'{parsed_rate:g} req/s'} — Ctrl-C stops"
        )
        try:
            summary = asyncio.run(simulator.run(duration=duration, messages=messages))
        except KeyboardInterrupt:
            self.stderr.write("stopped")
            return
        self.stdout.write(summary.report())
        if summary.sent and summary.ok < summary.sent:
            raise CommandError(f"{summary.sent - summary.ok} of {summary.sent} requests were not accepted")
