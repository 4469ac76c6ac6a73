"""Channel account shapes, and the generic `api` channel's message format."""

from __future__ import annotations

import base64
import re
from datetime import UTC, datetime, timedelta
from urllib.parse import quote, urlsplit, urlunsplit

from django.conf import settings
from django.utils.dateparse import parse_duration
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from channel_accounts.models import CHANNEL_KIND_CHOICES, ChannelAccount, InboundEvent
from integrations.email import esp
from integrations.events import Attachment, AttachmentKind, ChannelKind, InboundMessage, MessageKind, Sender, ThreadHints
from integrations.outbound import SECRET_CREDENTIALS

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


class ChannelSetupSerializer(serializers.Serializer):
    webhook_url = serializers.CharField(allow_blank=True, help_text="The callback URL to paste into the platform.")
    verify_token = serializers.CharField(required=False, help_text="Meta: the verify token to paste next to the callback URL.")
    secret_header = serializers.CharField(required=False, help_text="The header the platform (or your mail forwarder) must send.")
    secret = serializers.CharField(required=False, help_text="Admins only: the value of that header.")
    webhook_url_with_secret = serializers.CharField(
        required=False,
        help_text="Admins only, email from SendGrid: the webhook URL with the secret as its HTTP Basic password, to paste as is.",
    )
    embed_snippet = serializers.CharField(required=False, help_text="Web chat: the script tag to paste into your site.")
    instructions = serializers.CharField()


SETUP_INSTRUCTIONS = {
    "messenger": "In the Meta App Dashboard, Messenger > Webhooks: paste the callback URL and verify token, subscribe the page to "
    "messages, message_echoes, message_deliveries, message_reads, message_reactions, messaging_postbacks.",
    "instagram": "In the Meta App Dashboard, Instagram > Webhooks: paste the callback URL and verify token, subscribe to messages, "
    "comments, mentions.",
    "whatsapp": "In the Meta App Dashboard, WhatsApp > Configuration: paste the callback URL and verify token, subscribe to messages.",
    "telegram": "Call setWebhook with this URL as `url` and the secret as `secret_token` (checked in X-Telegram-Bot-Api-Secret-Token).",
    "x": "Register this URL as the Account Activity webhook; X's CRC check and webhook signatures use the consumer secret "
    "(API key secret). To send, give either an OAuth 2.0 user access_token, or the OAuth 1.0a keys: consumer_key, "
    "consumer_secret, access_token and access_token_secret (the same consumer secret signs both).",
    "email": "POST raw messages (MIME) to this URL with the secret in the X-Dialogo-Webhook-Secret header or as the Basic auth "
    "password.",
    "webchat": "Embed the widget script shown in the web-chat settings on your site.",
    "api": "POST messages to this URL with an API token (Authorization: Bearer dlg_…).",
}
# Email, per inbound format (integrations.email.esp): "email" above is the raw one.
EMAIL_SETUP_INSTRUCTIONS = {
    esp.InboundFormat.MAILGUN: "In Mailgun, Receiving > Routes: create a route for this mailbox whose action is "
    'forward("<webhook URL>"). The URL ends in /mime so that Mailgun posts the raw message. Save Mailgun\'s HTTP webhook '
    "signing key as mailgun_signing_key: each delivery's signature is checked with it.",
    esp.InboundFormat.SENDGRID: "In SendGrid, Settings > Inbound Parse: add your receiving domain with the webhook URL that "
    'carries the secret as its password (https://dialogo:<secret>@…), and tick "POST the raw, full MIME message".',
}
SECRET_HEADERS = {
    "telegram": ("X-Telegram-Bot-Api-Secret-Token", "secret_token"),
    "email": ("X-Dialogo-Webhook-Secret", "inbound_secret"),
}


def channel_setup(channel_account: ChannelAccount, *, reveal_secrets: bool) -> dict:
    kind = channel_account.kind
    credentials = channel_account.credentials
    setup: dict = {
        "webhook_url": f"{settings.PUBLIC_BASE_URL}/webhooks/{kind}/{channel_account.pk}/" if kind != "webchat" else "",
        "instructions": SETUP_INSTRUCTIONS.get(kind, ""),
    }
    if kind in ("messenger", "instagram", "whatsapp"):
        setup["verify_token"] = credentials.get("verify_token", "")
    if kind == "webchat":
        setup["embed_snippet"] = (
            f'<script src="{settings.PUBLIC_BASE_URL}/widget.js" data-widget="{channel_account.pk}" async></script>'
        )
    inbound_format = esp.inbound_format(credentials) if kind == "email" else esp.InboundFormat.RAW
    if inbound_format == esp.InboundFormat.MAILGUN:
        # Mailgun's signature (its signing key), not our secret, proves its requests.
        setup["webhook_url"] += "mime"
        setup["instructions"] = EMAIL_SETUP_INSTRUCTIONS[inbound_format]
        return setup
    if kind in SECRET_HEADERS:
        header, field = SECRET_HEADERS[kind]
        setup["secret_header"] = header
        if reveal_secrets:
            setup["secret"] = credentials.get(field, "")
    if inbound_format == esp.InboundFormat.SENDGRID:
        setup["instructions"] = EMAIL_SETUP_INSTRUCTIONS[inbound_format]
        if reveal_secrets:
            setup["webhook_url_with_secret"] = _with_basic_password(setup["webhook_url"], credentials.get("inbound_secret", ""))
    return setup


def _with_basic_password(url: str, password: str) -> str:
    """`https://dialogo:<password>@host/…`: for senders that can only put credentials in the URL."""
    parts = urlsplit(url)
    return urlunsplit(parts._replace(netloc=f"dialogo:{quote(password, safe='')}@{parts.netloc}"))


class ChannelAccountSerializer(serializers.ModelSerializer):
    """An account as every member sees it. Credentials are shown masked (secrets as `••••` +
    their last 4 characters); `setup` says what to paste into the platform, and — for admins
    only — includes the secret the platform must send back."""

    reopen_window = serializers.SerializerMethodField(help_text="Seconds.")
    default_team_id = serializers.IntegerField(
        allow_null=True, read_only=True, help_text="New cases of this account go to this team (null: the shared queue)."
    )
    credentials = serializers.SerializerMethodField(help_text="Masked: secrets show only their last 4 characters.")
    setup = serializers.SerializerMethodField()

    class Meta:
        model = ChannelAccount
        fields = [
            "id",
            "kind",
            "name",
            "external_id",
            "is_active",
            "reopen_window",
            "email_subject_threading",
            "default_team_id",
            "credentials",
            "setup",
            "created_at",
            "updated_at",
        ]

    def get_reopen_window(self, channel_account: ChannelAccount) -> int:
        return int(channel_account.reopen_window.total_seconds())

    @extend_schema_field({"type": "object", "additionalProperties": {"type": "string"}})
    def get_credentials(self, channel_account: ChannelAccount) -> dict[str, str]:
        return {
            key: (f"••••{value[-4:]}" if key in SECRET_CREDENTIALS else value)
            for key, value in sorted(channel_account.credentials.items())
        }

    @extend_schema_field(ChannelSetupSerializer)
    def get_setup(self, channel_account: ChannelAccount) -> dict:
        membership = getattr(self.context.get("request"), "membership", None)
        return channel_setup(channel_account, reveal_secrets=bool(membership and membership.has_role("admin")))


class ChannelAccountInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=CHANNEL_KIND_CHOICES)
    name = serializers.CharField(max_length=120)
    external_id = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
    reopen_window = DurationInputField(required=False, help_text="Default 7 days.")
    email_subject_threading = serializers.BooleanField(required=False, default=True)
    default_team_id = serializers.IntegerField(
        required=False, allow_null=True, default=None, help_text="A team of this workspace: new cases go to it."
    )
    credentials = serializers.DictField(
        child=serializers.CharField(allow_blank=True, max_length=4000),
        required=False,
        help_text="Per kind: see integrations.outbound.CREDENTIAL_FIELDS (e.g. app_secret, page_access_token). Encrypted at rest.",
    )


class ChannelAccountPatchInputSerializer(serializers.Serializer):
    kind = serializers.CharField(required=False, help_text="Read-only: a channel account's kind never changes.")
    name = serializers.CharField(max_length=120, required=False)
    external_id = serializers.CharField(max_length=255, required=False, allow_blank=True)
    reopen_window = DurationInputField(required=False)
    email_subject_threading = serializers.BooleanField(required=False)
    is_active = serializers.BooleanField(required=False)
    default_team_id = serializers.IntegerField(
        required=False, allow_null=True, help_text="A team of this workspace (null: none); new cases go to it."
    )
    credentials = serializers.DictField(
        child=serializers.CharField(allow_blank=True, max_length=4000),
        required=False,
        help_text="Only the fields given change; an empty string removes one.",
    )

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
        max_length=255,
        required=False,
        allow_blank=True,
        default="",
        help_text="Comments and mentions on one post thread together.",
    )
    reply_to_external_id = serializers.CharField(max_length=512, required=False, allow_blank=True, default="")


class ApiMessageInputSerializer(serializers.Serializer):
    """One customer message from any other system, in Dialogo's normalized form."""

    external_id = serializers.CharField(max_length=512, help_text="Your id for this message: a repeat is recognised and ignored.")
    sender = ApiSenderSerializer()
    sent_at = PlatformTimestampField()
    text = serializers.CharField(max_length=20000, required=False, allow_blank=True, default="", trim_whitespace=False)
    kind = serializers.ChoiceField(
        choices=[(kind.value, kind.value) for kind in MessageKind], required=False, default=MessageKind.MESSAGE.value
    )
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
            attachments=tuple(
                Attachment(**{**attachment, "kind": AttachmentKind(attachment["kind"])})
                for attachment in validated["attachments"]
            ),
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


# --- The inbound event log ------------------------------------------------------------------


class InboundEventSerializer(serializers.ModelSerializer):
    size_bytes = serializers.SerializerMethodField()

    class Meta:
        model = InboundEvent
        fields = [
            "id",
            "channel_account",
            "kind",
            "status",
            "received_at",
            "attempts",
            "next_attempt_at",
            "processed_at",
            "error",
            "outcome",
            "size_bytes",
        ]

    def get_size_bytes(self, event: InboundEvent) -> int:
        return len(event.body)


class InboundEventDetailSerializer(InboundEventSerializer):
    """The request exactly as received, to read or replay: body as text (UTF-8, undecodable bytes
    replaced) and base64 (byte-exact)."""

    body_text = serializers.SerializerMethodField()
    body_base64 = serializers.SerializerMethodField()

    class Meta(InboundEventSerializer.Meta):
        fields = [*InboundEventSerializer.Meta.fields, "headers", "query_string", "body_text", "body_base64"]

    def get_body_text(self, event: InboundEvent) -> str:
        return bytes(event.body).decode("utf-8", "replace")

    def get_body_base64(self, event: InboundEvent) -> str:
        return base64.b64encode(bytes(event.body)).decode("ascii")
