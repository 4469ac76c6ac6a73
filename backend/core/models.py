"""Base models every domain app builds on."""

from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.db import models


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class WorkspaceQuerySet(models.QuerySet):
    def for_workspace(self, workspace) -> WorkspaceQuerySet:
        """The one filter that keeps tenants apart. Accepts a Workspace or its id."""
        return self.filter(workspace_id=getattr(workspace, "pk", workspace))


def workspace_key(*, db_index: bool = True) -> models.ForeignKey:
    """The tenant's foreign key. `db_index=False` where a composite index of the table already
    leads with workspace_id: the key's own index would only cost every insert and update."""
    return models.ForeignKey("accounts.Workspace", on_delete=models.CASCADE, related_name="+", db_index=db_index)


class WorkspaceOwnedModel(TimeStampedModel):
    """Anything a tenant owns. `workspace_id` is on every row (and is the future Citus
    distribution column), and API views only ever reach rows through `for_workspace`."""

    workspace = workspace_key()

    objects = WorkspaceQuerySet.as_manager()

    class Meta:
        abstract = True


class RealtimeEvent(models.Model):
    """Every realtime event, kept for a while so a browser that reconnects can ask for what
    it missed (`since` its last `seq`) instead of silently losing it. Written in the same
    transaction as the change it describes; pushed to sockets after commit."""

    seq = models.BigAutoField(primary_key=True)
    workspace = workspace_key(db_index=False)  # realtime_event_ws_seq_idx leads with it
    type = models.CharField(max_length=64)
    payload = models.JSONField()
    groups = ArrayField(models.CharField(max_length=100))
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        indexes = [models.Index(fields=["workspace", "seq"], name="realtime_event_ws_seq_idx")]

    def __str__(self) -> str:
        return f"{self.type} #{self.seq}"
