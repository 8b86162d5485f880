from __future__ import annotations

import datetime as dt

from ninja import Field, Schema
from pydantic import ConfigDict

from acuback.web.api.schemas.pages import DateRange


class VisitOut(Schema):
    id: int
    patient_id: int
    episode_id: int
    practitioner_id: int
    practitioner_name: str
    appointment_id: int | None
    happened_at: dt.datetime
    number: int


class VisitFilters(DateRange):
    model_config = ConfigDict(extra="ignore")

    practitioner: int | None = Field(None, description="only this practitioner's visits")
