"""Supervisor reports over the API."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.response import Response

from accounts.models import Role
from accounts.tenancy import WorkspaceScopedMixin
from inbox.models import Case
from reports.board import supervisor_board
from reports.serializers import BoardSerializer


class SupervisorBoardApi(WorkspaceScopedMixin, generics.GenericAPIView):
    """The queues right now: totals, per team, per agent (presence and load), per channel."""

    queryset = Case.objects.all()
    read_role = Role.SUPERVISOR
    pagination_class = None

    @extend_schema(responses=BoardSerializer, summary="Supervisor board: live queues, SLA risk and agent load")
    def get(self, request):
        return Response(BoardSerializer(supervisor_board(workspace=request.workspace)).data)
