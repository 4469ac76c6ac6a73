"""Tenant scoping, in one place.

Every API view that touches tenant data inherits `WorkspaceScopedMixin`: the permission
resolves the caller's membership (from the API token, the `X-Workspace` header, the
session's chosen workspace, or the user's first workspace) and puts `request.workspace` and
`request.membership` on the request; `get_queryset` filters by that workspace. A caller
asking for another tenant's object therefore gets 404, never a 403 that leaks existence.
tests/test_tenant_isolation.py walks every URL to prove each view is scoped.
"""

from __future__ import annotations

from rest_framework import exceptions, permissions

from accounts.models import ApiToken, Membership, Role
from accounts.selectors import active_memberships_of

WORKSPACE_HEADER = "HTTP_X_WORKSPACE"
SESSION_WORKSPACE_KEY = "dialogo_workspace_id"


def resolve_membership(*, user, auth, session, workspace_slug: str | None) -> Membership | None:
    if isinstance(auth, ApiToken):
        # A token belongs to one membership; it never reaches another workspace.
        membership = auth.membership
        if workspace_slug and workspace_slug != membership.workspace.slug:
            return None
        return membership
    if user is None or not user.is_authenticated:
        return None
    memberships = active_memberships_of(user)
    if workspace_slug:
        return memberships.filter(workspace__slug=workspace_slug).first()
    chosen = session.get(SESSION_WORKSPACE_KEY) if session is not None else None
    if chosen:
        membership = memberships.filter(workspace_id=chosen).first()
        if membership is not None:
            return membership
    return memberships.first()


def request_membership(request) -> Membership | None:
    """The caller's membership, resolved once per request."""
    if not hasattr(request, "_dialogo_membership"):
        request._dialogo_membership = resolve_membership(
            user=request.user,
            auth=request.auth,
            session=getattr(request, "session", None),
            workspace_slug=request.META.get(WORKSPACE_HEADER),
        )
    return request._dialogo_membership


class IsWorkspaceMember(permissions.BasePermission):
    """Resolves the workspace and checks the role the view asks for this method."""

    def has_permission(self, request, view) -> bool:
        if not request.user or not request.user.is_authenticated:
            raise exceptions.NotAuthenticated()
        membership = request_membership(request)
        if membership is None:
            slug = request.META.get(WORKSPACE_HEADER)
            where = f"workspace '{slug}'" if slug else "any workspace"
            raise exceptions.PermissionDenied(f"You are not an active member of {where}.")
        request.membership = membership
        request.workspace = membership.workspace
        required = view.required_role(request)
        if not membership.has_role(required):
            raise exceptions.PermissionDenied(f"This needs the {required} role; you are {membership.role}.")
        return True


class WorkspaceScopedMixin:
    """Base for every API view over tenant data.

    `read_role` applies to safe methods, `write_role` to the rest; override
    `required_role` for finer rules. Subclasses write `get_base_queryset()` (usually a
    selector); scoping by workspace is added here and cannot be forgotten.
    """

    permission_classes = [permissions.IsAuthenticated, IsWorkspaceMember]
    read_role: str = Role.AGENT
    write_role: str = Role.ADMIN

    def required_role(self, request) -> str:
        return self.read_role if request.method in permissions.SAFE_METHODS else self.write_role

    def get_base_queryset(self):
        return self.queryset.all()

    def get_queryset(self):
        return self.get_base_queryset().for_workspace(self.request.workspace)
