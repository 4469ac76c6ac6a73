"""SLA API: calendars and policies (read: agents, write: admins), the clocks of a case, and
the cases breaching soon. Thin views: input serializer → service → output serializer."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, generics, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.tenancy import WorkspaceScopedMixin
from sla import selectors, services
from sla.models import BusinessCalendar, CaseSla, SlaPolicy
from sla.serializers import (
    BreachingSoonQuerySerializer,
    BreachingSoonSerializer,
    CalendarInputSerializer,
    CalendarSerializer,
    CaseSlaSerializer,
    PolicyInputSerializer,
    PolicyReapplyResultSerializer,
    PolicySerializer,
)


class InputMixin:
    def validated(self, serializer_class, *, instance=None, partial: bool = False) -> dict:
        payload = serializer_class(instance, data=self.request.data, partial=partial, context=self.get_serializer_context())
        payload.is_valid(raise_exception=True)
        return payload.validated_data


class CalendarViewSet(WorkspaceScopedMixin, InputMixin, viewsets.ModelViewSet):
    """Business-hours calendars: working windows per weekday, public holidays, own dates."""

    queryset = BusinessCalendar.objects.all()
    serializer_class = CalendarSerializer
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_base_queryset(self):
        return selectors.calendar_list(workspace=self.request.workspace)

    @extend_schema(request=CalendarInputSerializer, responses={201: CalendarSerializer})
    def create(self, request):
        calendar = services.calendar_create(workspace=request.workspace, **self.validated(CalendarInputSerializer))
        return Response(CalendarSerializer(calendar).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=CalendarInputSerializer, responses=CalendarSerializer)
    def partial_update(self, request, pk=None):
        calendar = self.get_object()
        changes = self.validated(CalendarInputSerializer, instance=calendar, partial=True)
        return Response(CalendarSerializer(services.calendar_update(calendar=calendar, **changes)).data)

    @extend_schema(responses={204: None})
    def destroy(self, request, pk=None):
        services.calendar_delete(calendar=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


class PolicyViewSet(WorkspaceScopedMixin, InputMixin, viewsets.ModelViewSet):
    """SLA policies, in the order they are tried (the default last). Editing one changes
    new cases; `reapply` recomputes the open ones."""

    queryset = SlaPolicy.objects.all()
    serializer_class = PolicySerializer
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_base_queryset(self):
        return selectors.policy_list(workspace=self.request.workspace)

    @extend_schema(request=PolicyInputSerializer, responses={201: PolicySerializer})
    def create(self, request):
        policy = services.policy_create(workspace=request.workspace, **self.validated(PolicyInputSerializer))
        return Response(PolicySerializer(policy).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=PolicyInputSerializer, responses=PolicySerializer)
    def partial_update(self, request, pk=None):
        policy = self.get_object()
        changes = self.validated(PolicyInputSerializer, instance=policy, partial=True)
        return Response(PolicySerializer(services.policy_update(policy=policy, **changes)).data)

    @extend_schema(responses={204: None})
    def destroy(self, request, pk=None):
        services.policy_delete(policy=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=None, responses={200: PolicyReapplyResultSerializer, 202: PolicyReapplyResultSerializer})
    @action(detail=True, methods=["post"])
    def reapply(self, request, pk=None):
        """Recompute the clocks of open cases on this policy (or matching it now): at once, or
        in a background job when the workspace has many open cases (202)."""
        outcome = services.sla_policy_reapply_request(policy=self.get_object())
        return Response(
            PolicyReapplyResultSerializer(outcome).data, status=status.HTTP_202_ACCEPTED if outcome.queued else status.HTTP_200_OK
        )


class CaseSlaApi(WorkspaceScopedMixin, generics.RetrieveAPIView):
    """A case's clocks: per target the deadline, the time left (business seconds for a
    business target) and the status."""

    queryset = CaseSla.objects.all()
    serializer_class = CaseSlaSerializer
    lookup_field = "case_id"

    def get_base_queryset(self):
        return CaseSla.objects.select_related("calendar", "policy")

    def get_object(self):
        case_sla = self.get_queryset().filter(case_id=self.kwargs["case_id"]).first()
        if case_sla is None:
            raise exceptions.NotFound("No SLA clocks for this case (no such case, or no policy applied to it).")
        return case_sla

    def retrieve(self, request, case_id=None):
        return Response(CaseSlaSerializer(selectors.case_sla_view(self.get_object(), now=timezone.now())).data)


class BreachingSoonApi(WorkspaceScopedMixin, generics.ListAPIView):
    """Open cases whose next deadline is within `within` seconds, soonest first."""

    queryset = CaseSla.objects.all()
    serializer_class = BreachingSoonSerializer

    def get_base_queryset(self):
        query = BreachingSoonQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        self.now = timezone.now()
        return selectors.breaching_soon_list(
            workspace=self.request.workspace,
            now=self.now,
            within=timedelta(seconds=query.validated_data["within"]),
            team_id=query.validated_data.get("team"),
            assignee_id=query.validated_data.get("assignee"),
        )

    @extend_schema(parameters=[BreachingSoonQuerySerializer])
    def get(self, request):
        page = self.paginate_queryset(self.get_queryset())
        rows = [selectors.breaching_soon_view(case_sla, now=self.now) for case_sla in page]
        return self.get_paginated_response(BreachingSoonSerializer(rows, many=True).data)
