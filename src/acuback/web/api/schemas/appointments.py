from __future__ import annotations

import datetime as dt

from ninja import Field, Schema
from pydantic import ConfigDict, model_validator

from acuback.web.api.schemas.pages import DateRange


class AppointmentOut(Schema):
    id: int
    patient_id: int
    patient_name: str
    practitioner_id: int
    practitioner_name: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    status: str
    reason: str


class AppointmentFilters(DateRange):
    day: dt.date | None = Field(None, description="one day (instead of date_from/date_to)")
    practitioner: int | None = Field(None, description="only this practitioner's appointments")
    patient: int | None = Field(None, description="only this patient's appointments")
    status: str | None = Field(None, pattern="^(booked|attended|cancelled|no_show)$")

    @model_validator(mode="after")
    def _day_or_range(self) -> AppointmentFilters:
        if self.day and (self.date_from or self.date_to):
            raise ValueError("give either day or date_from/date_to, not both")
        return self


class BookIn(Schema):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    patient_id: int
    practitioner_id: int
    starts_at: dt.datetime = Field(description="ISO 8601 with a time zone offset")
    minutes: int = Field(30, ge=5, le=240)
    reason: str = Field("", max_length=200)


class MoveIn(Schema):
    """A new time and/or practitioner; fields left out stay as they are."""

    model_config = ConfigDict(extra="forbid")

    starts_at: dt.datetime | None = None
    minutes: int | None = Field(None, ge=5, le=240)
    practitioner_id: int | None = None
