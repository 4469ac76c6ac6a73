"""Inbox API shapes. A case list row has the keys of the realtime case summary
(inbox.events.case_summary), so a `case.updated` event can replace a row in the client's
cache as is, plus the row's SLA clock (`sla`), which realtime clients keep current from
`sla.updated` events; names of assignees and teams come from the members and teams lists."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import Membership, Team
from customers.serializers import IdentitySerializer
from inbox.events import attachment_payload
from inbox.models import CannedResponse, Case, CaseEvent, CaseStatus, Message, MessageAttachment, Priority, ReplyUpload
from inbox.reply_windows import ReplyPolicy, reply_window
from inbox.selectors import case_sla_summaries_attach
from inbox.services import MAX_TAG_LENGTH


class WorkspaceObjectField(serializers.PrimaryKeyRelatedField):
    """An id in a request body, looked up only within the caller's workspace: another
    tenant's id is answered exactly like an id that does not exist."""

    def get_queryset(self):
        return super().get_queryset().for_workspace(self.context["request"].workspace)


# --- Output ---------------------------------------------------------------------------------


class MemberBriefSerializer(serializers.ModelSerializer):
    name = serializers.SerializerMethodField()

    class Meta:
        model = Membership
        fields = ["id", "name"]

    def get_name(self, membership: Membership) -> str:
        return membership.user.name or membership.user.email


class TeamBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Team
        fields = ["id", "name"]


class CaseCustomerSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    display_name = serializers.CharField()
    avatar_url = serializers.CharField()


class CaseSlaSummarySerializer(serializers.Serializer):
    """The clock a row shows: the running SLA target due first. The client ticks from
    `due_at` and `at_risk_at`; `remaining_seconds` is set only while paused (frozen)."""

    target = serializers.ChoiceField(choices=["first_response", "next_response", "resolution"])
    state = serializers.ChoiceField(choices=["on_track", "at_risk", "breached", "paused"])
    due_at = serializers.DateTimeField(allow_null=True)
    at_risk_at = serializers.DateTimeField(allow_null=True)
    remaining_seconds = serializers.IntegerField(allow_null=True)


class CaseListSerializer(serializers.ListSerializer):
    """Rows of a list, with their SLA clocks fetched once for all of them."""

    def to_representation(self, data):
        cases = list(data.all() if hasattr(data, "all") else data)
        case_sla_summaries_attach(cases=cases)
        return super().to_representation(cases)


class CaseSerializer(serializers.ModelSerializer):
    """One row of a case list: the realtime case summary, and the row's SLA clock."""

    customer = CaseCustomerSerializer()
    assignee_id = serializers.IntegerField(allow_null=True)
    team_id = serializers.IntegerField(allow_null=True)
    channel_account_id = serializers.IntegerField()
    channel_kind = serializers.CharField(source="channel_account.kind")
    tags = serializers.ListField(child=serializers.CharField())
    sla = serializers.SerializerMethodField()

    class Meta:
        model = Case
        list_serializer_class = CaseListSerializer
        fields = [
            "id",
            "status",
            "priority",
            "subject",
            "assignee_id",
            "team_id",
            "tags",
            "customer",
            "channel_account_id",
            "channel_kind",
            "last_message_preview",
            "last_message_at",
            "waiting_since",
            "opened_at",
            "snoozed_until",
            "sla",
        ]
        read_only_fields = fields

    @extend_schema_field(CaseSlaSummarySerializer(allow_null=True))
    def get_sla(self, case: Case) -> dict | None:
        if not hasattr(case, "sla_summary"):
            case_sla_summaries_attach(cases=[case])  # one case on its own (an action's answer): one query
        return CaseSlaSummarySerializer(case.sla_summary).data if case.sla_summary else None


class AttachmentSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text="Our authorised copy: /api/v1/attachments/<id>/ (geo: links as sent).")
    original_url = serializers.CharField(source="url", help_text="What the platform sent (links expire; media ids need the token).")

    class Meta:
        model = MessageAttachment
        fields = ["id", "kind", "url", "original_url", "mime_type", "size_bytes", "name", "fetch_status"]

    def get_url(self, attachment: MessageAttachment) -> str:
        return attachment_payload(attachment)["url"]


class MessageSerializer(serializers.ModelSerializer):
    author = MemberBriefSerializer(allow_null=True)
    attachments = AttachmentSerializer(many=True)
    mentions = serializers.SerializerMethodField()

    class Meta:
        model = Message
        fields = [
            "id",
            "case_id",
            "direction",
            "kind",
            "source_kind",
            "author",
            "text",
            "reply_to_id",
            "external_id",
            "sent_at",
            "received_at",
            "status",
            "error_code",
            "error_message",
            "edited_at",
            "deleted_at",
            "reaction",
            "attachments",
            "mentions",
        ]
        read_only_fields = fields

    @extend_schema_field(MemberBriefSerializer(many=True))
    def get_mentions(self, message: Message) -> list[dict]:
        return MemberBriefSerializer([mention.membership for mention in message.mentions.all()], many=True).data


class CaseEventSerializer(serializers.ModelSerializer):
    actor = MemberBriefSerializer(allow_null=True)

    class Meta:
        model = CaseEvent
        fields = ["id", "kind", "actor", "data", "occurred_at"]


class CaseCustomerDetailSerializer(CaseCustomerSerializer):
    email = serializers.CharField()
    phone = serializers.CharField()
    language = serializers.CharField()
    locale = serializers.CharField()
    tags = serializers.ListField(child=serializers.CharField())
    follower_count = serializers.IntegerField(allow_null=True)
    identities = IdentitySerializer(many=True, source="identities.all")


class ChannelAccountBriefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()
    name = serializers.CharField()


class ReplyWindowSerializer(serializers.Serializer):
    policy = serializers.ChoiceField(
        choices=[p.value for p in ReplyPolicy],
        help_text="unrestricted: no window; open: free replies until closes_at; human_agent: Meta, sent with the "
        "HUMAN_AGENT tag until closes_at; template_only: WhatsApp, only an approved template; closed: wait for the customer.",
    )
    closes_at = serializers.DateTimeField(allow_null=True)


class CaseDetailSerializer(CaseSerializer):
    """The case screen: the row, who and where in full, the conversation and the timeline."""

    customer = CaseCustomerDetailSerializer()
    assignee = MemberBriefSerializer(allow_null=True)
    team = TeamBriefSerializer(allow_null=True)
    channel_account = ChannelAccountBriefSerializer()
    merged_into_id = serializers.IntegerField(allow_null=True)
    messages = MessageSerializer(many=True, source="messages.all")
    timeline = CaseEventSerializer(many=True, source="events.all")
    reply_window = serializers.SerializerMethodField(help_text="What the channel lets an agent send now.")

    class Meta(CaseSerializer.Meta):
        fields = [
            *CaseSerializer.Meta.fields,
            "assignee",
            "team",
            "channel_account",
            "first_response_at",
            "resolved_at",
            "last_customer_message_at",
            "last_agent_reply_at",
            "agent_reply_count",
            "reopened_count",
            "merged_into_id",
            "messages",
            "timeline",
            "reply_window",
        ]
        read_only_fields = fields


    @extend_schema_field(ReplyWindowSerializer)
    def get_reply_window(self, case: Case) -> dict:
        window = reply_window(
            channel_kind=case.channel_account.kind,
            thread_key=case.thread_key,
            last_customer_message_at=case.last_customer_message_at,
            now=timezone.now(),
        )
        return {"policy": window.policy.value, "closes_at": window.closes_at}


class TeamCountSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="team.pk")
    name = serializers.CharField(source="team.name")
    count = serializers.IntegerField()


class CaseCountsSerializer(serializers.Serializer):
    mine = serializers.IntegerField(help_text="Open cases assigned to you.")
    unassigned = serializers.IntegerField(help_text="Open cases with no assignee.")
    all = serializers.IntegerField(help_text="Every open case (new, open, pending, snoozed).")
    pending = serializers.IntegerField(help_text="Waiting on the customer.")
    snoozed = serializers.IntegerField()
    teams = TeamCountSerializer(many=True, help_text="Open cases of each team you belong to.")


class CannedResponseSerializer(serializers.ModelSerializer):
    team = TeamBriefSerializer(allow_null=True, read_only=True)

    class Meta:
        model = CannedResponse
        fields = ["id", "shortcut", "title", "body", "team", "created_at", "updated_at"]


class RenderedTextSerializer(serializers.Serializer):
    text = serializers.CharField()


# --- Input ----------------------------------------------------------------------------------


def _members():
    return Membership.objects.filter(is_active=True).select_related("user")


class WhatsAppTemplateSerializer(serializers.Serializer):
    name = serializers.RegexField(r"^[a-z0-9_]{1,512}$", help_text="The approved template's name.")
    language = serializers.CharField(max_length=15, help_text="Its language code, e.g. es, en_US, pl.")
    parameters = serializers.ListField(child=serializers.CharField(max_length=1024), required=False, default=list, max_length=20)


def _upload_ids_field() -> serializers.ListField:
    return serializers.ListField(
        child=serializers.IntegerField(min_value=1),
        required=False,
        default=list,
        max_length=10,
        help_text="Ids of files uploaded to POST /api/v1/cases/<id>/uploads/ for this message.",
    )


class ReplyUploadSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReplyUpload
        fields = ["id", "name", "mime_type", "size_bytes", "created_at"]
        read_only_fields = fields


class ReplyUploadInputSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="One file, at most 25 MB (multipart/form-data).")


class CaseReplyInputSerializer(serializers.Serializer):
    text = serializers.CharField(
        max_length=20000, required=False, allow_blank=True, default="", help_text="With a template: what the agent sees in the timeline."
    )
    upload_ids = _upload_ids_field()
    template = WhatsAppTemplateSerializer(
        required=False,
        allow_null=True,
        default=None,
        help_text="WhatsApp only: send this approved template (the way to write after the 24-hour window closed).",
    )
    canned_response_id = WorkspaceObjectField(queryset=CannedResponse.objects.all(), required=False, allow_null=True, default=None)
    reply_to_id = WorkspaceObjectField(
        queryset=Message.objects.all(), required=False, allow_null=True, default=None, help_text="A message of this case."
    )


class CaseNoteInputSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=20000, required=False, allow_blank=True, default="")
    upload_ids = _upload_ids_field()
    mention_ids = serializers.ListField(
        child=WorkspaceObjectField(queryset=_members()), required=False, default=list, help_text="Member ids to notify."
    )


class CaseAssignInputSerializer(serializers.Serializer):
    assignee_id = WorkspaceObjectField(queryset=_members(), allow_null=True, help_text="A member id; null unassigns.")


class CaseTeamInputSerializer(serializers.Serializer):
    team_id = WorkspaceObjectField(queryset=Team.objects.all(), allow_null=True, help_text="A team id; null removes the team.")


class CaseStatusInputSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=CaseStatus.choices)


class CaseSnoozeInputSerializer(serializers.Serializer):
    until = serializers.DateTimeField(help_text="When the case wakes up (it also wakes when the customer writes).")


class CasePriorityInputSerializer(serializers.Serializer):
    priority = serializers.ChoiceField(choices=Priority.choices)


class CaseTagsInputSerializer(serializers.Serializer):
    add = serializers.ListField(child=serializers.CharField(max_length=MAX_TAG_LENGTH), required=False, default=list)
    remove = serializers.ListField(child=serializers.CharField(max_length=MAX_TAG_LENGTH), required=False, default=list)

    def validate(self, attrs):
        if not attrs["add"] and not attrs["remove"]:
            raise serializers.ValidationError({"add": ["Give tags to add or to remove."]})
        return attrs


class CaseMergeInputSerializer(serializers.Serializer):
    target_case_id = WorkspaceObjectField(queryset=Case.objects.all(), help_text="The case this one is folded into.")


class CannedResponseInputSerializer(serializers.Serializer):
    shortcut = serializers.SlugField(max_length=64)
    title = serializers.CharField(max_length=120)
    body = serializers.CharField()
    team_id = WorkspaceObjectField(queryset=Team.objects.all(), required=False, allow_null=True, help_text="Only for this team.")


class CannedResponseRenderInputSerializer(serializers.Serializer):
    case = WorkspaceObjectField(queryset=Case.objects.select_related("customer"), help_text="The case whose customer fills the variables.")

