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
