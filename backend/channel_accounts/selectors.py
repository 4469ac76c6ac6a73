"""Reads over channel accounts."""

from __future__ import annotations

from django.db.models import QuerySet

from channel_accounts.models import ChannelAccount


def channel_account_list(*, workspace) -> QuerySet[ChannelAccount]:
    return ChannelAccount.objects.for_workspace(workspace).order_by("name", "pk")
