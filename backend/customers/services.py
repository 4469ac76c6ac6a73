"""Customers and identities: first contact, profile refresh, merge."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime

from django.db import connection, transaction
from django.forms.models import model_to_dict

from core.errors import ApplicationError, ConflictError
from customers.events import customer_merged
from customers.models import Customer, CustomerMerge, Identity
from integrations.events import Sender


def identity_lock(*, workspace_id: int, channel_kind: str, external_id: str) -> None:
    """Serialize everything that may create this sender's identity, customer or case, until
    the transaction ends. Two workers receiving the first two messages of a new customer at
    the same moment then produce one customer and one case; the unique constraints stay the
    last line of defence."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", [f"identity:{workspace_id}:{channel_kind}:{external_id}"]
        )


def normalize_phone(phone: str) -> str:
    """Digits with an optional leading +, so numbers compare whatever the formatting."""
    phone = (phone or "").strip()
    digits = re.sub(r"\D", "", phone)
    return f"+{digits}" if phone.startswith("+") and digits else digits


def _profile_changes(instance, fields: dict) -> list[str]:
    changed = []
    for name, value in fields.items():
        if value not in ("", None) and getattr(instance, name) != value:
            setattr(instance, name, value)
            changed.append(name)
    return changed


def identity_resolve(*, workspace_id: int, channel_kind: str, sender: Sender, seen_at: datetime) -> Identity:
    """The sender's identity with its customer, created on first contact; profile fields the
    platform sent are refreshed. Call under `identity_lock` inside a transaction."""
    identity = (
        Identity.objects.select_related("customer")
        .filter(workspace_id=workspace_id, channel_kind=channel_kind, external_id=sender.external_id)
        .first()
    )
    display_name = sender.display_name or sender.username
    if identity is None:
        customer = Customer.objects.create(
            workspace_id=workspace_id,
            display_name=display_name,
            avatar_url=sender.avatar_url,
            email=sender.email.lower(),
            phone=normalize_phone(sender.phone),
            language=sender.language,
            follower_count=sender.follower_count,
            first_seen_at=seen_at,
            last_seen_at=seen_at,
        )
        identity = Identity.objects.create(
            workspace_id=workspace_id,
            customer=customer,
            channel_kind=channel_kind,
            external_id=sender.external_id,
            username=sender.username,
            display_name=display_name,
            avatar_url=sender.avatar_url,
            follower_count=sender.follower_count,
        )
        identity.created_now = True  # the caller may want the platform profile (inbox.profiles)
        return identity

    identity_changes = _profile_changes(
        identity,
        {"username": sender.username, "display_name": display_name, "avatar_url": sender.avatar_url, "follower_count": sender.follower_count},
    )
    if identity_changes:
        identity.save(update_fields=[*identity_changes, "updated_at"])
    customer = identity.customer
    customer_fields = ["last_seen_at"]
    customer.last_seen_at = max(customer.last_seen_at or seen_at, seen_at)
    if not customer.display_name and display_name:
        customer.display_name = display_name
        customer_fields.append("display_name")
    if not customer.avatar_url and sender.avatar_url:
        customer.avatar_url = sender.avatar_url
        customer_fields.append("avatar_url")
    if sender.follower_count is not None and (customer.follower_count or 0) < sender.follower_count:
        customer.follower_count = sender.follower_count
        customer_fields.append("follower_count")
    customer.save(update_fields=[*customer_fields, "updated_at"])
    return identity


def customer_update(*, customer: Customer, **changes) -> Customer:
    editable = {"display_name", "email", "phone", "language", "locale", "opted_in", "tags"}
    unknown = set(changes) - editable
    if unknown:
        raise ApplicationError(f"Cannot change {sorted(unknown)}.", extra={"fields": {name: ["Read-only."] for name in unknown}})
    if "phone" in changes:
        changes["phone"] = normalize_phone(changes["phone"])
    if "email" in changes:
        changes["email"] = (changes["email"] or "").strip().lower()
    for name, value in changes.items():
        setattr(customer, name, value)
    customer.save(update_fields=[*changes, "updated_at"])
    return customer


def customer_tag(*, customer: Customer, add: Iterable[str] = (), remove: Iterable[str] = ()) -> Customer:
    tags = [tag for tag in customer.tags if tag not in set(remove)]
    tags += [tag for tag in add if tag not in tags]
    return customer_update(customer=customer, tags=tags)


@transaction.atomic
def customer_merge(*, source: Customer, target: Customer, actor=None) -> CustomerMerge:
    """Merge `source` into `target`: identities, cases (via the customer_merged signal) and
    tags move to the target; empty profile fields are filled from the source; the source row
    stays, pointing at the target, with an audit row. Never merges on a hunch: callers
    decide (merge suggestions only suggest)."""
    if source.workspace_id != target.workspace_id:
        raise ApplicationError("Customers of different workspaces cannot be merged.")
    if source.pk == target.pk:
        raise ApplicationError("A customer cannot be merged into itself.", code="same_customer")
    # Lock both in pk order so two merges of the same pair cannot deadlock.
    locked = {c.pk: c for c in Customer.objects.select_for_update().filter(pk__in=[source.pk, target.pk]).order_by("pk")}
    source, target = locked[source.pk], locked[target.pk]
    if source.merged_into_id or target.merged_into_id:
        raise ConflictError("One of these customers was already merged into another.", code="already_merged")

    snapshot = model_to_dict(source, exclude=["workspace", "merged_into"])
    identity_ids = list(Identity.objects.filter(customer=source).values_list("pk", flat=True))
    Identity.objects.filter(pk__in=identity_ids).update(customer=target)

    target.tags = [*target.tags, *[tag for tag in source.tags if tag not in target.tags]]
    for name in ["display_name", "avatar_url", "email", "phone", "language", "locale"]:
        if not getattr(target, name) and getattr(source, name):
            setattr(target, name, getattr(source, name))
    target.opted_in = {**source.opted_in, **target.opted_in}
    target.follower_count = max(filter(None, [target.follower_count, source.follower_count]), default=None)
    seen = [d for d in [target.first_seen_at, source.first_seen_at] if d]
    target.first_seen_at = min(seen) if seen else None
    seen = [d for d in [target.last_seen_at, source.last_seen_at] if d]
    target.last_seen_at = max(seen) if seen else None
    target.save()
    source.merged_into = target
    source.save(update_fields=["merged_into", "updated_at"])

    moved = customer_merged.send(sender=Customer, source=source, target=target, actor=actor)
    return CustomerMerge.objects.create(
        workspace_id=target.workspace_id,
        source=source,
        target=target,
        actor=actor,
        moved_identity_ids=identity_ids,
        moved_case_count=sum(count for _, count in moved if isinstance(count, int)),
        source_snapshot={k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in snapshot.items()},
    )
