"""Serve HTTP, websockets and (by default) the job worker in one process.

The embedded default runs everything here; in production the worker runs apart
(`manage.py procrastinate worker`) and this command is started with --no-worker.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import socket
import warnings

import uvicorn
from django.conf import settings
from django.core.management.base import BaseCommand

from config.security import refuse_insecure_settings

logger = logging.getLogger(__name__)


class _Server(uvicorn.Server):
    """uvicorn re-raises the captured signal after shutdown; a re-raised SIGTERM would kill
    the process before the worker and the embedded database stop. We stop them ourselves."""

    @contextlib.contextmanager
    def capture_signals(self):
        handled = (signal.SIGINT, signal.SIGTERM)
        previous = {sig: signal.signal(sig, self.handle_exit) for sig in handled}
        try:
            yield
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)


async def run_worker_forever() -> None:
    from procrastinate.contrib.django import app

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        # A separate App with its own async pool; tasks keep deferring through the Django
        # connector, so a job deferred inside a task joins that task's transaction.
        worker_app = app.with_connector(app.connector.get_worker_connector())
    async with worker_app.open_async():
        await worker_app.run_worker_async(install_signal_handlers=False)


class Command(BaseCommand):
    help = "Serve the API, websockets, the built frontend and the job worker in one process."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--no-worker", action="store_true", help="do not run the job worker in this process")
        parser.add_argument("--access-log", action="store_true")
        parser.add_argument(
            "--reuse-port",
            action="store_true",
            help="bind with SO_REUSEPORT, so several `serve` processes share one port and the kernel spreads "
            "connections (webhooks, websockets) over them — one core each; needs REDIS_URL so every push "
            "reaches every process's sockets",
        )

    def handle(self, *args, host: str, port: int, no_worker: bool, access_log: bool, reuse_port: bool = False, **options) -> None:
        refuse_insecure_settings()
        if "PUBLIC_BASE_URL" not in os.environ:
            # Webhook URLs shown in channel setup name the address this server really answers on.
            settings.PUBLIC_BASE_URL = f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else host}:{port}"
        # uvloop when installed (uvicorn[standard] brings it): what `uvicorn.run` would pick, and
        # about twice the requests per core of the default asyncio loop on the webhook path.
        with asyncio.Runner(loop_factory=_event_loop_factory()) as runner:
            runner.run(self._serve(host=host, port=port, with_worker=not no_worker, access_log=access_log, reuse_port=reuse_port))

    async def _serve(self, *, host: str, port: int, with_worker: bool, access_log: bool, reuse_port: bool = False) -> None:
        config = uvicorn.Config(
            "config.asgi:application",
            host=host,
            port=port,
            lifespan="off",
            ws="websockets-sansio",
            # No permessage-deflate: each frame would be compressed once per socket (a zlib
            # context each), the bulk of a fan-out's CPU; our frames are a few hundred bytes of
            # JSON. bench/webhooks.py: first-to-last socket of a 70-socket fan-out 23 → 15 ms.
            ws_per_message_deflate=False,
            access_log=access_log,
            log_level="info",
            proxy_headers=True,
        )
        server = _Server(config)
        worker = asyncio.create_task(run_worker_forever()) if with_worker else None
        try:
            await server.serve(sockets=[_shared_socket(host, port)] if reuse_port else None)
        finally:
            if worker is not None:
                worker.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await worker
            self.stdout.write("Dialogo stopped.")


def _shared_socket(host: str, port: int) -> socket.socket:
    """A listening socket other processes may bind too (SO_REUSEPORT): the kernel hands each
    new connection to one of them."""
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    sock.listen(2048)
    return sock


def _event_loop_factory():
    try:
        import uvloop
    except ImportError:  # pragma: no cover - uvicorn[standard] installs it
        return None
    return uvloop.new_event_loop
