"""Customer shapes: list rows, the customer card, edits, tags, merges."""

from __future__ import annotations

from rest_framework import serializers

from channel_accounts.models import CHANNEL_KIND_CHOICES
from customers.models import Customer, Identity, TaggingRule

MAX_TAG_LENGTH = 64
CHANNEL_KINDS = {kind for kind, _ in CHANNEL_KIND_CHOICES}


class IdentitySerializer(serializers.ModelSerializer):
    class Meta:
        model = Identity
        fields = ["id", "channel_kind", "external_id", "username", "display_name", "avatar_url", "follower_count", "created_at"]


class CustomerSerializer(serializers.ModelSerializer):
    """A list row."""

    channels = serializers.SerializerMethodField(help_text="Channel kinds the customer has written from.")

    class Meta:
        model = Customer
        fields = [
            "id",
            "display_name",
            "avatar_url",
            "email",
            "phone",
            "language",
            "locale",
            "tags",
            "follower_count",
            "channels",
            "first_seen_at",
            "last_seen_at",
        ]

    def get_channels(self, customer: Customer) -> list[str]:
        return sorted({identity.channel_kind for identity in customer.identities.all()})


class CustomerDetailSerializer(CustomerSerializer):
    """The customer card: one person across channels. Their cases: GET …/customers/{id}/cases/."""

    identities = IdentitySerializer(many=True, source="identities.all")

    class Meta(CustomerSerializer.Meta):
        fields = [*CustomerSerializer.Meta.fields, "opted_in", "identities", "created_at", "updated_at"]


class MergeSuggestionSerializer(serializers.Serializer):
    customer = CustomerSerializer()
    reasons = serializers.ListField(child=serializers.ChoiceField(choices=["same_email", "same_phone"]))


class CustomerMergeResultSerializer(serializers.Serializer):
    customer = CustomerDetailSerializer(help_text="The customer everything was merged into.")
    merged_customer_id = serializers.IntegerField()
    moved_identity_ids = serializers.ListField(child=serializers.IntegerField())
    moved_case_count = serializers.IntegerField()


# --- Input ----------------------------------------------------------------------------------


class CustomerPatchInputSerializer(serializers.Serializer):
    display_name = serializers.CharField(max_length=255, required=False, allow_blank=True)
    email = serializers.EmailField(required=False, allow_blank=True)
    phone = serializers.CharField(max_length=32, required=False, allow_blank=True)
    language = serializers.CharField(max_length=8, required=False, allow_blank=True)
    locale = serializers.CharField(max_length=16, required=False, allow_blank=True)
    opted_in = serializers.DictField(
        child=serializers.BooleanField(), required=False, help_text="Per channel kind: may we message them first (campaigns)?"
    )

    def validate_email(self, value: str) -> str:
        return value.lower()

    def validate_opted_in(self, value: dict) -> dict:
        unknown = sorted(set(value) - CHANNEL_KINDS)
        if unknown:
            raise serializers.ValidationError(f"Unknown channel kinds: {', '.join(unknown)}.")
        return value


class CustomerTagsInputSerializer(serializers.Serializer):
    """Loyalty tags. Compared case-insensitively: stored lower-case, like case tags."""

    add = serializers.ListField(child=serializers.CharField(max_length=MAX_TAG_LENGTH), required=False, default=list)
    remove = serializers.ListField(child=serializers.CharField(max_length=MAX_TAG_LENGTH), required=False, default=list)

    def validate(self, attrs):
        if not attrs["add"] and not attrs["remove"]:
            raise serializers.ValidationError({"add": ["Give tags to add or to remove."]})
        return {name: list(dict.fromkeys(tag.lower() for tag in attrs[name])) for name in ("add", "remove")}


class CustomerMergeInputSerializer(serializers.Serializer):
    source_id = serializers.IntegerField(help_text="The customer merged into this one (its identities, cases and tags move here).")


# --- Tagging rules ----------------------------------------------------------------------------


class TaggingRuleSerializer(serializers.ModelSerializer):
    channel_kinds = serializers.ListField(child=serializers.ChoiceField(choices=CHANNEL_KIND_CHOICES))
    keywords = serializers.ListField(child=serializers.CharField())
    languages = serializers.ListField(child=serializers.CharField())
    tags = serializers.ListField(child=serializers.CharField())

    class Meta:
        model = TaggingRule
        fields = ["id", "name", "is_active", "channel_kinds", "keywords", "languages", "tags", "tag_case", "created_at", "updated_at"]


def _distinct(values, *, lower: bool) -> list[str]:
    cleaned = (value.strip().lower() if lower else " ".join(value.split()) for value in values)
    seen: dict[str, str] = {}
    for value in cleaned:
        if value and value.casefold() not in seen:
            seen[value.casefold()] = value
    return list(seen.values())


class TaggingRuleInputSerializer(serializers.Serializer):
    """All conditions given must hold; an empty list is no condition. At least one condition
    and one tag."""

    name = serializers.CharField(max_length=120)
    is_active = serializers.BooleanField(required=False, default=True)
    channel_kinds = serializers.ListField(
        child=serializers.ChoiceField(choices=CHANNEL_KIND_CHOICES), required=False, default=list, help_text="Messages from these channels only."
    )
    keywords = serializers.ListField(
        child=serializers.CharField(max_length=100), required=False, default=list, max_length=100,
        help_text="Any of these in the message, as whole words, ignoring case.",
    )  # fmt: skip
    languages = serializers.ListField(
        child=serializers.RegexField(r"^[A-Za-z]{2}$", error_messages={"invalid": "Use a two-letter language code, e.g. es."}),
        required=False, default=list, help_text="The customer's language (ISO 639-1).",
    )  # fmt: skip
    tags = serializers.ListField(
        child=serializers.CharField(max_length=MAX_TAG_LENGTH), min_length=1, max_length=20, help_text="Loyalty tags added to the customer."
    )
    tag_case = serializers.BooleanField(required=False, default=False, help_text="Also add the tags to the message's case.")

    def validate_channel_kinds(self, values: list[str]) -> list[str]:
        return sorted(set(values))

    def validate_keywords(self, values: list[str]) -> list[str]:
        return _distinct(values, lower=False)

    def validate_languages(self, values: list[str]) -> list[str]:
        return sorted(set(_distinct(values, lower=True)))

    def validate_tags(self, values: list[str]) -> list[str]:
        tags = _distinct(values, lower=True)
        if not tags:
            raise serializers.ValidationError("Add at least one tag.")
        return tags
