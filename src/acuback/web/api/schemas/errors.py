from __future__ import annotations

from ninja import Field, Schema


class FieldError(Schema):
    field: str
    message: str


class ErrorOut(Schema):
    """Every refusal of the API: a stable ``code``, a sentence, and the fields at fault if any."""

    code: str
    message: str
    fields: list[FieldError] = Field(default_factory=list)
