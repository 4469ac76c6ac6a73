"""Channel accounts: every member sees them; admins connect, tune and deactivate them.

Posting a message to an `api` account is the inbox's endpoint (inbox.apis.ApiChannelMessageApi).
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.models import Role
from accounts.tenancy import WorkspaceScopedMixin
from channel_accounts import services
from channel_accounts.models import ChannelAccount, InboundEvent
from channel_accounts.selectors import channel_account_list, inbound_event_list
from channel_accounts.serializers import (
    ChannelAccountInputSerializer,
    ChannelAccountPatchInputSerializer,
    ChannelAccountSerializer,
    InboundEventDetailSerializer,
    InboundEventSerializer,
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
        return Response(
            ChannelAccountSerializer(channel_account, context={"request": request}).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(request=ChannelAccountPatchInputSerializer, responses=ChannelAccountSerializer)
    def partial_update(self, request, pk=None):
        channel_account = self.get_object()
        payload = ChannelAccountPatchInputSerializer(data=request.data, partial=True)
        payload.is_valid(raise_exception=True)
        channel_account = services.channel_account_update(channel_account=channel_account, **payload.validated_data)
        return Response(ChannelAccountSerializer(channel_account, context={"request": request}).data)

    @extend_schema(
        request=None, responses=ChannelAccountSerializer, summary="Telegram: register our webhook with the bot (setWebhook)"
    )
    @action(detail=True, methods=["post"], url_path="register-webhook")
    def register_webhook(self, request, pk=None):
        channel_account = self.get_object()
        services.telegram_webhook_register(channel_account=channel_account)
        return Response(ChannelAccountSerializer(channel_account, context={"request": request}).data)

    @extend_schema(responses={204: None})
    def destroy(self, request, pk=None):
        """Deactivate: the account stops taking messages; its cases and history stay."""
        services.channel_account_deactivate(channel_account=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


class InboundEventViewSet(WorkspaceScopedMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The webhook log: every request a platform sent, as received (admins). Filter by
    `status` (e.g. `dead`, `rejected`) and `channel_account`; `reprocess` replays one."""

    queryset = InboundEvent.objects.all()
    serializer_class = InboundEventSerializer
    filterset_fields = ["status", "channel_account", "kind"]
    read_role = Role.ADMIN
    write_role = Role.ADMIN

    def get_base_queryset(self):
        return inbound_event_list(workspace=self.request.workspace)

    def get_serializer_class(self):
        return InboundEventDetailSerializer if self.action == "retrieve" else InboundEventSerializer

    @extend_schema(
        request=None, responses={202: InboundEventSerializer}, summary="Process a dead (or any non-refused) event again"
    )
    @action(detail=True, methods=["post"])
    def reprocess(self, request, pk=None):
        event = services.inbound_event_reprocess(inbound_event=self.get_object())
        return Response(InboundEventSerializer(event).data, status=status.HTTP_202_ACCEPTED)
