"""The widget's REST API (/api/widget/v1/): sessions, history, file uploads (and the
visitor's own files back), a fallback for sending when the websocket cannot connect, and
read receipts.

Called cross-origin from the host sites' pages, with the session token as a bearer token
(no cookies): every answer allows the caller's origin for reading (CORS), and the widget's
`allowed_origins` is enforced on the request itself (403), which is what keeps other sites out.
"""

from __future__ import annotations

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.authentication import bearer_token_from_header
from core.errors import ApplicationError
from core.rate_limits import rate_limit_hit
from inbox.media import stored_file_response
from webchat import selectors, services
from webchat.authentication import IsWidgetVisitor, WidgetSessionAuthentication
from webchat.serializers import (
    WidgetHistoryInputSerializer,
    WidgetHistorySerializer,
    WidgetMessageAckSerializer,
    WidgetMessageInputSerializer,
    WidgetReadReceiptInputSerializer,
    WidgetReadReceiptSerializer,
    WidgetSessionInputSerializer,
    WidgetSessionSerializer,
    WidgetUploadInputSerializer,
    WidgetUploadSerializer,
)

WEBSOCKET_PATH = "/ws/widget/"
CORS_MAX_AGE = 600
# A multipart body is the file plus its part headers and boundaries: a few KB at most.
MULTIPART_OVERHEAD_BYTES = 64 * 1024


class WidgetApi(APIView):
    authentication_classes = [WidgetSessionAuthentication]
    permission_classes = [IsWidgetVisitor]
    renderer_classes = [JSONRenderer]

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        origin = request.META.get("HTTP_ORIGIN")
        if origin:
            response["Access-Control-Allow-Origin"] = origin
            response["Access-Control-Allow-Headers"] = "Authorization, Content-Type"
            response["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
            response["Access-Control-Max-Age"] = str(CORS_MAX_AGE)
        response["Vary"] = "Origin"
        return response

    @extend_schema(exclude=True)
    def options(self, request, *args, **kwargs):
        # The CORS preflight: it carries no token or body, so it cannot be checked here.
        return Response(status=status.HTTP_204_NO_CONTENT)

    def initial(self, request, *args, **kwargs):
        if request.method == "OPTIONS":
            return  # no authentication for preflights
        super().initial(request, *args, **kwargs)


class WidgetSessionApi(WidgetApi):
    authentication_classes = []
    permission_classes = [AllowAny]

    @extend_schema(
        request=WidgetSessionInputSerializer,
        responses={201: WidgetSessionSerializer, 200: WidgetSessionSerializer},
        summary="Start or resume a visitor's widget session",
        description=(
            "201 with a new session_token (keep it), or 200 when `session_token` (in the body or as "
            "`Authorization: Bearer`) resumed its session. With user_identifier, user_hash must be "
            "hex HMAC-SHA256(identity_secret, user_identifier): 403 identity_not_verified otherwise. "
            "403 origin_not_allowed when the page's Origin is not one the widget allows."
        ),
        tags=["widget"],
    )
    def post(self, request):
        payload = WidgetSessionInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        channel_account = selectors.widget_account_get(pk=data["widget"])
        if channel_account is None:
            raise ApplicationError(
                "No active web-chat widget with this id.",
                code="not_found",
                status_code=404,
                extra={"fields": {"widget": ["Unknown."]}},
            )
        rate_limit_hit(services.SESSION_STARTS, f"{channel_account.pk}:{request.META.get('REMOTE_ADDR', '')}")
        started = services.widget_session_start(
            channel_account=channel_account,
            origin=request.META.get("HTTP_ORIGIN"),
            session_token=data.get("session_token") or bearer_token_from_header(request.META.get("HTTP_AUTHORIZATION")) or "",
            user_identifier=data.get("user_identifier", ""),
            user_hash=data.get("user_hash", ""),
            name=data.get("name", ""),
            email=data.get("email", ""),
            language=data.get("language", ""),
        )
        session = started.session
        body = WidgetSessionSerializer(
            {
                "session_token": started.token,
                "visitor_id": session.visitor_id,
                "widget": session.channel_account_id,
                "widget_name": channel_account.name,
                "verified": session.verified,
                "name": session.name,
                "email": session.email,
                "resumed": started.resumed,
                "websocket_path": WEBSOCKET_PATH,
                "upload_max_bytes": services.MAX_UPLOAD_BYTES,
                "upload_types": list(services.UPLOAD_TYPES),
            }
        ).data
        return Response(body, status=status.HTTP_200_OK if started.resumed else status.HTTP_201_CREATED)


class WidgetMessagesApi(WidgetApi):
    @extend_schema(
        parameters=[WidgetHistoryInputSerializer],
        responses={200: WidgetHistorySerializer},
        summary="The visitor's conversation (fill gaps after a reconnect)",
        description="Without `after`: the newest messages. With it: those after that id, oldest first. Dedupe by id.",
        tags=["widget"],
    )
    def get(self, request):
        payload = WidgetHistoryInputSerializer(data=request.query_params)
        payload.is_valid(raise_exception=True)
        messages, has_more = selectors.visitor_messages(
            session=request.auth, after=payload.validated_data.get("after"), limit=payload.validated_data.get("limit")
        )
        body = {"messages": [selectors.message_frame_payload(message) for message in messages], "has_more": has_more}
        return Response(WidgetHistorySerializer(body).data)

    @extend_schema(
        request=WidgetMessageInputSerializer,
        responses={201: WidgetMessageAckSerializer, 200: WidgetMessageAckSerializer},
        summary="Send a visitor message (fallback when the websocket is unavailable)",
        description="201 when stored; 200 with the same ack when this client_message_id was already received.",
        tags=["widget"],
    )
    def post(self, request):
        payload = WidgetMessageInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        result = services.visitor_message_create(
            session=request.auth,
            client_message_id=data["client_message_id"],
            text=data["text"],
            sent_at=data.get("sent_at"),
            upload_ids=[ref["upload_id"] for ref in data.get("attachments", [])],
        )
        ack = services.message_ack(result, data["client_message_id"])
        return Response(
            WidgetMessageAckSerializer(ack).data, status=status.HTTP_201_CREATED if result.created else status.HTTP_200_OK
        )


class WidgetReadReceiptApi(WidgetApi):
    @extend_schema(
        request=WidgetReadReceiptInputSerializer,
        responses={200: WidgetReadReceiptSerializer},
        summary="The visitor has seen the replies up to a message",
        tags=["widget"],
    )
    def post(self, request):
        payload = WidgetReadReceiptInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        read = services.visitor_messages_read(session=request.auth, up_to_message_id=payload.validated_data["up_to_message_id"])
        return Response(WidgetReadReceiptSerializer({"read": read}).data)


class WidgetUploadsApi(WidgetApi):
    parser_classes = [MultiPartParser]

    @extend_schema(
        request={"multipart/form-data": WidgetUploadInputSerializer},
        responses={
            201: WidgetUploadSerializer,
            413: OpenApiResponse(description="file_too_large: over `upload_max_bytes` (extra.max_bytes)."),
            415: OpenApiResponse(description="unsupported_file_type: not an image or a PDF (extra.types)."),
        },
        summary="Upload a file the visitor attached (then send a message naming it)",
        description="The file waits, unsent, until a message lists it in `attachments[].upload_id`; unsent files are deleted after a day.",
        tags=["widget"],
    )
    def post(self, request):
        session = request.auth
        # Refused before the body is parsed: a file that is too big, or one too many.
        declared = request.META.get("CONTENT_LENGTH") or ""
        if declared.isdigit():
            services.upload_size_check(int(declared) - MULTIPART_OVERHEAD_BYTES)
        rate_limit_hit(services.VISITOR_UPLOADS, str(session.pk))
        rate_limit_hit(services.UPLOADS_PER_ADDRESS, f"{session.channel_account_id}:{request.META.get('REMOTE_ADDR', '')}")
        payload = WidgetUploadInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        upload = services.visitor_upload_create(session=session, file=payload.validated_data["file"])
        return Response(WidgetUploadSerializer(upload).data, status=status.HTTP_201_CREATED)


class WidgetAttachmentApi(WidgetApi):
    @extend_schema(
        responses={(200, "application/octet-stream"): bytes, 404: None},
        summary="A file of the visitor's conversation (the `authenticated` attachment URLs)",
        tags=["widget"],
    )
    def get(self, request, pk: int):
        attachment = selectors.visitor_attachment_get(session=request.auth, attachment_id=pk)
        if attachment is None:
            raise ApplicationError("No such file in your conversation.", code="not_found", status_code=404)
        response = stored_file_response(attachment)
        response["Cache-Control"] = "private, max-age=3600"
        return response
