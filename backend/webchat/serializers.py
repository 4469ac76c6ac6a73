"""Input and output shapes of the widget's REST API (/api/widget/v1/)."""

from __future__ import annotations

from rest_framework import serializers

from inbox.models import DeliveryStatus, Direction


class WidgetSessionInputSerializer(serializers.Serializer):
    widget = serializers.IntegerField(min_value=1, help_text="The widget's id: its `webchat` channel account id (data-widget).")
    session_token = serializers.CharField(
        required=False, allow_blank=True, max_length=200, help_text="A token from an earlier answer: resumes that session."
    )
    user_identifier = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=200,
        trim_whitespace=True,
        help_text="The host site's id of its logged-in user; needs user_hash.",
    )
    user_hash = serializers.CharField(
        required=False, allow_blank=True, max_length=128, help_text="hex HMAC-SHA256(identity_secret, user_identifier)."
    )
    name = serializers.CharField(
        required=False, allow_blank=True, max_length=255, help_text="Trusted only with a verified identity."
    )
    email = serializers.EmailField(required=False, allow_blank=True, help_text="Trusted only with a verified identity.")
    language = serializers.CharField(
        required=False, allow_blank=True, max_length=16, help_text="The browser's language, e.g. es-ES."
    )


class WidgetSessionSerializer(serializers.Serializer):
    session_token = serializers.CharField(
        help_text="Keep it (localStorage); send it as `Authorization: Bearer` and on the websocket."
    )
    visitor_id = serializers.CharField()
    widget = serializers.IntegerField()
    widget_name = serializers.CharField()
    verified = serializers.BooleanField()
    name = serializers.CharField()
    email = serializers.CharField()
    resumed = serializers.BooleanField(help_text="True when the token given resumed its session.")
    websocket_path = serializers.CharField(help_text="Connect to it with ?token=<session_token>[&after=<last message id>].")
    upload_max_bytes = serializers.IntegerField(help_text="The largest file POST /uploads accepts.")
    upload_types = serializers.ListField(child=serializers.CharField(), help_text="The file types it accepts (MIME).")


class WidgetMessageAuthorSerializer(serializers.Serializer):
    name = serializers.CharField()


class WidgetAttachmentSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text="image, video, audio or file")
    url = serializers.CharField(
        help_text="An agent's file: a public signed link. The visitor's own: a path on this server to GET with the session token."
    )
    name = serializers.CharField()
    mime_type = serializers.CharField()
    size_bytes = serializers.IntegerField(allow_null=True)
    authenticated = serializers.BooleanField(help_text="True: fetch `url` with `Authorization: Bearer <session_token>`.")


class WidgetMessageSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    seq = serializers.IntegerField(help_text="Render by it (server order).")
    direction = serializers.ChoiceField(choices=Direction.choices)
    client_message_id = serializers.CharField(help_text="The visitor's own id of an inbound message; '' for replies.")
    text = serializers.CharField()
    status = serializers.ChoiceField(choices=DeliveryStatus.choices)
    author = WidgetMessageAuthorSerializer(allow_null=True)
    created_at = serializers.DateTimeField()
    sent_at = serializers.DateTimeField(allow_null=True)
    edited_at = serializers.DateTimeField(allow_null=True)
    deleted = serializers.BooleanField()
    attachments = WidgetAttachmentSerializer(many=True, help_text="The message's files.")


class WidgetHistoryInputSerializer(serializers.Serializer):
    after = serializers.IntegerField(
        required=False, min_value=0, help_text="The last message id the widget has: only newer ones."
    )
    limit = serializers.IntegerField(required=False, min_value=1, max_value=200)


class WidgetHistorySerializer(serializers.Serializer):
    messages = WidgetMessageSerializer(many=True)
    has_more = serializers.BooleanField(help_text="More after the last one: ask again with after=<its id>.")


class WidgetAttachmentRefSerializer(serializers.Serializer):
    upload_id = serializers.IntegerField(min_value=1, help_text="An id from POST /uploads, not sent yet.")


class WidgetMessageInputSerializer(serializers.Serializer):
    client_message_id = serializers.CharField(max_length=64, help_text="A UUID the widget made: resending it is harmless.")
    text = serializers.CharField(
        max_length=5000, trim_whitespace=True, required=False, allow_blank=True, default="", help_text="May be empty with files."
    )
    attachments = WidgetAttachmentRefSerializer(many=True, required=False, help_text="This visitor's uploads, in order.")
    sent_at = serializers.DateTimeField(required=False, allow_null=True, help_text="When the visitor sent it (RFC 3339, UTC).")


class WidgetMessageAckSerializer(serializers.Serializer):
    type = serializers.CharField()
    client_message_id = serializers.CharField()
    message_id = serializers.IntegerField()
    seq = serializers.IntegerField()
    created_at = serializers.DateTimeField()


class WidgetUploadInputSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="An image (JPEG, PNG, GIF, WebP) or a PDF, as its content says.")


class WidgetUploadSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="Send it as attachments[].upload_id with the message.")
    name = serializers.CharField()
    mime_type = serializers.CharField()
    size_bytes = serializers.IntegerField()


class WidgetReadReceiptInputSerializer(serializers.Serializer):
    up_to_message_id = serializers.IntegerField(min_value=1)


class WidgetReadReceiptSerializer(serializers.Serializer):
    read = serializers.ListField(child=serializers.IntegerField(), help_text="Replies that moved to read.")
