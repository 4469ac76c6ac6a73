"""core.instances.new builds the same instance as Model(**values), field by field."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db.models.signals import post_init
from django.utils import timezone

from core import instances
from customers.models import Customer, Identity
from inbox.models import Case, CaseStatus, Direction, Message, MessageAttachment
from reports.models import ReportingEvent
from sla.models import CaseSla, SlaEvent
from tests.inbox_helpers import channel_account


def assert_same_instance(built, expected) -> None:
    state = {key: value for key, value in built.__dict__.items() if key != "_state"}
    assert state == {key: value for key, value in expected.__dict__.items() if key != "_state"}
    assert (built._state.adding, built._state.db) == (expected._state.adding, expected._state.db)
    assert built._state.fields_cache.keys() == expected._state.fields_cache.keys()
    for name, related in expected._state.fields_cache.items():
        assert built._state.fields_cache[name] is related


def both(model, **values):
    return instances.new(model, **values), model(**values)


def test_models_of_the_ingest_path_come_out_alike_unsaved_relations_included():
    now = timezone.now()
    customer = Customer(workspace_id=7, display_name="Ana")  # unsaved: no id yet
    identity = Identity(workspace_id=7, customer=customer, channel_kind="telegram", external_id="42")
    cases = []
    for model, values in [
        (Customer, {"workspace_id": 7, "display_name": "Ana", "email": "ana@example.com", "first_seen_at": now}),
        (Identity, {"workspace_id": 7, "customer": customer, "channel_kind": "telegram", "external_id": "42"}),
        (
            Case,
            {
                "workspace_id": 7, "customer": customer, "identity": identity, "channel_account_id": 3,
                "thread_key": "", "subject": "Hola", "status": CaseStatus.NEW, "team_id": None, "opened_at": now,
                "last_message_at": now,
            },
        ),
        (
            Message,
            {
                "workspace_id": 7, "channel_account_id": 3, "direction": Direction.IN, "text": "hi",
                "external_id": "m1", "sent_at": now, "received_at": now,
            },
        ),
        (CaseSla, {"workspace_id": 7, "case_id": 11}),
        (SlaEvent, {"workspace_id": 7, "case_id": 11, "policy_id": None, "target": "first_response", "kind": "met", "cycle": 1, "due_at": now, "occurred_at": now}),
        (ReportingEvent, {"workspace_id": 7, "kind": "message_received", "occurred_at": now, "case_id": 11, "data": {"message_id": 5}}),
    ]:  # fmt: skip
        built, expected = both(model, **values)
        assert_same_instance(built, expected)
        if model is Case:
            cases.append(built)
    (case,) = cases
    assert case.customer is customer and case.identity is identity and case.customer_id is None


def test_callable_defaults_are_fresh_for_each_instance():
    first, second = instances.new(Case, workspace_id=1), instances.new(Case, workspace_id=1)
    assert first.tags == [] and first.tags is not second.tags
    assert instances.new(CaseSla, workspace_id=1).targets == {}
    assert instances.new(CaseSla, workspace_id=1).targets is not instances.new(CaseSla, workspace_id=1).targets


def test_a_related_object_by_name_sets_its_key_and_none_clears_it():
    customer = Customer(id=5, workspace_id=1)
    built, expected = both(Case, workspace_id=1, customer=customer, team=None)
    assert_same_instance(built, expected)
    assert built.customer_id == 5 and built.team_id is None


def test_a_one_to_one_relation_by_name_is_set_as_the_model_sets_it():
    case = Case(id=9, workspace_id=1)
    built, expected = both(CaseSla, workspace_id=1, case=case)
    assert_same_instance(built, expected)
    assert built.case_id == 9 and built.case is case


def test_wrong_names_and_types_fail_as_the_model_does():
    with pytest.raises(TypeError, match="no_such_field"):
        instances.new(Case, no_such_field=1)
    with pytest.raises(TypeError):
        Case(no_such_field=1)
    with pytest.raises(ValueError, match="must be a"):
        instances.new(Case, customer=Identity(workspace_id=1))


def test_a_model_with_init_receivers_goes_through_the_model():
    seen = []

    def remember(sender, instance, **kwargs):
        seen.append(instance)

    post_init.connect(remember, sender=MessageAttachment)
    try:
        attachment = instances.new(MessageAttachment, workspace_id=1, message_id=2, kind="image")
    finally:
        post_init.disconnect(remember, sender=MessageAttachment)
    assert seen == [attachment]


@pytest.mark.django_db
def test_a_built_instance_saves_and_reads_back(tenant_a):
    account = channel_account(tenant_a.workspace)
    now = timezone.now()
    customer = instances.new(Customer, workspace=tenant_a.workspace, display_name="Zofia", last_seen_at=now)
    customer.save()
    identity = instances.new(Identity, workspace=tenant_a.workspace, customer=customer, channel_kind=account.kind, external_id="z-1")
    identity.save()
    case = instances.new(
        Case, workspace=tenant_a.workspace, customer=customer, identity=identity, channel_account=account,
        opened_at=now - timedelta(minutes=1), last_message_at=now,
    )  # fmt: skip
    case.save()
    stored = Case.objects.get(pk=case.pk)
    for model_field in Case._meta.concrete_fields:
        assert getattr(stored, model_field.attname) == getattr(case, model_field.attname), model_field.name
