"""`make run`: migrate, seed the demo workspace, print how to log in, serve."""

from __future__ import annotations

import os

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Migrate, seed the demo workspace (idempotent) and serve everything on one port."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--no-seed", action="store_true")
        parser.add_argument("--no-traffic", action="store_true", help="no simulated customer traffic in the demo")

    def handle(self, *args, host: str, port: int, no_seed: bool, no_traffic: bool = False, **options) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        if not no_seed:
            call_command("seed_demo", verbosity=0)
            call_command("seed_demo_inbox", verbosity=0)
        if (settings.EMBEDDED or os.environ.get("DIALOGO_DEMO_PLATFORMS") == "1") and not no_seed:
            # Replies in the demo leave through the real clients to local fakes of the platforms.
            # Simulated customers keep the demo inbox alive through the real signed webhook path.
            call_command("demo_platforms", traffic_to="" if no_traffic else f"http://{host}:{port}")
        database = "embedded PostgreSQL in ./var/postgres" if settings.EMBEDDED else "DATABASE_URL"
        layer = "Redis (REDIS_URL)" if settings.REDIS_URL else "in-process"
        self.stdout.write(
            self.style.SUCCESS(f"\n  Dialogo is running at http://{host}:{port}/\n")
            + f"  Log in as {settings.DEMO_ADMIN_EMAIL} / {settings.DEMO_PASSWORD}\n"
            + f"  API docs: http://{host}:{port}/api/docs/   health: http://{host}:{port}/healthz\n"
            + f"  Database: {database}; realtime: {layer}. Ctrl-C stops everything.\n"
        )
        call_command("serve", host=host, port=port)
