"""Shapes of the supervisor reports."""

from __future__ import annotations

from rest_framework import serializers

from accounts.models import Role
from inbox.models import PresenceStatus


class BoardTotalsSerializer(serializers.Serializer):
    open = serializers.IntegerField()
    unassigned = serializers.IntegerField()
    waiting = serializers.IntegerField(help_text="Open cases whose last word is the customer's.")
    at_risk = serializers.IntegerField(help_text="Open cases with an SLA clock at risk.")
    breached = serializers.IntegerField(help_text="Open cases with an SLA clock breached.")
    agents_online = serializers.IntegerField()


class BoardTeamSerializer(serializers.Serializer):
    id = serializers.IntegerField(allow_null=True, help_text="null: cases with no team.")
    name = serializers.CharField(allow_blank=True)
    open = serializers.IntegerField()
    unassigned = serializers.IntegerField()
    waiting = serializers.IntegerField()
    oldest_waiting_since = serializers.DateTimeField(allow_null=True)
    at_risk = serializers.IntegerField()
    breached = serializers.IntegerField()


class BoardAgentSerializer(serializers.Serializer):
    membership_id = serializers.IntegerField()
    name = serializers.CharField(allow_blank=True)
    email = serializers.EmailField()
    role = serializers.ChoiceField(choices=Role.choices)
    status = serializers.ChoiceField(choices=PresenceStatus.choices)
    open_assigned = serializers.IntegerField()
    capacity = serializers.IntegerField(allow_null=True, help_text="From the automatic assignment policies of the agent's teams.")
    viewing_case_ids = serializers.ListField(child=serializers.IntegerField())


class BoardChannelSerializer(serializers.Serializer):
    kind = serializers.CharField()
    open = serializers.IntegerField()
    waiting = serializers.IntegerField()


class BoardSerializer(serializers.Serializer):
    generated_at = serializers.DateTimeField()
    totals = BoardTotalsSerializer()
    teams = BoardTeamSerializer(many=True)
    agents = BoardAgentSerializer(many=True)
    channels = BoardChannelSerializer(many=True)
