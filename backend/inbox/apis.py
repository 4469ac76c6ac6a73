"""Inbox API: case lists and counts, the case screen, agent actions, canned responses.

Thin views: input serializer → service (inbox.services) → output serializer. Every object
named in a body is looked up within the caller's workspace (serializers.WorkspaceObjectField).
"""

from __future__ import annotations

from django.http import HttpResponseRedirect, JsonResponse
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, generics, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from accounts.models import Role
from accounts.tenancy import WorkspaceScopedMixin
from channel_accounts.models import ChannelAccount
from channel_accounts.serializers import ApiMessageInputSerializer, ApiMessageResultSerializer
from channel_accounts.services import api_channel_ensure_accepts
from core.errors import error_body
from customers.selectors import customer_list
from inbox import media, reply_media, services
from inbox.filters import CaseCursorPagination, CaseFilter, NewestCaseCursorPagination
from inbox.ingest import message_ingest
from inbox.models import CannedResponse, Case, Message, MessageAttachment
from inbox.reply_media import reply_upload_create
from inbox.selectors import (
    canned_response_list,
    case_counts,
    case_detail,
    case_list,
    case_tag_counts,
    customer_case_list,
    message_list,
)
from inbox.serializers import (
    CannedResponseInputSerializer,
    CannedResponseRenderInputSerializer,
    CannedResponseSerializer,
    CaseAssignInputSerializer,
    CaseCountsSerializer,
    CaseDetailSerializer,
    CaseMergeInputSerializer,
    CaseNoteInputSerializer,
    CasePriorityInputSerializer,
    CaseReplyInputSerializer,
    CaseSerializer,
    CaseSnoozeInputSerializer,
    CaseStatusInputSerializer,
    CaseTagsInputSerializer,
    CaseTeamInputSerializer,
    MessageSerializer,
    RenderedTextSerializer,
    ReplyUploadInputSerializer,
    ReplyUploadSerializer,
)


class InputMixin:
    def validated(self, serializer_class, data=None) -> dict:
        payload = serializer_class(data=self.request.data if data is None else data, context=self.get_serializer_context())
        payload.is_valid(raise_exception=True)
        return payload.validated_data


class CaseViewSet(WorkspaceScopedMixin, InputMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Cases: the inbox list (filters, sorts, cursor pages), counts per view, the case screen,
    and every agent action as a POST on the case."""

    queryset = Case.objects.all()
    serializer_class = CaseSerializer
    filterset_class = CaseFilter
    pagination_class = CaseCursorPagination
    write_role = Role.AGENT

    def get_base_queryset(self):
        if self.action == "list":
            return case_list(workspace=self.request.workspace)
        if self.action == "retrieve":
            return case_detail(workspace=self.request.workspace)
        return Case.objects.all()  # actions: the service locks and reloads the row

    def get_serializer_class(self):
        return CaseDetailSerializer if self.action == "retrieve" else CaseSerializer

    def filter_queryset(self, queryset):
        # Filters are list parameters; on a case or an action they would only hide the case.
        return super().filter_queryset(queryset) if self.action == "list" else queryset

    def _case_response(self, case: Case) -> Response:
        return Response(CaseSerializer(case_list(workspace=self.request.workspace).get(pk=case.pk)).data)

    def _message_response(self, message: Message) -> Response:
        message = message_list(workspace=self.request.workspace).get(pk=message.pk)
        return Response(MessageSerializer(message).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=CaseCountsSerializer, filters=False)
    @action(detail=False, methods=["get"], pagination_class=None)
    def counts(self, request):
        """How many cases each inbox view holds for you."""
        return Response(CaseCountsSerializer(case_counts(membership=request.membership)).data)

    @extend_schema(request=CaseReplyInputSerializer, responses={201: MessageSerializer})
    @action(detail=True, methods=["post"])
    def reply(self, request, pk=None):
        """A public reply to the customer, queued for delivery on the case's channel."""
        case = self.get_object()
        payload = self.validated(CaseReplyInputSerializer)
        message = services.case_reply(
            case=case,
            author=request.membership,
            text=payload["text"],
            reply_to=payload["reply_to_id"],
            canned_response=payload["canned_response_id"],
            template=payload["template"],
            upload_ids=payload["upload_ids"],
        )
        return self._message_response(message)

    @extend_schema(request=CaseNoteInputSerializer, responses={201: MessageSerializer})
    @action(detail=True, methods=["post"])
    def notes(self, request, pk=None):
        """A private note for colleagues; @mentions notify them."""
        case = self.get_object()
        payload = self.validated(CaseNoteInputSerializer)
        note = services.case_add_note(
            case=case,
            author=request.membership,
            text=payload["text"],
            mention_ids=[m.pk for m in payload["mention_ids"]],
            upload_ids=payload["upload_ids"],
        )
        return self._message_response(note)

    @extend_schema(request={"multipart/form-data": ReplyUploadInputSerializer}, responses={201: ReplyUploadSerializer})
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser])
    def uploads(self, request, pk=None):
        """Upload one file for the reply or note being written; send it with `upload_ids`."""
        case = self.get_object()
        payload = self.validated(ReplyUploadInputSerializer)
        upload = reply_upload_create(case=case, uploaded_by=request.membership, file=payload["file"])
        return Response(ReplyUploadSerializer(upload).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=CaseAssignInputSerializer, responses=CaseSerializer)
    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        case = self.get_object()
        payload = self.validated(CaseAssignInputSerializer)
        return self._case_response(services.case_assign(case=case, assignee=payload["assignee_id"], actor=request.membership))

    @extend_schema(request=CaseTeamInputSerializer, responses=CaseSerializer)
    @action(detail=True, methods=["post"], url_path="team")
    def set_team(self, request, pk=None):
        case = self.get_object()
        payload = self.validated(CaseTeamInputSerializer)
        return self._case_response(services.case_set_team(case=case, team=payload["team_id"], actor=request.membership))

    @extend_schema(request=CaseStatusInputSerializer, responses=CaseSerializer)
    @action(detail=True, methods=["post"], url_path="status")
    def set_status(self, request, pk=None):
        case = self.get_object()
        payload = self.validated(CaseStatusInputSerializer)
        return self._case_response(services.case_set_status(case=case, status=payload["status"], actor=request.membership))

    @extend_schema(request=CaseSnoozeInputSerializer, responses=CaseSerializer)
    @action(detail=True, methods=["post"])
    def snooze(self, request, pk=None):
        case = self.get_object()
        payload = self.validated(CaseSnoozeInputSerializer)
        return self._case_response(services.case_snooze(case=case, until=payload["until"], actor=request.membership))

    @extend_schema(request=CasePriorityInputSerializer, responses=CaseSerializer)
    @action(detail=True, methods=["post"], url_path="priority")
    def set_priority(self, request, pk=None):
        case = self.get_object()
        payload = self.validated(CasePriorityInputSerializer)
        return self._case_response(
            services.case_set_priority(case=case, priority=int(payload["priority"]), actor=request.membership)
        )

    @extend_schema(request=CaseTagsInputSerializer, responses=CaseSerializer)
    @action(detail=True, methods=["post"], url_path="tags")
    def set_tags(self, request, pk=None):
        case = self.get_object()
        payload = self.validated(CaseTagsInputSerializer)
        return self._case_response(
            services.case_tag(case=case, add=payload["add"], remove=payload["remove"], actor=request.membership)
        )

    @extend_schema(request=CaseMergeInputSerializer, responses=CaseSerializer)
    @action(detail=True, methods=["post"])
    def merge(self, request, pk=None):
        """Fold this case into another case of the same customer; answers with the target."""
        case = self.get_object()
        payload = self.validated(CaseMergeInputSerializer)
        return self._case_response(services.case_merge(source=case, target=payload["target_case_id"], actor=request.membership))


class CustomerCaseListApi(WorkspaceScopedMixin, generics.ListAPIView):
    """A customer's cases on every channel, newest first (case rows, cursor pages)."""

    queryset = Case.objects.all()
    serializer_class = CaseSerializer
    pagination_class = NewestCaseCursorPagination
    filter_backends: list = []

    def get_base_queryset(self):
        customer_id = self.kwargs["customer_id"]
        if not customer_list(workspace=self.request.workspace).filter(pk=customer_id).exists():
            raise exceptions.NotFound("No such customer.")
        return customer_case_list(workspace=self.request.workspace, customer_id=customer_id)


class CannedResponseViewSet(WorkspaceScopedMixin, InputMixin, viewsets.ModelViewSet):
    """Saved answers. Agents use them; supervisors write them."""

    queryset = CannedResponse.objects.all()
    serializer_class = CannedResponseSerializer
    write_role = Role.SUPERVISOR
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    filter_backends: list = []

    def get_base_queryset(self):
        return canned_response_list(workspace=self.request.workspace)

    def _canned_response_response(self, canned_response: CannedResponse, status_code: int = status.HTTP_200_OK) -> Response:
        return Response(CannedResponseSerializer(self.get_queryset().get(pk=canned_response.pk)).data, status=status_code)

    @extend_schema(request=CannedResponseInputSerializer, responses={201: CannedResponseSerializer})
    def create(self, request):
        payload = self.validated(CannedResponseInputSerializer)
        team = payload.pop("team_id", None)
        canned_response = services.canned_response_create(workspace=request.workspace, team=team, **payload)
        return self._canned_response_response(canned_response, status.HTTP_201_CREATED)

    @extend_schema(request=CannedResponseInputSerializer(partial=True), responses=CannedResponseSerializer)
    def partial_update(self, request, pk=None):
        canned_response = self.get_object()
        payload = CannedResponseInputSerializer(data=request.data, partial=True, context=self.get_serializer_context())
        payload.is_valid(raise_exception=True)
        changes = dict(payload.validated_data)
        if "team_id" in changes:
            changes["team"] = changes.pop("team_id")
        canned_response = services.canned_response_update(canned_response=canned_response, **changes)
        return self._canned_response_response(canned_response)

    @extend_schema(responses={204: None})
    def destroy(self, request, pk=None):
        services.canned_response_delete(canned_response=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(parameters=[CannedResponseRenderInputSerializer], responses=RenderedTextSerializer)
    @action(detail=True, methods=["get"], url_path="render")
    def render_text(self, request, pk=None):
        """The answer with its variables filled for a case and for you."""
        canned_response = self.get_object()
        payload = self.validated(CannedResponseRenderInputSerializer, data=request.query_params)
        text = services.canned_response_render(canned_response=canned_response, case=payload["case"], agent=request.membership)
        return Response(RenderedTextSerializer({"text": text}).data)


class ApiChannelMessageApi(WorkspaceScopedMixin, generics.GenericAPIView):
    """The generic `api` channel: any other system posts a customer message, normalized, and
    it takes the same path as every platform's (inbox.ingest.message_ingest). Meant for API
    tokens; any member may post."""

    queryset = ChannelAccount.objects.all()
    serializer_class = ApiMessageInputSerializer
    write_role = Role.AGENT

    @extend_schema(
        request=ApiMessageInputSerializer,
        responses={201: ApiMessageResultSerializer, 200: ApiMessageResultSerializer},
        summary="Post a customer message to an `api` channel account",
        description="201 with created=true; 200 with created=false when this external_id was already received (nothing changes).",
    )
    def post(self, request, pk: int):
        channel_account = self.get_object()
        api_channel_ensure_accepts(channel_account=channel_account)
        payload = ApiMessageInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        result = message_ingest(
            channel_account=channel_account, inbound=ApiMessageInputSerializer.inbound(payload.validated_data)
        )
        body = ApiMessageResultSerializer(
            {"message_id": result.message.pk, "case_id": result.case.pk, "created": result.created}
        ).data
        return Response(body, status=status.HTTP_201_CREATED if result.created else status.HTTP_200_OK)


class AttachmentDownloadApi(WorkspaceScopedMixin, generics.GenericAPIView):
    """A customer's attachment, from our copy, for members of its workspace. Before the copy
    exists (the download job runs seconds after ingest) it redirects to the platform's link
    when that is a plain URL."""

    queryset = MessageAttachment.objects.all()

    @extend_schema(responses={(200, "application/octet-stream"): bytes, 302: None}, summary="Download an attachment")
    def get(self, request, pk: int):
        attachment = self.get_object()
        if attachment.fetch_status == "stored" and attachment.file:
            return media.stored_file_response(attachment)
        if attachment.url.startswith(("http://", "https://")):
            return HttpResponseRedirect(attachment.url)
        raise exceptions.NotFound(f"This attachment is not downloaded yet (status: {attachment.fetch_status}).")


class CaseTagCountSerializer(serializers.Serializer):
    tag = serializers.CharField()
    open_count = serializers.IntegerField()


class CaseTagListApi(WorkspaceScopedMixin, generics.GenericAPIView):
    """Tags in use on open cases, with counts (most used first)."""

    queryset = Case.objects.all()
    pagination_class = None

    @extend_schema(responses=CaseTagCountSerializer(many=True), summary="Tags on open cases, with counts")
    def get(self, request):
        return Response(CaseTagCountSerializer(case_tag_counts(workspace=request.workspace), many=True).data)


def public_reply_media(request, pk: int, signature: str, name: str):
    """An agent's outbound file for the platform that fetches it (inbox.reply_media): no login,
    the signature in the link is the permission."""
    attachment = reply_media.public_media_get(pk=pk, signature=signature)
    if attachment is None:
        return JsonResponse(error_body("No such file, or the link is not valid.", "not_found"), status=404)
    return media.stored_file_response(attachment)
