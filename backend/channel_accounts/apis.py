"""Channel accounts: every member sees them; admins connect, tune and deactivate them.

Posting a message to an `api` account is the inbox's endpoint (inbox.apis.ApiChannelMessageApi).
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.response import Response

from accounts.tenancy import WorkspaceScopedMixin
from channel_accounts import services
from channel_accounts.models import ChannelAccount
from channel_accounts.selectors import channel_account_list
from channel_accounts.serializers import (
    ChannelAccountInputSerializer,
    ChannelAccountPatchInputSerializer,
    ChannelAccountSerializer,
)


class ChannelAccountViewSet(WorkspaceScopedMixin, viewsets.ModelViewSet):
    """Every agent sees the accounts; admins connect, change and deactivate them."""

    queryset = ChannelAccount.objects.all()
    serializer_class = ChannelAccountSerializer
    filterset_fields = ["kind", "is_active"]
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_base_queryset(self):
        return channel_account_list(workspace=self.request.workspace)

    def filter_queryset(self, queryset):
        return super().filter_queryset(queryset) if self.action == "list" else queryset

    @extend_schema(request=ChannelAccountInputSerializer, responses={201: ChannelAccountSerializer})
    def create(self, request):
        payload = ChannelAccountInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        channel_account = services.channel_account_create(workspace=request.workspace, **payload.validated_data)
        return Response(ChannelAccountSerializer(channel_account).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ChannelAccountPatchInputSerializer, responses=ChannelAccountSerializer)
    def partial_update(self, request, pk=None):
        channel_account = self.get_object()
        payload = ChannelAccountPatchInputSerializer(data=request.data, partial=True)
        payload.is_valid(raise_exception=True)
        channel_account = services.channel_account_update(channel_account=channel_account, **payload.validated_data)
        return Response(ChannelAccountSerializer(channel_account).data)

    @extend_schema(responses={204: None})
    def destroy(self, request, pk=None):
        """Deactivate: the account stops taking messages; its cases and history stay."""
        services.channel_account_deactivate(channel_account=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)
