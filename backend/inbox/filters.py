"""How case lists are filtered, sorted and paged.

Sorting lives with the pagination: a keyset cursor must know the exact ordering to encode
the position of the last row it returned.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass

import django_filters
from django import forms
from django.contrib.postgres.search import SearchQuery
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import RegexValidator
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.utils.encoding import force_str
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework.exceptions import NotFound
from rest_framework.pagination import CursorPagination
from rest_framework.utils.urls import replace_query_param

from channel_accounts.models import CHANNEL_KIND_CHOICES
from inbox.models import OPEN_STATUSES, Case, CaseStatus, Message, Priority

# `websearch_to_tsquery` under each configuration a message may have been indexed with
# (inbox.ingest.search_config_for): a Spanish query word matches a Spanish stem, an English
# one an English stem, and Polish (no stemmer in PostgreSQL) matches exact words via simple.
SEARCH_CONFIGS = ("english", "spanish", "simple")


def message_search_query(text: str) -> SearchQuery:
    query = SearchQuery(text, search_type="websearch", config=SEARCH_CONFIGS[0])
    for config in SEARCH_CONFIGS[1:]:
        query |= SearchQuery(text, search_type="websearch", config=config)
    return query


def cases_matching_text(queryset: QuerySet[Case], text: str) -> QuerySet[Case]:
    """Cases with at least one message matching `text` (EXISTS: a case is listed once)."""
    matching = Message.objects.filter(case_id=OuterRef("pk"), search_vector=message_search_query(text))
    return queryset.filter(Exists(matching))


# --- Filters --------------------------------------------------------------------------------


class CsvMultipleChoiceField(forms.MultipleChoiceField):
    """`?x=a,b` and `?x=a&x=b` both mean [a, b]."""

    def to_python(self, value):
        values = super().to_python(value)
        return [part.strip() for item in values for part in item.split(",") if part.strip()]


class CsvMultipleChoiceFilter(django_filters.MultipleChoiceFilter):
    field_class = CsvMultipleChoiceField


class CsvCharListField(forms.CharField):
    def to_python(self, value):
        value = super().to_python(value)
        return [part.strip() for part in value.split(",") if part.strip()] if value else []


@extend_schema_field({"type": "integer", "enum": Priority.values})
class PriorityFilter(CsvMultipleChoiceFilter):
    pass


@extend_schema_field(OpenApiTypes.STR)
class CsvCharListFilter(django_filters.Filter):
    field_class = CsvCharListField


# `open` names the group of open statuses (OPEN_STATUSES), as inbox views and counts do.
STATUS_FILTER_CHOICES = [
    ("open", "Any open status: new, open, pending, snoozed"),
    *[(value, label) for value, label in CaseStatus.choices if value != CaseStatus.OPEN],
]


class CaseSort:
    NEWEST = "newest"
    OLDEST_WAITING = "oldest_waiting"
    PRIORITY = "priority"
    CHOICES = [
        (NEWEST, "Last message, newest first"),
        (OLDEST_WAITING, "Longest waiting for an answer first; answered cases last"),
        (PRIORITY, "Highest priority first, then longest waiting"),
    ]


class CaseFilter(django_filters.FilterSet):
    status = CsvMultipleChoiceFilter(
        choices=STATUS_FILTER_CHOICES, method="filter_status", help_text="One or more statuses, comma-separated; `open` = every open status."
    )
    assignee = django_filters.CharFilter(
        method="filter_assignee",
        validators=[RegexValidator(r"^(me|none|unassigned|\d+)$", "Use `me`, `none` (or `unassigned`), or a member id.")],
        help_text="`me`, `none` (or `unassigned`), or a member id.",
    )
    team = django_filters.CharFilter(
        method="filter_team",
        validators=[RegexValidator(r"^(none|\d+)$", "Use a team id, or `none`.")],
        help_text="A team id, or `none` for cases without a team.",
    )
    channel_account = django_filters.NumberFilter(field_name="channel_account_id")
    channel = CsvMultipleChoiceFilter(choices=CHANNEL_KIND_CHOICES, method="filter_channel", help_text="Channel kinds, comma-separated.")
    tag = CsvCharListFilter(method="filter_tag", help_text="Tags, comma-separated: cases carrying all of them.")
    priority = PriorityFilter(
        choices=[(str(value), label) for value, label in Priority.choices], method="filter_priority", help_text="Priorities 0–3, comma-separated."
    )
    customer = django_filters.NumberFilter(field_name="customer_id")
    q = django_filters.CharFilter(method="filter_text", help_text="Full-text search over the case's messages (English, Spanish, Polish).")
    # Applied by CaseCursorPagination (the cursor must know the ordering); declared here so it
    # is validated and documented with the other parameters.
    sort = django_filters.ChoiceFilter(choices=CaseSort.CHOICES, method="filter_noop", help_text="Default `newest`.")

    class Meta:
        model = Case
        fields: list[str] = []

    def filter_status(self, queryset, name, value):
        statuses = set()
        for status in value:
            statuses.update(OPEN_STATUSES if status == "open" else [status])
        return queryset.filter(status__in=sorted(statuses))

    def filter_assignee(self, queryset, name, value):
        if value == "me":
            return queryset.filter(assignee_id=self.request.membership.pk)
        if value in ("none", "unassigned"):
            return queryset.filter(assignee__isnull=True)
        return queryset.filter(assignee_id=int(value))

    def filter_team(self, queryset, name, value):
        return queryset.filter(team__isnull=True) if value == "none" else queryset.filter(team_id=int(value))

    def filter_channel(self, queryset, name, value):
        return queryset.filter(channel_account__kind__in=value)

    def filter_tag(self, queryset, name, value):
        return queryset.filter(tags__contains=[tag.lower() for tag in value]) if value else queryset

    def filter_priority(self, queryset, name, value):
        return queryset.filter(priority__in=[int(v) for v in value])

    def filter_text(self, queryset, name, value):
        return cases_matching_text(queryset, value) if value.strip() else queryset

    def filter_noop(self, queryset, name, value):
        return queryset


# --- Keyset cursor pagination ---------------------------------------------------------------


@dataclass(frozen=True)
class SortKey:
    """One field of a sort. `nulls_last` is None for NOT NULL fields (then no NULLS clause is
    emitted, so PostgreSQL can walk an index in its default order); for nullable ones,
    nulls come last in the forward direction."""

    field: str
    descending: bool = False
    nulls_last: bool | None = None

    def reversed(self) -> SortKey:
        return SortKey(self.field, not self.descending, None if self.nulls_last is None else not self.nulls_last)

    def order_by(self):
        expression = F(self.field)
        nulls = {} if self.nulls_last is None else ({"nulls_last": True} if self.nulls_last else {"nulls_first": True})
        return expression.desc(**nulls) if self.descending else expression.asc(**nulls)

    def after(self, value) -> Q | None:
        """Rows strictly after `value` in this key's order (None: no row can be)."""
        if value is None:
            # Nulls last: nothing comes after them. Nulls first: every non-null does.
            return None if self.nulls_last else Q(**{f"{self.field}__isnull": False})
        beyond = Q(**{f"{self.field}__{'lt' if self.descending else 'gt'}": value})
        return beyond | Q(**{f"{self.field}__isnull": True}) if self.nulls_last else beyond

    def at_or_after(self, value) -> Q:
        """`after(value)` or equal: a bound PostgreSQL can start an index scan from."""
        if value is None:
            return Q(**{f"{self.field}__isnull": True}) if self.nulls_last else Q()
        bound = Q(**{f"{self.field}__{'lte' if self.descending else 'gte'}": value})
        return bound | Q(**{f"{self.field}__isnull": True}) if self.nulls_last else bound

    def equal(self, value) -> Q:
        return Q(**{f"{self.field}__isnull": True}) if value is None else Q(**{self.field: value})


# Every ordering ends in the primary key, so it is total and a position is one exact row.
CASE_ORDERINGS: dict[str, tuple[SortKey, ...]] = {
    CaseSort.NEWEST: (SortKey("last_message_at", descending=True), SortKey("id", descending=True)),
    CaseSort.OLDEST_WAITING: (SortKey("waiting_since", nulls_last=True), SortKey("id")),
    CaseSort.PRIORITY: (SortKey("priority", descending=True), SortKey("waiting_since", nulls_last=True), SortKey("id")),
}


class KeysetCursorPagination(CursorPagination):
    """Cursor pagination on the whole sort key, not only its first field.

    DRF's CursorPagination positions by the first ordering field plus an offset among ties
    (capped at 1000), which skips or repeats rows when thousands of cases share a priority,
    and cannot express NULLS LAST. Here the cursor holds every value of the last row's sort
    key, and the next page is `WHERE key > last` spelled out field by field, so pages are
    exact however many rows tie and however many rows arrive while a client pages.
    """

    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100
    orderings: dict[str, tuple[SortKey, ...]] = {}  # sort name → keys; subclasses fill it
    default_sort = ""
    sort_query_param = "sort"

    def get_sort(self, request) -> str:
        sort = request.query_params.get(self.sort_query_param) or self.default_sort
        return sort if sort in self.orderings else self.default_sort

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        self.base_url = request.build_absolute_uri()
        self.page_size = self.get_page_size(request)
        self.sort = self.get_sort(request)
        self.keys = self.orderings[self.sort]
        self.model = queryset.model
        reverse, position = self.decode_cursor(request)

        keys = tuple(key.reversed() for key in self.keys) if reverse else self.keys
        if position is not None:
            queryset = queryset.filter(self._after(keys, position))
        rows = list(queryset.order_by(*[key.order_by() for key in keys])[: self.page_size + 1])
        has_more = len(rows) > self.page_size
        rows = rows[: self.page_size]
        if reverse:
            rows.reverse()
            self.has_previous, self.has_next = has_more, True
        else:
            self.has_next, self.has_previous = has_more, position is not None
        self.page = rows
        return rows

    def _after(self, keys: tuple[SortKey, ...], position: list) -> Q:
        # (k1 after v1) OR (k1 = v1 AND k2 after v2) OR … — lexicographic, any directions —
        # ANDed with the redundant "k1 at or after v1", which an index on the sort key can
        # seek to, so a deep page does not scan every row before it.
        condition = Q(pk__in=[])
        equal_so_far = Q()
        for key, value in zip(keys, position, strict=True):
            after = key.after(value)
            if after is not None:
                condition |= equal_so_far & after
            equal_so_far &= key.equal(value)
        return keys[0].at_or_after(position[0]) & condition

    def _position_of(self, row) -> list:
        return [getattr(row, key.field) for key in self.keys]

    def get_next_link(self):
        if not self.has_next or not self.page:
            return None
        return self._link(reverse=False, position=self._position_of(self.page[-1]))

    def get_previous_link(self):
        if not self.has_previous or not self.page:
            return None
        return self._link(reverse=True, position=self._position_of(self.page[0]))

    def _link(self, *, reverse: bool, position: list) -> str:
        values = [value.isoformat() if hasattr(value, "isoformat") else value for value in position]
        payload = {"s": self.sort, "r": int(reverse), "p": values}
        encoded = base64.urlsafe_b64encode(json.dumps(payload, separators=(",", ":")).encode()).decode()
        return replace_query_param(self.base_url, self.cursor_query_param, encoded)

    def decode_cursor(self, request) -> tuple[bool, list | None]:
        encoded = request.query_params.get(self.cursor_query_param)
        if not encoded:
            return False, None
        try:
            payload = json.loads(base64.urlsafe_b64decode(encoded.encode()).decode())
            values = payload["p"]
            if payload["s"] != self.sort or not isinstance(values, list) or len(values) != len(self.keys):
                raise ValueError("cursor of another sort")
            position = []
            for key, value in zip(self.keys, values, strict=True):
                if value is None and key.nulls_last is None:
                    raise ValueError(f"{key.field} is never null")
                position.append(None if value is None else self.model._meta.get_field(key.field).to_python(value))
            return bool(payload["r"]), position
        except (TypeError, ValueError, KeyError, AttributeError, binascii.Error, DjangoValidationError):
            raise NotFound("Invalid cursor: start again from the first page (a cursor only fits the sort it came from).")

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": force_str(self.cursor_query_description),
                "schema": {"type": "string"},
            },
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": "query",
                "description": force_str(self.page_size_query_description),
                "schema": {"type": "integer"},
            },
        ]


class CaseCursorPagination(KeysetCursorPagination):
    """Case lists, in the order `?sort=` asks for (validated by CaseFilter)."""

    orderings = CASE_ORDERINGS
    default_sort = CaseSort.NEWEST


class NewestCaseCursorPagination(KeysetCursorPagination):
    """A customer's cases: always newest first."""

    orderings = {CaseSort.NEWEST: CASE_ORDERINGS[CaseSort.NEWEST]}
    default_sort = CaseSort.NEWEST
