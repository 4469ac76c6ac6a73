"""Customers: one person across channels. Agents look them up, edit and tag them;
supervisors merge two records of the same person. Their cases are listed by the inbox
(GET /api/v1/customers/{id}/cases/: inbox.apis.CustomerCaseListApi)."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Prefetch, Q, prefetch_related_objects
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import exceptions, mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.models import Role
from accounts.tenancy import WorkspaceScopedMixin
from channel_accounts.models import CHANNEL_KIND_CHOICES
from customers import services
from customers.models import Customer, Identity, TaggingRule
from customers.selectors import customer_list, customer_merge_suggestions, phone_digits, tagging_rule_list
from customers.serializers import (
    CustomerDetailSerializer,
    CustomerMergeInputSerializer,
    CustomerMergeResultSerializer,
    CustomerPatchInputSerializer,
    CustomerSerializer,
    CustomerTagsInputSerializer,
    MergeSuggestionSerializer,
    TaggingRuleInputSerializer,
    TaggingRuleSerializer,
)


class CsvCharField(forms.CharField):
    def to_python(self, value):
        value = super().to_python(value)
        return [part.strip() for part in value.split(",") if part.strip()] if value else []


@extend_schema_field(OpenApiTypes.STR)
class CsvCharFilter(django_filters.Filter):
    field_class = CsvCharField


class CustomerFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_text", help_text="Name, email, phone, or a username/name on any channel.")
    tag = CsvCharFilter(method="filter_tag", help_text="Tags, comma-separated: customers with all.")
    channel = django_filters.MultipleChoiceFilter(
        choices=CHANNEL_KIND_CHOICES, method="filter_channel", help_text="Customers with an identity on any of these channel kinds."
    )

    class Meta:
        model = Customer
        fields: list[str] = []

    def filter_text(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        on_a_channel = Identity.objects.filter(customer_id=OuterRef("pk")).filter(
            Q(username__icontains=value) | Q(display_name__icontains=value) | Q(external_id=value)
        )
        matches = Q(display_name__icontains=value) | Q(email__icontains=value) | Q(phone__icontains=value) | Exists(on_a_channel)
        digits = phone_digits(value)
        if len(digits) >= 4:
            # Phones are stored normalized (+34600111222): "600 111 222" must find them.
            matches |= Q(phone__contains=digits)
        return queryset.filter(matches)

    def filter_tag(self, queryset, name, value):
        return queryset.filter(tags__contains=[tag.lower() for tag in value]) if value else queryset

    def filter_channel(self, queryset, name, value):
        return queryset.filter(Exists(Identity.objects.filter(customer_id=OuterRef("pk"), channel_kind__in=value))) if value else queryset


def _identities() -> Prefetch:
    return Prefetch("identities", queryset=Identity.objects.order_by("channel_kind", "pk"))


class CustomerViewSet(
    WorkspaceScopedMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.UpdateModelMixin, viewsets.GenericViewSet
):
    queryset = Customer.objects.all()
    serializer_class = CustomerSerializer
    filterset_class = CustomerFilter
    write_role = Role.AGENT
    http_method_names = ["get", "post", "patch", "head", "options"]

    def required_role(self, request) -> str:
        return Role.SUPERVISOR if self.action == "merge" else super().required_role(request)

    def get_base_queryset(self):
        # Merged customers are hidden: they live on in the customer they were merged into.
        customers = customer_list(workspace=self.request.workspace).order_by("-last_seen_at", "-pk")
        return customers if self.action == "merge_suggestions" else customers.prefetch_related(_identities())

    def get_serializer_class(self):
        return CustomerSerializer if self.action == "list" else CustomerDetailSerializer

    def filter_queryset(self, queryset):
        return super().filter_queryset(queryset) if self.action == "list" else queryset

    def _customer_response(self, customer: Customer) -> Response:
        return Response(CustomerDetailSerializer(self.get_queryset().get(pk=customer.pk)).data)

    @extend_schema(request=CustomerPatchInputSerializer, responses=CustomerDetailSerializer)
    def partial_update(self, request, pk=None):
        customer = self.get_object()
        payload = CustomerPatchInputSerializer(data=request.data, partial=True)
        payload.is_valid(raise_exception=True)
        return self._customer_response(services.customer_update(customer=customer, **payload.validated_data))

    @extend_schema(request=CustomerTagsInputSerializer, responses=CustomerDetailSerializer)
    @action(detail=True, methods=["post"])
    def tags(self, request, pk=None):
        customer = self.get_object()
        payload = CustomerTagsInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        return self._customer_response(services.customer_tag(customer=customer, **payload.validated_data))

    @extend_schema(responses=MergeSuggestionSerializer(many=True))
    @action(detail=True, methods=["get"], url_path="merge-suggestions", pagination_class=None)
    def merge_suggestions(self, request, pk=None):
        """Other customers who may be the same person, with why (same email, same phone).
        Never by name alone."""
        suggestions = customer_merge_suggestions(customer=self.get_object())
        prefetch_related_objects([suggestion.customer for suggestion in suggestions], _identities())
        return Response(MergeSuggestionSerializer(suggestions, many=True).data)

    @extend_schema(request=CustomerMergeInputSerializer, responses=CustomerMergeResultSerializer)
    @action(detail=True, methods=["post"])
    def merge(self, request, pk=None):
        """Merge another customer (source_id) into this one. Supervisors and admins."""
        target = self.get_object()
        payload = CustomerMergeInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        source = customer_list(workspace=request.workspace).filter(pk=payload.validated_data["source_id"]).first()
        if source is None:
            raise exceptions.ValidationError({"source_id": ["No such customer in this workspace (or it was already merged)."]})
        merge = services.customer_merge(source=source, target=target, actor=request.membership)
        result = {
            "customer": self.get_queryset().get(pk=target.pk),
            "merged_customer_id": source.pk,
            "moved_identity_ids": merge.moved_identity_ids,
            "moved_case_count": merge.moved_case_count,
        }
        return Response(CustomerMergeResultSerializer(result).data)


class TaggingRuleViewSet(WorkspaceScopedMixin, viewsets.ModelViewSet):
    """Rules that tag customers (and optionally their cases) from the messages they send:
    channel, whole-word keywords, language. Admins only, to read and to write."""

    queryset = TaggingRule.objects.all()
    serializer_class = TaggingRuleSerializer
    read_role = Role.ADMIN
    write_role = Role.ADMIN
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    filter_backends: list = []

    def get_base_queryset(self):
        return tagging_rule_list(workspace=self.request.workspace)

    @extend_schema(request=TaggingRuleInputSerializer, responses={201: TaggingRuleSerializer})
    def create(self, request):
        payload = TaggingRuleInputSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        rule = services.tagging_rule_create(workspace=request.workspace, **payload.validated_data)
        return Response(TaggingRuleSerializer(rule).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=TaggingRuleInputSerializer(partial=True), responses=TaggingRuleSerializer)
    def partial_update(self, request, pk=None):
        rule = self.get_object()
        payload = TaggingRuleInputSerializer(data=request.data, partial=True)
        payload.is_valid(raise_exception=True)
        return Response(TaggingRuleSerializer(services.tagging_rule_update(rule=rule, **payload.validated_data)).data)

    @extend_schema(responses={204: None})
    def destroy(self, request, pk=None):
        services.tagging_rule_delete(rule=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)
