"""Every change to workspaces, people, teams and tokens goes through here."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from datetime import datetime

from django.contrib.auth.password_validation import validate_password
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify

from accounts.models import ApiToken, Membership, Role, Team, TeamMembership, User, Workspace
from core.errors import ApplicationError, ConflictError

TOKEN_PREFIX = "dlg_"


def hash_token(raw_token: str) -> str:
    return hashlib.sha256(raw_token.encode()).hexdigest()


def user_create(*, email: str, password: str | None, name: str = "", validate: bool = True) -> User:
    """Create a login. Fails with 409 if the email is taken (case-insensitively)."""
    email = User.objects.normalize_email(email).lower()
    if validate and password is not None:
        validate_password(password)
    if User.objects.filter(email__iexact=email).exists():
        raise ConflictError(f"A user with email {email} already exists.", code="email_taken", extra={"fields": {"email": ["Already taken."]}})
    return User.objects.create_user(email=email, password=password, name=name)


@transaction.atomic
def workspace_create(*, name: str, owner: User, slug: str | None = None) -> Workspace:
    """Create a workspace with `owner` as its first admin."""
    slug = slug or slugify(name)[:60]
    if not slug:
        raise ApplicationError("The workspace needs a name with letters or digits.", extra={"fields": {"name": ["Invalid."]}})
    try:
        with transaction.atomic():
            workspace = Workspace.objects.create(name=name, slug=slug)
    except IntegrityError:
        raise ConflictError(f"The workspace address '{slug}' is taken.", code="slug_taken", extra={"fields": {"slug": ["Already taken."]}})
    Membership.objects.create(workspace=workspace, user=owner, role=Role.ADMIN)
    return workspace


def workspace_update(*, workspace: Workspace, **changes) -> Workspace:
    allowed = {"name", "timezone", "default_language", "currency"}
    for field, value in changes.items():
        if field not in allowed:
            raise ApplicationError(f"{field} cannot be changed.", extra={"fields": {field: ["Read-only."]}})
        setattr(workspace, field, value)
    workspace.full_clean()
    workspace.save(update_fields=[*changes.keys(), "updated_at"])
    return workspace


@transaction.atomic
def member_add(*, workspace: Workspace, email: str, role: str, name: str = "", password: str | None = None) -> Membership:
    """Add a person to the workspace, creating their login if they have none.

    Re-adding a deactivated member reactivates them with the new role; adding an active
    member again is a conflict.
    """
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = user_create(email=email, password=password, name=name)
    membership, created = Membership.objects.get_or_create(workspace=workspace, user=user, defaults={"role": role})
    if not created:
        if membership.is_active:
            raise ConflictError(f"{user.email} is already a member of this workspace.", code="already_member")
        membership.is_active = True
        membership.role = role
        membership.save(update_fields=["is_active", "role", "updated_at"])
    return membership


def _lock_memberships(workspace: Workspace) -> list[Membership]:
    # Lock every membership of the workspace in pk order so two admins demoting each other
    # at once cannot leave the workspace with no admin.
    return list(Membership.objects.for_workspace(workspace).select_for_update().order_by("pk"))


def _ensure_an_admin_remains(memberships: Iterable[Membership], *, leaving: Membership) -> None:
    other_admins = [m for m in memberships if m.pk != leaving.pk and m.is_active and m.role == Role.ADMIN]
    if not other_admins:
        raise ConflictError("A workspace needs at least one active admin.", code="last_admin")


@transaction.atomic
def membership_change_role(*, membership: Membership, role: str) -> Membership:
    locked = {m.pk: m for m in _lock_memberships(membership.workspace)}
    current = locked[membership.pk]
    if current.role == Role.ADMIN and role != Role.ADMIN:
        _ensure_an_admin_remains(locked.values(), leaving=current)
    current.role = role
    current.save(update_fields=["role", "updated_at"])
    return current


@transaction.atomic
def membership_update(*, membership: Membership, role: str | None = None, team_ids: Iterable[int] | None = None) -> Membership:
    """Change a member's role and/or teams in one transaction: both change or neither does.
    The last active admin cannot be demoted."""
    if role is not None:
        membership = membership_change_role(membership=membership, role=role)
    if team_ids is not None:
        membership_set_teams(membership=membership, team_ids=team_ids)
    return membership


def _teams_in_workspace(workspace_id: int, team_ids: Iterable[int]) -> list[Team]:
    wanted = set(team_ids)
    found = list(Team.objects.for_workspace(workspace_id).filter(pk__in=wanted))
    missing = wanted - {team.pk for team in found}
    if missing:
        raise ApplicationError(
            f"Unknown teams: {sorted(missing)}.", extra={"fields": {"team_ids": [f"No team with id {pk}." for pk in sorted(missing)]}}
        )
    return found


@transaction.atomic
def membership_set_teams(*, membership: Membership, team_ids: Iterable[int]) -> Membership:
    """Make the member's teams exactly `team_ids` (teams of the member's workspace only).
    A deactivated member belongs to no team."""
    teams = _teams_in_workspace(membership.workspace_id, team_ids)
    if teams and not membership.is_active:
        raise ConflictError("A removed member cannot join teams; add them to the workspace again first.", code="member_inactive")
    TeamMembership.objects.filter(membership=membership).exclude(team__in=teams).delete()
    TeamMembership.objects.bulk_create(
        [TeamMembership(workspace_id=membership.workspace_id, team=team, membership=membership) for team in teams],
        ignore_conflicts=True,
    )
    return membership


@transaction.atomic
def membership_deactivate(*, membership: Membership) -> Membership:
    """Remove a person from the workspace: their history stays, their tokens stop working."""
    locked = {m.pk: m for m in _lock_memberships(membership.workspace)}
    current = locked[membership.pk]
    if current.role == Role.ADMIN:
        _ensure_an_admin_remains(locked.values(), leaving=current)
    current.is_active = False
    current.save(update_fields=["is_active", "updated_at"])
    ApiToken.objects.filter(membership=current, revoked_at__isnull=True).update(revoked_at=timezone.now())
    TeamMembership.objects.filter(membership=current).delete()
    return current


def _memberships_in_workspace(workspace: Workspace, membership_ids: Iterable[int]) -> list[Membership]:
    wanted = set(membership_ids)
    found = list(Membership.objects.for_workspace(workspace).filter(pk__in=wanted, is_active=True))
    missing = wanted - {m.pk for m in found}
    if missing:
        raise ApplicationError(
            f"Unknown members: {sorted(missing)}.", extra={"fields": {"member_ids": [f"No active member with id {pk}." for pk in sorted(missing)]}}
        )
    return found


@transaction.atomic
def team_create(*, workspace: Workspace, name: str, member_ids: Iterable[int] = ()) -> Team:
    try:
        with transaction.atomic():
            team = Team.objects.create(workspace=workspace, name=name)
    except IntegrityError:
        raise ConflictError(f"A team named '{name}' already exists.", code="team_exists", extra={"fields": {"name": ["Already taken."]}})
    team_set_members(team=team, member_ids=member_ids)
    return team


@transaction.atomic
def team_update(*, team: Team, name: str | None = None, member_ids: Iterable[int] | None = None) -> Team:
    if name is not None and name != team.name:
        team.name = name
        try:
            with transaction.atomic():
                team.save(update_fields=["name", "updated_at"])
        except IntegrityError:
            raise ConflictError(f"A team named '{name}' already exists.", code="team_exists", extra={"fields": {"name": ["Already taken."]}})
    if member_ids is not None:
        team_set_members(team=team, member_ids=member_ids)
    return team


def team_set_members(*, team: Team, member_ids: Iterable[int]) -> None:
    """Make the team's members exactly `member_ids` (members of the team's workspace only)."""
    memberships = _memberships_in_workspace(team.workspace, member_ids)
    TeamMembership.objects.filter(team=team).exclude(membership__in=memberships).delete()
    TeamMembership.objects.bulk_create(
        [TeamMembership(workspace_id=team.workspace_id, team=team, membership=m) for m in memberships],
        ignore_conflicts=True,
    )


def team_delete(*, team: Team) -> None:
    team.delete()


def api_token_create(*, membership: Membership, name: str, expires_at: datetime | None = None) -> tuple[ApiToken, str]:
    """Mint a token. Returns the row and the raw token, which is never stored or shown again."""
    raw_token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        workspace_id=membership.workspace_id,
        membership=membership,
        name=name,
        prefix=raw_token[:12],
        token_hash=hash_token(raw_token),
        expires_at=expires_at,
    )
    return token, raw_token


def api_token_revoke(*, token: ApiToken) -> ApiToken:
    """Revoking twice is harmless: the first revocation time is kept."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at", "updated_at"])
    return token


def api_token_touch(*, token: ApiToken) -> None:
    """Record use, at most once a minute per token (no write per request)."""
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now


def sessions_purge_expired() -> int:
    """Delete expired login sessions; returns how many. Safe to run any number of times."""
    from django.contrib.sessions.models import Session

    deleted, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return deleted
