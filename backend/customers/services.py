"""Customers and identities: first contact, profile refresh, merge."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.db import IntegrityError, connection, transaction
from django.forms.models import model_to_dict

from core import instances
from core.errors import ApplicationError, ConflictError
from customers import tagging
from customers.events import customer_merged
from customers.models import Customer, CustomerMerge, Identity, TaggingRule
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


def identity_new(*, workspace_id: int, channel_kind: str, sender: Sender, seen_at: datetime) -> Identity:
    """A first-contact identity with its new customer, from what the platform says of the
    sender — not saved: identity_resolve saves it, the inbox's batch ingest inserts many at once."""
    display_name = sender.display_name or sender.username
    customer = instances.new(
        Customer,
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
    return instances.new(
        Identity,
        workspace_id=workspace_id,
        customer=customer,
        channel_kind=channel_kind,
        external_id=sender.external_id,
        username=sender.username,
        display_name=display_name,
        avatar_url=sender.avatar_url,
        follower_count=sender.follower_count,
    )


def identity_refresh(identity: Identity, *, sender: Sender, seen_at: datetime) -> tuple[list[str], list[str]]:
    """Apply a known sender's latest profile, not saved: what the platform sent replaces the
    identity's fields, fills the customer's blanks and raises its follower count; the customer
    was seen at `seen_at`. Returns the changed field names (identity's, customer's)."""
    display_name = sender.display_name or sender.username
    identity_changes = _profile_changes(
        identity,
        {"username": sender.username, "display_name": display_name, "avatar_url": sender.avatar_url, "follower_count": sender.follower_count},
    )
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
    return identity_changes, customer_fields


def identity_resolve(*, workspace_id: int, channel_kind: str, sender: Sender, seen_at: datetime) -> Identity:
    """The sender's identity with its customer, created on first contact; profile fields the
    platform sent are refreshed. Call under `identity_lock` inside a transaction."""
    identity = (
        Identity.objects.select_related("customer")
        .filter(workspace_id=workspace_id, channel_kind=channel_kind, external_id=sender.external_id)
        .first()
    )
    if identity is None:
        identity = identity_new(workspace_id=workspace_id, channel_kind=channel_kind, sender=sender, seen_at=seen_at)
        identity.customer.save()
        identity.customer = identity.customer  # its id, now that it has one
        identity.save()
        identity.created_now = True  # the caller may want the platform profile (inbox.profiles)
        return identity

    identity_changes, customer_fields = identity_refresh(identity, sender=sender, seen_at=seen_at)
    if identity_changes:
        identity.save(update_fields=[*identity_changes, "updated_at"])
    identity.customer.save(update_fields=[*customer_fields, "updated_at"])
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


def customer_tags_add(*, customer: Customer, tags: Iterable[str]) -> list[str]:
    """Add tags the customer lacks, in one UPDATE that appends to the stored array (no
    read-modify-write, so an agent's concurrent tag edit is never lost). Returns the tags
    added; `customer.tags` is refreshed from the row."""
    wanted = [tag for tag in dict.fromkeys(tags) if tag not in customer.tags]
    if not wanted:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            UPDATE {Customer._meta.db_table}
               SET tags = tags || ARRAY(
                       SELECT tag FROM unnest(%s::varchar(64)[]) WITH ORDINALITY AS wanted(tag, n)
                        WHERE NOT tag = ANY(tags) ORDER BY n
                   )::varchar(64)[],
                   updated_at = now()
             WHERE id = %s AND NOT tags @> %s::varchar(64)[]
            RETURNING tags
            """,
            [wanted, customer.pk, wanted],
        )
        row = cursor.fetchone()
    if row is None:
        return []  # another transaction added them first
    before = set(customer.tags)
    customer.tags = list(row[0])
    return [tag for tag in wanted if tag not in before and tag in customer.tags]


# --- Tagging rules ----------------------------------------------------------------------------

TAGGING_RULE_FIELDS = {"name", "is_active", "channel_kinds", "keywords", "languages", "tags", "tag_case"}


def _check_tagging_rule(rule: TaggingRule) -> None:
    if not rule.tags:
        raise ApplicationError("A rule adds at least one tag.", extra={"fields": {"tags": ["Add at least one tag."]}})
    if not (rule.keywords or rule.channel_kinds or rule.languages):
        raise ApplicationError(
            "A rule needs at least one condition: keywords, channels or languages.",
            extra={"fields": {"keywords": ["Give keywords, or pick channels or languages."]}},
        )


def _save_tagging_rule(rule: TaggingRule) -> TaggingRule:
    _check_tagging_rule(rule)
    try:
        with transaction.atomic():
            rule.save()
            tagging.rules_cache_invalidate(rule.workspace_id)
    except IntegrityError:
        raise ConflictError(
            f"A tagging rule named '{rule.name}' already exists.", code="tagging_rule_exists", extra={"fields": {"name": ["Already taken."]}}
        )
    return rule


def tagging_rule_create(*, workspace, **fields) -> TaggingRule:
    """A new rule; it applies to messages ingested after commit."""
    unknown = set(fields) - TAGGING_RULE_FIELDS
    if unknown:
        raise ApplicationError(f"Unknown fields {sorted(unknown)}.", extra={"fields": {name: ["Unknown."] for name in unknown}})
    return _save_tagging_rule(TaggingRule(workspace_id=getattr(workspace, "pk", workspace), **fields))


def tagging_rule_update(*, rule: TaggingRule, **changes) -> TaggingRule:
    """Change a rule; tags it already added stay (rules never remove tags)."""
    unknown = set(changes) - TAGGING_RULE_FIELDS
    if unknown:
        raise ApplicationError(f"Cannot change {sorted(unknown)}.", extra={"fields": {name: ["Read-only."] for name in unknown}})
    for field, value in changes.items():
        setattr(rule, field, value)
    return _save_tagging_rule(rule)


def tagging_rule_delete(*, rule: TaggingRule) -> None:
    with transaction.atomic():
        rule.delete()
        tagging.rules_cache_invalidate(rule.workspace_id)


@dataclass(frozen=True)
class TaggingOutcome:
    customer_tags: tuple[str, ...] = ()  # added to the customer now
    case_tags: tuple[str, ...] = ()  # for the caller to add to the case (customers knows no cases)
    rule_ids: tuple[int, ...] = ()


def tagging_rules_apply(*, customer: Customer, channel_kind: str, text: str) -> TaggingOutcome:
    """Run the workspace's active tagging rules on one customer message. Costs no query when
    no rule matches (rules come from the per-workspace cache) and one UPDATE when some do and
    the customer lacks a tag. Never removes a tag."""
    matched = [
        rule
        for rule in tagging.active_rules(customer.workspace_id)
        if rule.matches(channel_kind=channel_kind, language=customer.language, text=text)
    ]
    if not matched:
        return TaggingOutcome()
    tags = list(dict.fromkeys(tag for rule in matched for tag in rule.tags))
    case_tags = tuple(dict.fromkeys(tag for rule in matched if rule.tag_case for tag in rule.tags))
    added = customer_tags_add(customer=customer, tags=tags)
    return TaggingOutcome(customer_tags=tuple(added), case_tags=case_tags, rule_ids=tuple(rule.id for rule in matched))
