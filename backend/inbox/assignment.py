"""Automatic assignment. Placeholder entry points called by ingest and services; the
policies (round robin, load balanced, capacity, backlog drain) are implemented next."""

from __future__ import annotations


def on_case_opened(case) -> None:
    """A new case arrived: assign it if its channel account or team has an automatic policy."""


def on_agent_freed(membership) -> None:
    """An agent has room again (a case resolved, unassigned, or they came online)."""
