from __future__ import annotations

import datetime as dt
from typing import Literal

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from ninja import Field, Schema
from pydantic import ConfigDict, field_validator

SexValue = Literal["female", "male", "other", "unknown"]
EARLIEST_BIRTH = dt.date(1900, 1, 1)


class PatientOut(Schema):
    id: int
    given_name: str
    family_name: str
    date_of_birth: dt.date
    sex: str
    email: str
    phone: str
    physician_name: str
    physician_address: str
    primary_practitioner_id: int | None
    created_at: dt.datetime


class PatientFilters(Schema):
    model_config = ConfigDict(extra="forbid")

    q: str | None = Field(None, max_length=100, description="part of the given or family name")


def _check_birth(value: dt.date | None) -> dt.date | None:
    if value is not None and not EARLIEST_BIRTH <= value <= dt.date.today():
        raise ValueError("must be between 1900-01-01 and today")
    return value


def _check_email(value: str | None) -> str | None:
    if value:
        try:
            validate_email(value)
        except DjangoValidationError as exc:
            raise ValueError("is not an email address") from exc
    return value


class PatientIn(Schema):
    """A new patient of the caller's clinic."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    given_name: str = Field(min_length=1, max_length=100)
    family_name: str = Field(min_length=1, max_length=100)
    date_of_birth: dt.date
    sex: SexValue = "unknown"
    email: str = Field("", max_length=254)
    phone: str = Field("", max_length=50)
    physician_name: str = Field("", max_length=200)
    physician_address: str = Field("", max_length=2000)
    primary_practitioner_id: int | None = None

    _birth = field_validator("date_of_birth")(_check_birth)
    _email = field_validator("email")(_check_email)


class PatientPatch(Schema):
    """Changed demographics; fields left out stay as they are."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    given_name: str | None = Field(None, min_length=1, max_length=100)
    family_name: str | None = Field(None, min_length=1, max_length=100)
    date_of_birth: dt.date | None = None
    sex: SexValue | None = None
    email: str | None = Field(None, max_length=254)
    phone: str | None = Field(None, max_length=50)
    physician_name: str | None = Field(None, max_length=200)
    physician_address: str | None = Field(None, max_length=2000)
    primary_practitioner_id: int | None = None

    _birth = field_validator("date_of_birth")(_check_birth)
    _email = field_validator("email")(_check_email)
