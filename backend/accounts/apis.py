"""Thin views: input serializer → service → output serializer."""

from __future__ import annotations

from django.contrib.auth import authenticate, login, logout
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import ensure_csrf_cookie
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, mixins, permissions, status, viewsets
from rest_framework.authentication import SessionAuthentication
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import services
from accounts.models import ApiToken, Membership, Role, Team
from accounts.selectors import active_memberships_of, api_token_list, membership_list, team_list
from accounts.serializers import (
    ApiTokenCreatedSerializer,
    ApiTokenInputSerializer,
    ApiTokenSerializer,
    LoginInputSerializer,
    MemberCreateInputSerializer,
    MemberSerializer,
    MemberUpdateInputSerializer,
    SessionSerializer,
    TeamInputSerializer,
    TeamPatchInputSerializer,
    TeamSerializer,
    WorkspacePatchInputSerializer,
    WorkspaceSerializer,
    WorkspaceSwitchInputSerializer,
)
from accounts.tenancy import SESSION_WORKSPACE_KEY, WorkspaceScopedMixin, request_membership
from core.errors import ApplicationError


def session_body(request, membership: Membership) -> dict:
    memberships = list(active_memberships_of(membership.user))
    return SessionSerializer(
        {"user": membership.user, "workspace": membership.workspace, "role": membership.role, "memberships": memberships}
    ).data


def enforce_csrf(request) -> None:
    # DRF checks CSRF only for already-authenticated sessions; login must be protected
    # too, or another site can log a victim into the attacker's account.
    SessionAuthentication().enforce_csrf(request)


class SessionApi(APIView):
    """Who am I, in which workspace. Always sets the csrftoken cookie."""

    permission_classes = [permissions.AllowAny]

    @method_decorator(ensure_csrf_cookie)
    @extend_schema(responses=SessionSerializer)
    def get(self, request):
        if not request.user.is_authenticated:
            raise exceptions.NotAuthenticated("You are not logged in.")
        membership = request_membership(request)
        if membership is None:
            raise exceptions.PermissionDenied("Your account is not an active member of any workspace.")
        return Response(session_body(request, membership))


class LoginApi(APIView):
    permission_classes = [permissions.AllowAny]
    authentication_classes: list = []

    @extend_schema(request=LoginInputSerializer, responses=SessionSerializer)
    def post(self, request):
        enforce_csrf(request)
        payload = LoginInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        user = authenticate(request, email=payload.validated_data["email"].lower(), password=payload.validated_data["password"])
        if user is None:
            raise ApplicationError("Wrong email or password.", code="invalid_credentials", status_code=status.HTTP_400_BAD_REQUEST)
        membership = active_memberships_of(user).first()
        if membership is None:
            raise exceptions.PermissionDenied("Your account is not an active member of any workspace.")
        login(request, user)
        request.session[SESSION_WORKSPACE_KEY] = membership.workspace_id
        return Response(session_body(request, membership))


class LogoutApi(APIView):
    permission_classes = [permissions.AllowAny]

    @extend_schema(request=None, responses={204: None})
    def post(self, request):
        logout(request)
        return Response(status=status.HTTP_204_NO_CONTENT)


class WorkspaceSwitchApi(APIView):
    """Choose the workspace this browser session works in."""

    @extend_schema(request=WorkspaceSwitchInputSerializer, responses=SessionSerializer)
    def post(self, request):
        if isinstance(request.auth, ApiToken):
            raise ApplicationError("An API token is bound to its workspace and cannot switch.", code="token_bound")
        payload = WorkspaceSwitchInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        membership = active_memberships_of(request.user).filter(workspace__slug=payload.validated_data["workspace"]).first()
        if membership is None:
            raise exceptions.NotFound("No workspace with that slug among yours.")
        request.session[SESSION_WORKSPACE_KEY] = membership.workspace_id
        return Response(session_body(request, membership))


class CurrentWorkspaceApi(WorkspaceScopedMixin, APIView):
    """The workspace the caller is working in (admins may edit it)."""

    @extend_schema(responses=WorkspaceSerializer)
    def get(self, request):
        return Response(WorkspaceSerializer(request.workspace).data)

    @extend_schema(request=WorkspacePatchInputSerializer, responses=WorkspaceSerializer)
    def patch(self, request):
        payload = WorkspacePatchInputSerializer(data=request.data, partial=True)
        payload.is_valid(raise_exception=True)
        workspace = services.workspace_update(workspace=request.workspace, **payload.validated_data)
        return Response(WorkspaceSerializer(workspace).data)


class MemberViewSet(WorkspaceScopedMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """People in the workspace. Admins add, change roles, and remove (deactivate)."""

    queryset = Membership.objects.all()
    serializer_class = MemberSerializer
    filterset_fields = ["role", "is_active"]

    def get_base_queryset(self):
        return membership_list(workspace=self.request.workspace)

    @extend_schema(request=MemberCreateInputSerializer, responses={201: MemberSerializer})
    def create(self, request):
        payload = MemberCreateInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        membership = services.member_add(workspace=request.workspace, **payload.validated_data)
        return Response(MemberSerializer(membership).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=MemberUpdateInputSerializer, responses=MemberSerializer)
    def partial_update(self, request, pk=None):
        membership = self.get_object()
        payload = MemberUpdateInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        membership = services.membership_update(membership=membership, **payload.validated_data)
        return Response(MemberSerializer(self.get_queryset().get(pk=membership.pk)).data)

    @extend_schema(responses={204: None})
    def destroy(self, request, pk=None):
        services.membership_deactivate(membership=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


class TeamViewSet(WorkspaceScopedMixin, viewsets.ModelViewSet):
    queryset = Team.objects.all()
    serializer_class = TeamSerializer
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_base_queryset(self):
        return team_list(workspace=self.request.workspace)

    def _team_response(self, team: Team, status_code: int = status.HTTP_200_OK) -> Response:
        return Response(TeamSerializer(self.get_queryset().get(pk=team.pk)).data, status=status_code)

    @extend_schema(request=TeamInputSerializer, responses={201: TeamSerializer})
    def create(self, request):
        payload = TeamInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        team = services.team_create(workspace=request.workspace, **payload.validated_data)
        return self._team_response(team, status.HTTP_201_CREATED)

    @extend_schema(request=TeamPatchInputSerializer, responses=TeamSerializer)
    def partial_update(self, request, pk=None):
        payload = TeamPatchInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        team = services.team_update(team=self.get_object(), **payload.validated_data)
        return self._team_response(team)

    @extend_schema(responses={204: None})
    def destroy(self, request, pk=None):
        services.team_delete(team=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


class ApiTokenViewSet(WorkspaceScopedMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Your own API tokens in this workspace. Any role may mint tokens for itself."""

    queryset = ApiToken.objects.all()
    serializer_class = ApiTokenSerializer
    write_role = Role.AGENT

    def get_base_queryset(self):
        return api_token_list(membership=self.request.membership)

    @extend_schema(request=ApiTokenInputSerializer, responses={201: ApiTokenCreatedSerializer})
    def create(self, request):
        payload = ApiTokenInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        token, raw_token = services.api_token_create(membership=request.membership, **payload.validated_data)
        token.token = raw_token
        return Response(ApiTokenCreatedSerializer(token).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses={204: None})
    def destroy(self, request, pk=None):
        services.api_token_revoke(token=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)
