"""docker-compose.yml describes the multi-machine shape; no Docker engine runs here, so
the file is checked for what the other machines rely on."""

from __future__ import annotations

import yaml

from tests.conftest import PROJECT_DIR


def load_compose() -> dict:
    return yaml.safe_load((PROJECT_DIR / "docker-compose.yml").read_text())


def test_compose_names_the_services_of_the_design():
    services = load_compose()["services"]
    assert {"postgres", "redis", "web", "worker", "worker-inbound", "frontend"} <= set(services)


def test_backend_nodes_are_switched_by_database_and_redis_urls():
    services = load_compose()["services"]
    for name in ["web", "worker", "worker-inbound", "migrate"]:
        environment = services[name]["environment"]
        assert environment["DATABASE_URL"].startswith("postgresql://") and "@postgres:" in environment["DATABASE_URL"]
        assert environment["REDIS_URL"].startswith("redis://redis:")
        assert environment["DEBUG"] == "0" and "SECRET_KEY" in environment
    assert services["worker"]["command"][-2:] == ["procrastinate", "worker"]
    # Inbound processing has workers of its own: never queued behind downloads or sweeps.
    assert services["worker-inbound"]["command"][-4:] == ["procrastinate", "worker", "--queues", "inbound"]
    assert "--no-worker" in services["web"]["command"]


def test_compose_builds_from_our_dockerfile_targets():
    services = load_compose()["services"]
    dockerfile = (PROJECT_DIR / "Dockerfile").read_text()
    for name in ["web", "frontend"]:
        assert f"AS {services[name]['build']['target']}" in dockerfile
    assert (PROJECT_DIR / "deploy" / "nginx.conf").exists()
