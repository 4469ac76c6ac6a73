"""Tenants and people: workspaces, users, memberships with roles, teams, API tokens."""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone

from core.models import TimeStampedModel, WorkspaceOwnedModel


class Language(models.TextChoices):
    ENGLISH = "en", "English"
    SPANISH = "es", "Español"
    POLISH = "pl", "Polski"


class Workspace(TimeStampedModel):
    """A tenant: one brand's care team. Everything else hangs from a workspace."""

    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=60, unique=True)
    timezone = models.CharField(max_length=64, default="UTC")
    default_language = models.CharField(max_length=8, choices=Language.choices, default=Language.ENGLISH)
    currency = models.CharField(max_length=3, default="EUR", help_text="ISO 4217 code used for the cost reports.")

    def __str__(self) -> str:
        return self.name


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields) -> User:
        if not email:
            raise ValueError("A user needs an email address.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields) -> User:
        fields.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in. What they may see is decided by their memberships."""

    email = models.EmailField(unique=True)
    name = models.CharField(max_length=150, blank=True)
    language = models.CharField(max_length=8, choices=Language.choices, blank=True)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False, help_text="May log in to the Django admin.")
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        constraints = [models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique")]

    def __str__(self) -> str:
        return self.name or self.email


class Role(models.TextChoices):
    AGENT = "agent", "Agent"
    SUPERVISOR = "supervisor", "Supervisor"
    ADMIN = "admin", "Admin"


ROLE_RANK = {Role.AGENT: 1, Role.SUPERVISOR: 2, Role.ADMIN: 3}


class Membership(WorkspaceOwnedModel):
    """A user's place in a workspace, with the role that decides what they may do."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.AGENT)
    is_active = models.BooleanField(default=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["workspace", "user"], name="accounts_membership_unique_user")]
        indexes = [models.Index(fields=["user", "is_active"])]

    def __str__(self) -> str:
        return f"{self.user} ({self.role}) in workspace {self.workspace_id}"

    def has_role(self, required: str) -> bool:
        return ROLE_RANK[Role(self.role)] >= ROLE_RANK[Role(required)]


class Team(WorkspaceOwnedModel):
    name = models.CharField(max_length=120)
    members = models.ManyToManyField(Membership, through="TeamMembership", related_name="teams")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["workspace", "name"], name="accounts_team_unique_name")]
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class TeamMembership(WorkspaceOwnedModel):
    team = models.ForeignKey(Team, on_delete=models.CASCADE)
    membership = models.ForeignKey(Membership, on_delete=models.CASCADE)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["team", "membership"], name="accounts_team_member_unique")]


class ApiToken(WorkspaceOwnedModel):
    """A bearer token for scripts, bound to one membership (so to one workspace and role).

    Only a SHA-256 of the token is stored; the token itself is shown once, at creation.
    """

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=120)
    prefix = models.CharField(max_length=16, help_text="First characters of the token, to recognise it in lists.")
    token_hash = models.CharField(max_length=64, unique=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def is_usable(self, now=None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)
