"""Seed the demo workspace. Idempotent: running it again changes nothing."""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.models import Membership, Role, Team, User, Workspace
from accounts.services import member_add, team_create, workspace_create

DEMO_SLUG = "demo"
DEMO_PEOPLE = [
    # (email, name, role, team)
    ("supervisor@demo.dialogo.local", "Sofía Supervisora", Role.SUPERVISOR, "Social care"),
    ("ana@demo.dialogo.local", "Ana García", Role.AGENT, "Social care"),
    ("tomasz@demo.dialogo.local", "Tomasz Nowak", Role.AGENT, "Social care"),
    ("emma@demo.dialogo.local", "Emma Clarke", Role.AGENT, "Email & web"),
]
SOCIAL_CARE, EMAIL_AND_WEB = "Social care", "Email & web"
# Which team takes the new cases of each channel kind (seed_demo_inbox sets the demo
# accounts' default_team from this), and the most open cases each team's agents get
# automatically (its load-balanced assignment policy: what the supervisor board shows).
DEMO_ROUTING = {
    "messenger": SOCIAL_CARE,
    "instagram": SOCIAL_CARE,
    "whatsapp": SOCIAL_CARE,
    "telegram": SOCIAL_CARE,
    "x": SOCIAL_CARE,
    "email": EMAIL_AND_WEB,
    "webchat": EMAIL_AND_WEB,
    "api": EMAIL_AND_WEB,
}
DEMO_AGENT_CAPACITY = {SOCIAL_CARE: 8, EMAIL_AND_WEB: 5}


class Command(BaseCommand):
    help = "Create the demo workspace, its admin, agents and teams if they are missing."

    @transaction.atomic
    def handle(self, *args, **options) -> None:
        admin = User.objects.filter(email__iexact=settings.DEMO_ADMIN_EMAIL).first()
        if admin is None:
            admin = User.objects.create_user(
                email=settings.DEMO_ADMIN_EMAIL, password=settings.DEMO_PASSWORD, name="Demo Admin", is_staff=True, is_superuser=True
            )
        workspace = Workspace.objects.filter(slug=DEMO_SLUG).first() or workspace_create(name="Demo", slug=DEMO_SLUG, owner=admin)
        teams: dict[str, Team] = {team.name: team for team in Team.objects.for_workspace(workspace)}
        for email, name, role, team_name in DEMO_PEOPLE:
            membership = Membership.objects.for_workspace(workspace).filter(user__email__iexact=email).first()
            if membership is None:
                membership = member_add(workspace=workspace, email=email, name=name, role=role, password=settings.DEMO_PASSWORD)
            team = teams.get(team_name) or team_create(workspace=workspace, name=team_name)
            teams[team_name] = team
            team.members.add(membership, through_defaults={"workspace_id": workspace.pk})
        self.stdout.write(f"demo workspace ready: {workspace.slug} ({Membership.objects.for_workspace(workspace).count()} members)")
