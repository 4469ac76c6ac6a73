from __future__ import annotations

from rest_framework import serializers

from accounts.models import ApiToken, Language, Membership, Role, Team, User, Workspace


class WorkspaceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Workspace
        fields = ["id", "slug", "name", "timezone", "default_language", "currency"]
        read_only_fields = ["id", "slug"]


class WorkspaceBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Workspace
        fields = ["id", "slug", "name"]


class UserSerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ["id", "email", "name", "language"]


class MembershipBriefSerializer(serializers.Serializer):
    workspace = WorkspaceBriefSerializer()
    role = serializers.ChoiceField(choices=Role.choices)


class SessionSerializer(serializers.Serializer):
    user = UserSerializer()
    workspace = WorkspaceBriefSerializer()
    role = serializers.ChoiceField(choices=Role.choices)
    memberships = MembershipBriefSerializer(many=True)


class LoginInputSerializer(serializers.Serializer):
    email = serializers.EmailField()
    password = serializers.CharField(trim_whitespace=False, style={"input_type": "password"})


class WorkspaceSwitchInputSerializer(serializers.Serializer):
    workspace = serializers.SlugField(help_text="Slug of a workspace you are an active member of.")


class MemberTeamSerializer(serializers.ModelSerializer):
    class Meta:
        model = Team
        fields = ["id", "name"]


class MemberSerializer(serializers.ModelSerializer):
    user = UserSerializer(read_only=True)
    teams = MemberTeamSerializer(many=True, read_only=True, help_text="The teams this member belongs to, by name.")

    class Meta:
        model = Membership
        fields = ["id", "user", "role", "is_active", "teams", "created_at"]


class MemberCreateInputSerializer(serializers.Serializer):
    email = serializers.EmailField()
    name = serializers.CharField(max_length=150, required=False, allow_blank=True, default="")
    role = serializers.ChoiceField(choices=Role.choices, default=Role.AGENT)
    password = serializers.CharField(
        required=False, allow_null=True, default=None, trim_whitespace=False,
        help_text="Initial password for a new user; omit to create the login without one.",
    )


class MemberUpdateInputSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=Role.choices, required=False)
    team_ids = serializers.ListField(
        child=serializers.IntegerField(), required=False, help_text="The member's teams, exactly (team ids of this workspace)."
    )

    def validate(self, attrs):
        if not attrs:
            raise serializers.ValidationError({"role": ["Give a role, teams, or both."]})
        return attrs


class TeamMemberSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="user.name", read_only=True)
    email = serializers.EmailField(source="user.email", read_only=True)

    class Meta:
        model = Membership
        fields = ["id", "name", "email", "role"]


class TeamSerializer(serializers.ModelSerializer):
    members = TeamMemberSerializer(many=True, read_only=True)

    class Meta:
        model = Team
        fields = ["id", "name", "members", "created_at"]


class TeamInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=120)
    member_ids = serializers.ListField(child=serializers.IntegerField(), required=False, help_text="Membership ids.")


class TeamPatchInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=120, required=False)
    member_ids = serializers.ListField(child=serializers.IntegerField(), required=False)


class ApiTokenSerializer(serializers.ModelSerializer):
    class Meta:
        model = ApiToken
        fields = ["id", "name", "prefix", "created_at", "last_used_at", "expires_at", "revoked_at"]


class ApiTokenCreatedSerializer(ApiTokenSerializer):
    token = serializers.CharField(read_only=True, help_text="Shown once; store it now.")

    class Meta(ApiTokenSerializer.Meta):
        fields = [*ApiTokenSerializer.Meta.fields, "token"]


class ApiTokenInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=120)
    expires_at = serializers.DateTimeField(required=False, allow_null=True, default=None)


class WorkspacePatchInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=120, required=False)
    timezone = serializers.CharField(max_length=64, required=False)
    default_language = serializers.ChoiceField(choices=Language.choices, required=False)
    currency = serializers.RegexField(r"^[A-Z]{3}$", required=False)

    def validate_timezone(self, value: str) -> str:
        import zoneinfo

        if value not in zoneinfo.available_timezones():
            raise serializers.ValidationError(f"Unknown time zone {value!r}.")
        return value
