"""Tagging rules as the ingest path reads them: compiled once, cached per workspace.

Rules run for every customer message, so the workspace's active rules are loaded with one
query and kept in Django's cache (`tagging-rules:<workspace id>`); every write to a rule
drops that entry at once and again after commit (so no other process can cache what the
transaction is replacing). In front of it, each process keeps what it read for
`LOCAL_SECONDS`: a cache round trip (and unpickling) per message cost more than the matching.
The process that writes a rule sees it at once; other processes within `LOCAL_SECONDS` with a
shared cache (e.g. Redis), within `RULES_CACHE_SECONDS` with the default per-process cache.
"""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass
from functools import lru_cache

from django.core.cache import cache
from django.db import transaction

from customers.models import TaggingRule

RULES_CACHE_SECONDS = 60
LOCAL_SECONDS = 2.0

# workspace id → (monotonic expiry, rules); shared by the process's threads (whole-tuple swaps)
_local_rules: dict[int, tuple[float, tuple]] = {}
_local_rules_lock = threading.Lock()


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
    """The workspace's active rules: this process's copy, else the cache, else one query (an
    empty tuple is cached too)."""
    now = time.monotonic()
    local = _local_rules.get(workspace_id)
    if local is not None and local[0] > now:
        return local[1]
    rules = cache.get(_cache_key(workspace_id))
    if rules is None:
        rules = tuple(compile_rule(rule) for rule in TaggingRule.objects.for_workspace(workspace_id).filter(is_active=True).order_by("pk"))
        cache.set(_cache_key(workspace_id), rules, RULES_CACHE_SECONDS)
    with _local_rules_lock:
        _local_rules[workspace_id] = (now + LOCAL_SECONDS, rules)
    return rules


def local_rules_forget() -> None:
    """Drop every rule set this process holds (tests start each case with none)."""
    with _local_rules_lock:
        _local_rules.clear()


def _forget(workspace_id: int) -> None:
    key = _cache_key(workspace_id)
    with _local_rules_lock:
        _local_rules.pop(workspace_id, None)
    cache.delete(key)


def rules_cache_invalidate(workspace_id: int) -> None:
    _forget(workspace_id)
    transaction.on_commit(lambda: _forget(workspace_id))
