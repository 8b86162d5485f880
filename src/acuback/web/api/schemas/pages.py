from __future__ import annotations

import datetime as dt
from typing import TypeVar

from ninja import Field, Schema
from pydantic import ConfigDict, model_validator

T = TypeVar("T")

MAX_LIMIT = 200


class PageParams(Schema):
    """``limit`` rows from ``offset`` in a stable order."""

    model_config = ConfigDict(extra="forbid")

    limit: int = Field(50, ge=1, le=MAX_LIMIT, description=f"rows per page (1–{MAX_LIMIT})")
    offset: int = Field(0, ge=0, le=10_000_000, description="rows to skip")


class DateRange(Schema):
    """An inclusive range of days; either end may be left open."""

    date_from: dt.date | None = Field(None, description="first day (inclusive), YYYY-MM-DD")
    date_to: dt.date | None = Field(None, description="last day (inclusive), YYYY-MM-DD")

    @model_validator(mode="after")
    def _in_order(self) -> DateRange:
        if self.date_from and self.date_to and self.date_to < self.date_from:
            raise ValueError("date_to is before date_from")
        return self


class Page[T](Schema):
    count: int
    limit: int
    offset: int
    items: list[T]
