"""Append-only reporting events. Reports read these and their rollups, never live scans."""

from __future__ import annotations

from django.db import models

from core.models import WorkspaceOwnedModel, workspace_key


class ReportingEvent(WorkspaceOwnedModel):
    """One fact for the reports: a case opened, an agent replied, a case resolved…

    Denormalized on purpose (channel kind, team, agent copied in) so rollups need no joins.
    """

    workspace = workspace_key(db_index=False)  # reporting_event_kind_time_idx leads with it
    kind = models.CharField(max_length=40)
    occurred_at = models.DateTimeField()
    case_id = models.BigIntegerField(null=True, blank=True)
    customer_id = models.BigIntegerField(null=True, blank=True)
    channel_account_id = models.BigIntegerField(null=True, blank=True)
    channel_kind = models.CharField(max_length=16, blank=True)
    membership_id = models.BigIntegerField(null=True, blank=True)
    team_id = models.BigIntegerField(null=True, blank=True)
    value_seconds = models.FloatField(null=True, blank=True, help_text="A duration, e.g. wall time to first response.")
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        indexes = [models.Index(fields=["workspace", "kind", "occurred_at"], name="reporting_event_kind_time_idx")]
