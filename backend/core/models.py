"""Base models every domain app builds on."""

from __future__ import annotations

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


class WorkspaceOwnedModel(TimeStampedModel):
    """Anything a tenant owns. `workspace_id` is on every row (and is the future Citus
    distribution column), and API views only ever reach rows through `for_workspace`."""

    workspace = models.ForeignKey("accounts.Workspace", on_delete=models.CASCADE, related_name="+")

    objects = WorkspaceQuerySet.as_manager()

    class Meta:
        abstract = True
