"""Tagging rules as the ingest path reads them: compiled once, cached per workspace.

Rules run for every customer message, so the workspace's active rules are loaded with one
query and kept in Django's cache (`tagging-rules:<workspace id>`); every write to a rule
drops that entry at once and again after commit (so no other process can cache what the
transaction is replacing). With the default per-process cache, other processes see a change
within `RULES_CACHE_SECONDS`; with a shared cache (e.g. Redis), at once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from django.core.cache import cache
from django.db import transaction

from customers.models import TaggingRule

RULES_CACHE_SECONDS = 60


@dataclass(frozen=True)
class CompiledRule:
    id: int
    name: str
    channel_kinds: frozenset[str]
    languages: frozenset[str]
    keyword_pattern: str  # "" when the rule has no keywords
    tags: tuple[str, ...]
    tag_case: bool

    def matches(self, *, channel_kind: str, language: str, text: str) -> bool:
        if self.channel_kinds and channel_kind not in self.channel_kinds:
            return False
        if self.languages and (language or "")[:2].lower() not in self.languages:
            return False
        if self.keyword_pattern:
            return bool(text) and _compiled(self.keyword_pattern).search(text) is not None
        return True


def keyword_pattern(keywords: list[str]) -> str:
    """One regex for "any of these, as whole words": a keyword never matches inside a longer
    word, and its own spaces match any run of whitespace. Lookarounds rather than \\b, so a
    keyword that starts or ends with a symbol ("c++", "#promo") still works."""
    if not keywords:
        return ""
    alternatives = sorted({r"\s+".join(re.escape(part) for part in keyword.split()) for keyword in keywords}, key=len, reverse=True)
    return r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)"


@lru_cache(maxsize=512)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


def _cache_key(workspace_id: int) -> str:
    return f"tagging-rules:{workspace_id}"


def compile_rule(rule: TaggingRule) -> CompiledRule:
    return CompiledRule(
        id=rule.pk,
        name=rule.name,
        channel_kinds=frozenset(rule.channel_kinds),
        languages=frozenset(language[:2].lower() for language in rule.languages),
        keyword_pattern=keyword_pattern(rule.keywords),
        tags=tuple(rule.tags),
        tag_case=rule.tag_case,
    )


def active_rules(workspace_id: int) -> tuple[CompiledRule, ...]:
    """The workspace's active rules: from the cache, else one query (an empty tuple is cached too)."""
    rules = cache.get(_cache_key(workspace_id))
    if rules is None:
        rules = tuple(compile_rule(rule) for rule in TaggingRule.objects.for_workspace(workspace_id).filter(is_active=True).order_by("pk"))
        cache.set(_cache_key(workspace_id), rules, RULES_CACHE_SECONDS)
    return rules


def rules_cache_invalidate(workspace_id: int) -> None:
    key = _cache_key(workspace_id)
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))
