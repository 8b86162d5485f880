"""Offset pagination over a queryset that the caller has already ordered stably (ending on the pk)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, TypeVar

from django.db.models import Model, QuerySet
from django.utils import timezone

from acuback.web.api.schemas.pages import DateRange, PageParams

M = TypeVar("M", bound=Model)


def paginate[M: Model](
    queryset: QuerySet[M], page: PageParams, convert: Callable[[M], Any]
) -> dict[str, Any]:
    rows = list(queryset[page.offset : page.offset + page.limit])
    return {
        "count": queryset.count(),
        "limit": page.limit,
        "offset": page.offset,
        "items": [convert(row) for row in rows],
    }


def day_start(day: dt.date) -> dt.datetime:
    """Midnight at the start of ``day`` in the clinic's time zone, as an aware datetime."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def filter_by_days[M: Model](queryset: QuerySet[M], field: str, days: DateRange) -> QuerySet[M]:
    """Keep rows whose datetime ``field`` falls on the days of ``days`` (local time, inclusive)."""
    if days.date_from:
        queryset = queryset.filter(**{f"{field}__gte": day_start(days.date_from)})
    if days.date_to:
        queryset = queryset.filter(
            **{f"{field}__lt": day_start(days.date_to + dt.timedelta(days=1))}
        )
    return queryset
