"""New model instances for the hot path, without Model.__init__'s per-field walk.

`Model(**values)` walks every field on each call: it looks the value up among the keyword
arguments, builds the default of each field not given (through the field's own machinery),
sets foreign keys through their descriptors and sends pre_init and post_init. The inbound
drain builds a message, often a case, their SLA clocks and more for every customer message,
and that walk was ≈ 14 % of its CPU (bench/ingest_drain.py under py-spy).

`new(Model, **values)` gives the same instance: the fields' constant defaults are computed
once per model and copied, callable defaults (dict, list, timezone.now…) are called for each
instance, a related object given by field name sets the key and the related-object cache as
the descriptor does, and unknown names raise TypeError as Model() does. A model with
pre_init or post_init receivers (an ImageField's dimensions, say), or a child of multi-table
inheritance, goes through Model() as before. tests/test_instances.py compares the two field by field.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any, TypeVar

from django.db import models, router
from django.db.models.base import ModelState
from django.db.models.signals import post_init, pre_init

ModelT = TypeVar("ModelT", bound=models.Model)


@dataclass(frozen=True)
class _Plan:
    constants: dict[str, Any]  # attname → default, for fields whose default is a constant
    factories: tuple[tuple[str, Any], ...]  # (attname, callable) for callable defaults
    attnames: frozenset[str]
    relations: dict[str, tuple[str, str, type[models.Model]]]  # field name → (attname, related attname, related model)
    properties: frozenset[str]  # settable properties, which Model() also takes as keywords


@cache
def _plan(model: type[models.Model]) -> _Plan | None:
    """What `new` copies, sets and calls for `model` (None: leave it to Model())."""
    constants, factories, relations = {}, [], {}
    for model_field in model._meta.concrete_fields:
        if model_field.has_default() and callable(model_field.default):
            factories.append((model_field.attname, model_field.default))
        else:
            constants[model_field.attname] = model_field.get_default()
        if model_field.is_relation and (model_field.many_to_one or model_field.one_to_one):
            if model_field.remote_field.parent_link:
                return None  # multi-table inheritance: Model() handles the parent's fields
            relations[model_field.name] = (model_field.attname, model_field.target_field.attname, model_field.related_model)
    return _Plan(
        constants=constants,
        factories=tuple(factories),
        attnames=frozenset(constants) | {attname for attname, _ in factories},
        relations=relations,
        properties=frozenset(model._meta._property_names),
    )


def new(model: type[ModelT], **values: Any) -> ModelT:
    """`model(**values)`, built directly (see the module docstring)."""
    plan = _plan(model)
    if plan is None or pre_init.has_listeners(model) or post_init.has_listeners(model):
        return model(**values)
    instance = model.__new__(model)
    state = instance._state = ModelState()
    attributes = instance.__dict__
    attributes.update(plan.constants)
    for attname, factory in plan.factories:
        if attname not in values:
            attributes[attname] = factory()
    for name, value in values.items():
        if name in plan.attnames:
            attributes[name] = value
        elif name in plan.relations:
            attname, target_attname, related_model = plan.relations[name]
            if value is not None and not isinstance(value, related_model):
                return model(**values)  # Model() raises the descriptor's own ValueError
            # As ForwardManyToOneDescriptor.__set__: both sides' database chosen by the router,
            # the key from the object, the object cached.
            if value is not None:
                if state.db is None:
                    state.db = router.db_for_write(model, instance=value)
                if value._state.db is None:
                    value._state.db = router.db_for_write(related_model, instance=instance)
            attributes[attname] = None if value is None else getattr(value, target_attname)
            state.fields_cache[name] = value
        elif name in plan.properties:
            setattr(instance, name, value)
        else:
            raise TypeError(f"{model.__name__}() got unexpected keyword arguments: '{name}'")
    return instance
