"""Channel account shapes, and the generic `api` channel's message format."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from django.utils.dateparse import parse_duration
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from channel_accounts.models import CHANNEL_KIND_CHOICES, ChannelAccount
from integrations.events import Attachment, AttachmentKind, ChannelKind, InboundMessage, MessageKind, Sender, ThreadHints

NUMBER = re.compile(r"^\d+(\.\d+)?$")
# Unix time in seconds passes 10^11 only in the year 5138; in milliseconds it did in 1973.
MILLISECONDS_ABOVE = 10**11


@extend_schema_field(
    {
        "oneOf": [{"type": "integer", "minimum": 0}, {"type": "string", "example": "P7D"}],
        "description": "Seconds, or an ISO 8601 duration such as P7D or PT12H.",
    }
)
class DurationInputField(serializers.Field):
    default_error_messages = {"invalid": "Use a number of seconds or an ISO 8601 duration such as P7D or PT12H."}

    def to_internal_value(self, value) -> timedelta:
        if isinstance(value, bool):
            self.fail("invalid")
        if isinstance(value, int | float):
            return timedelta(seconds=value)
        if isinstance(value, str):
            if NUMBER.match(value.strip()):
                return timedelta(seconds=float(value))
            parsed = parse_duration(value.strip())
            if parsed is not None:
                return parsed
        self.fail("invalid")

    def to_representation(self, value: timedelta) -> int:
        return int(value.total_seconds())


@extend_schema_field(
    {
        "oneOf": [{"type": "string", "format": "date-time"}, {"type": "number"}],
        "description": "ISO 8601, or unix time in seconds or in milliseconds (values above 10^11 are read as milliseconds).",
    }
)
class PlatformTimestampField(serializers.Field):
    """Platforms send ISO strings, unix seconds or unix milliseconds; all three are read."""

    default_error_messages = {"invalid": "Use an ISO 8601 date-time or unix time in seconds or milliseconds."}

    def to_internal_value(self, value) -> datetime:
        if isinstance(value, bool):
            self.fail("invalid")
        if isinstance(value, int | float) or (isinstance(value, str) and NUMBER.match(value.strip())):
            number = float(value)
            if number > MILLISECONDS_ABOVE:
                number /= 1000
            try:
                return datetime.fromtimestamp(number, tz=UTC)
            except (OverflowError, OSError, ValueError):
                self.fail("invalid")
        if isinstance(value, str):
            return serializers.DateTimeField().to_internal_value(value)
        self.fail("invalid")

    def to_representation(self, value: datetime) -> str:
        return value.isoformat()


# --- Channel accounts -----------------------------------------------------------------------


class ChannelAccountSerializer(serializers.ModelSerializer):
    reopen_window = serializers.SerializerMethodField(help_text="Seconds.")

    class Meta:
        model = ChannelAccount
        fields = ["id", "kind", "name", "external_id", "is_active", "reopen_window", "email_subject_threading", "created_at", "updated_at"]

    def get_reopen_window(self, channel_account: ChannelAccount) -> int:
        return int(channel_account.reopen_window.total_seconds())


class ChannelAccountInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=CHANNEL_KIND_CHOICES)
    name = serializers.CharField(max_length=120)
    external_id = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
    reopen_window = DurationInputField(required=False, help_text="Default 7 days.")
    email_subject_threading = serializers.BooleanField(required=False, default=True)


class ChannelAccountPatchInputSerializer(serializers.Serializer):
    kind = serializers.CharField(required=False, help_text="Read-only: a channel account's kind never changes.")
    name = serializers.CharField(max_length=120, required=False)
    external_id = serializers.CharField(max_length=255, required=False, allow_blank=True)
    reopen_window = DurationInputField(required=False)
    email_subject_threading = serializers.BooleanField(required=False)
    is_active = serializers.BooleanField(required=False)

    def validate_kind(self, value: str) -> str:
        raise serializers.ValidationError("A channel account's kind cannot change; connect another account instead.")


# --- The generic `api` channel --------------------------------------------------------------


class ApiSenderSerializer(serializers.Serializer):
    external_id = serializers.CharField(max_length=255, help_text="The sender's id in your system: stable per person.")
    display_name = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
    username = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
    avatar_url = serializers.URLField(max_length=1000, required=False, allow_blank=True, default="")
    email = serializers.EmailField(required=False, allow_blank=True, default="")
    phone = serializers.CharField(max_length=32, required=False, allow_blank=True, default="")
    language = serializers.CharField(max_length=8, required=False, allow_blank=True, default="", help_text="ISO 639-1, e.g. es.")


class ApiAttachmentSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=[(kind.value, kind.value) for kind in AttachmentKind])
    url = serializers.URLField(max_length=2000)
    mime_type = serializers.CharField(max_length=127, required=False, allow_blank=True, default="")
    size_bytes = serializers.IntegerField(min_value=0, required=False, allow_null=True, default=None)
    name = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")


class ApiThreadSerializer(serializers.Serializer):
    subject = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    post_id = serializers.CharField(
        max_length=255, required=False, allow_blank=True, default="", help_text="Comments and mentions on one post thread together."
    )
    reply_to_external_id = serializers.CharField(max_length=512, required=False, allow_blank=True, default="")


class ApiMessageInputSerializer(serializers.Serializer):
    """One customer message from any other system, in Dialogo's normalized form."""

    external_id = serializers.CharField(max_length=512, help_text="Your id for this message: a repeat is recognised and ignored.")
    sender = ApiSenderSerializer()
    sent_at = PlatformTimestampField()
    text = serializers.CharField(max_length=20000, required=False, allow_blank=True, default="", trim_whitespace=False)
    kind = serializers.ChoiceField(choices=[(kind.value, kind.value) for kind in MessageKind], required=False, default=MessageKind.MESSAGE.value)
    attachments = ApiAttachmentSerializer(many=True, required=False, default=list, max_length=20)
    thread = ApiThreadSerializer(required=False, default=dict)

    def validate(self, attrs):
        if not attrs["text"].strip() and not attrs["attachments"]:
            raise serializers.ValidationError({"text": ["A message needs text or attachments."]})
        return attrs

    @staticmethod
    def inbound(validated: dict) -> InboundMessage:
        thread = validated.get("thread") or {}
        return InboundMessage(
            channel_kind=ChannelKind.API,
            external_id=validated["external_id"],
            sender=Sender(**validated["sender"]),
            sent_at=validated["sent_at"],
            text=validated["text"],
            kind=MessageKind(validated["kind"]),
            attachments=tuple(Attachment(**{**attachment, "kind": AttachmentKind(attachment["kind"])}) for attachment in validated["attachments"]),
            thread=ThreadHints(
                subject=thread.get("subject", ""),
                post_id=thread.get("post_id", ""),
                reply_to_external_id=thread.get("reply_to_external_id", ""),
            ),
        )


class ApiMessageResultSerializer(serializers.Serializer):
    message_id = serializers.IntegerField()
    case_id = serializers.IntegerField()
    created = serializers.BooleanField(help_text="False: this external_id was received before; nothing changed.")
