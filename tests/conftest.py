"""Shared fixtures. Every test runs against a real PostgreSQL (DATABASE_URL, or the
embedded server under ./var/), never SQLite."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from rest_framework.test import APIClient

from accounts.models import Membership, Role, Workspace
from accounts.services import api_token_create, member_add, user_create, workspace_create

PASSWORD = "correct-horse-battery-staple"


@dataclass
class Tenant:
    workspace: Workspace
    admin: Membership
    agent: Membership


def make_tenant(slug: str) -> Tenant:
    owner = user_create(email=f"admin@{slug}.test", password=PASSWORD, name=f"{slug} admin")
    workspace = workspace_create(name=slug.title(), slug=slug, owner=owner)
    agent = member_add(workspace=workspace, email=f"agent@{slug}.test", name=f"{slug} agent", role=Role.AGENT, password=PASSWORD)
    return Tenant(workspace=workspace, admin=Membership.objects.get(workspace=workspace, user=owner), agent=agent)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """pytest-django's test database, left by every other session before it is dropped:
    connections that other threads took (concurrent-ingest tests, Channels' sync thread) stay
    open in psycopg's pool or in those threads, and DROP DATABASE then fails with "being
    accessed by other users". Those sessions are ended, then this thread's connections and
    their pools closed."""
    yield
    from django.db import connection, connections

    with django_db_blocker.unblock():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        for each in connections.all(initialized_only=True):
            each.close()
            each.close_pool()


@pytest.fixture(autouse=True)
def fresh_rate_limits(monkeypatch):
    """Rate-limit counters live in the cache (this process's memory in tests): each test starts
    with none, so one test's requests never count against another's; nor does it see tagging
    rules held in memory by an earlier test. The limits' clock stands still at the start of a
    window: a test that fills a limit must not see its window end halfway (fixed windows)."""
    from django.core.cache import cache

    from core import rate_limits
    from customers import tagging

    monkeypatch.setattr(rate_limits, "clock", lambda: 1_899_999_961.0)  # one second into a minute
    cache.clear()
    tagging.local_rules_forget()
    yield


@pytest.fixture
def tenant_a(db) -> Tenant:
    return make_tenant("acme")


@pytest.fixture
def tenant_b(db) -> Tenant:
    return make_tenant("globex")


def client_for(membership: Membership) -> APIClient:
    """An API client logged in (session) as `membership`'s user."""
    client = APIClient()
    client.force_login(membership.user)
    return client


def token_client_for(membership: Membership) -> APIClient:
    _, raw_token = api_token_create(membership=membership, name="test")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw_token}")
    return client


@pytest.fixture
def admin_client(tenant_a) -> APIClient:
    return client_for(tenant_a.admin)


@pytest.fixture
def agent_client(tenant_a) -> APIClient:
    return client_for(tenant_a.agent)


# --- A real server process ------------------------------------------------------------------
import os  # noqa: E402
import signal  # noqa: E402
import socket  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402
from urllib.parse import quote  # noqa: E402

import httpx  # noqa: E402

PROJECT_DIR = Path(__file__).resolve().parent.parent
MANAGE_PY = PROJECT_DIR / "backend" / "manage.py"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def current_database_url() -> str:
    """A URL for the database this test session uses (the test database)."""
    from django.db import connection

    params = connection.settings_dict
    user = quote(params.get("USER") or "postgres")
    password = quote(params.get("PASSWORD") or "")
    host = params.get("HOST") or params.get("OPTIONS", {}).get("host") or ""
    if host.startswith("/"):
        return f"postgresql://{user}:{password}@/{params['NAME']}?host={host}"
    return f"postgresql://{user}:{password}@{host}:{params.get('PORT') or 5432}/{params['NAME']}"


def server_env(**overrides: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "DEBUG", "SECRET_KEY"}}
    env.update(overrides)
    return env


class ServerProcess:
    """`manage.py <command>` in a child process, with its output kept for failures."""

    def __init__(self, *args: str, env: dict[str, str], log_path: Path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        self._log = open(log_path, "w")
        self.process = subprocess.Popen(
            [sys.executable, str(MANAGE_PY), *args, "--port", str(self.port)],
            env=env, stdout=self._log, stderr=subprocess.STDOUT, cwd=PROJECT_DIR,
        )

    def log(self) -> str:
        return self.log_path.read_text()

    def wait_healthy(self, timeout: float = 90, need_worker: bool = True) -> dict:
        deadline = time.monotonic() + timeout
        last = None
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"server exited with {self.process.returncode}:\n{self.log()}")
            try:
                response = httpx.get(f"{self.url}/healthz", timeout=2)
                last = response.json()
                if response.status_code == 200 and (not need_worker or last.get("workers", 0) >= 1):
                    return last
            except httpx.HTTPError:
                pass
            time.sleep(0.3)
        raise AssertionError(f"server not healthy after {timeout}s (last: {last}):\n{self.log()}")

    def interrupt(self, timeout: float = 30) -> int:
        """Ctrl-C, as a person would; returns the exit code."""
        self.process.send_signal(signal.SIGINT)
        try:
            return self.process.wait(timeout)
        finally:
            self._log.close()

    def kill(self) -> None:
        """Stop it gracefully if it still runs (its worker deregisters), by force if stuck."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        self._log.close()


def credentials_key_of_this_process() -> str:
    from django.conf import settings

    from channel_accounts.crypto import derived_key

    return ",".join(settings.CREDENTIALS_KEYS) or derived_key(settings.SECRET_KEY).decode()


@pytest.fixture
def dialogo_server(transactional_db, tmp_path):
    """The real server (HTTP + websockets + worker) on a free port, on the test database."""
    server = ServerProcess(
        "serve",
        env=server_env(
            DATABASE_URL=current_database_url(),
            SECRET_KEY="tests-only-secret-key",
            DEBUG="0",
            # The server must open the channel credentials this test process encrypted.
            CREDENTIALS_KEYS=credentials_key_of_this_process(),
        ),
        log_path=tmp_path / "server.log",
    )
    try:
        server.wait_healthy()
        yield server
    finally:
        server.kill()


# --- Redis, where the Redis path is under test ---------------------------------------------


def reachable_redis_url() -> str | None:
    from urllib.parse import urlparse

    url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
    parsed = urlparse(url)
    try:
        socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or 6379), timeout=1).close()
        return url
    except OSError:
        return None


@pytest.fixture
def redis_channel_layer(settings) -> str:
    """Switch Channels to the Redis pub/sub layer used when REDIS_URL is set. Skipped where
    no Redis runs, except in CI, which must test this path."""
    url = reachable_redis_url()
    if url is None:
        if os.environ.get("CI"):
            pytest.fail("CI must test the Redis path: no Redis at REDIS_URL or 127.0.0.1:6379")
        pytest.skip("no Redis server reachable (set REDIS_URL)")
    settings.CHANNEL_LAYERS = {
        "default": {"BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer", "CONFIG": {"hosts": [url], "prefix": "dialogo-test"}}
    }
    return url
