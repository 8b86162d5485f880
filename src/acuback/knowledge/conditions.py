"""Building blocks of the pattern, protocol and safety files: conditions and point-code lists.

A :class:`Condition` is data: it names an intake field by its dotted path and what the field must hold.
Evaluating it against an intake is logic and lives in :mod:`acuback.core.facts`, which also checks
that every path and value names a real intake field and a real answer.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Annotated, Any, Self

from pydantic import Field, StringConstraints, model_validator

from acuback.knowledge.models import POINT_CODE, Record

Identifier = Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]+$")]
PointCode = Annotated[str, StringConstraints(pattern=POINT_CODE.pattern)]

_RANGE = re.compile(r"^([A-Z]{2})(\d{1,2})-([A-Z]{2})(\d{1,2})$")
_TESTS = ("is_", "in_", "has", "has_any", "between")


class Condition(Record):
    """A test on the intake. Exactly one form:

    * ``field`` with one test: ``is`` (a single answer equals), ``in`` (a single answer is one of),
      ``has`` (a list holds), ``has_any`` (a list holds any of), ``between`` (a number within, inclusive);
    * ``duration``: the episode's duration class is one of the values;
    * ``all`` / ``any``: every / at least one of the nested conditions holds.
    """

    field: str | None = Field(default=None, pattern=r"^[a-z_]+(\.[a-z_]+)*$")
    is_: str | None = Field(default=None, alias="is")
    in_: tuple[str, ...] | None = Field(default=None, alias="in", min_length=1)
    has: str | None = None
    has_any: tuple[str, ...] | None = Field(default=None, min_length=1)
    between: tuple[int, int] | None = None
    duration: tuple[str, ...] | None = Field(default=None, min_length=1)
    all_: tuple[Condition, ...] | None = Field(default=None, alias="all", min_length=1)
    any_: tuple[Condition, ...] | None = Field(default=None, alias="any", min_length=1)

    @model_validator(mode="after")
    def _one_form(self) -> Self:
        tests = [name for name in _TESTS if getattr(self, name) is not None]
        forms = sum(x is not None for x in (self.field, self.duration, self.all_, self.any_))
        if forms != 1:
            raise ValueError("give exactly one of 'field', 'duration', 'all' or 'any'")
        if self.field is not None and len(tests) != 1:
            raise ValueError(
                "a 'field' needs exactly one test: 'is', 'in', 'has', 'has_any' or 'between'"
            )
        if self.field is None and tests:
            raise ValueError(f"'{tests[0].rstrip('_')}' needs a 'field'")
        if self.between is not None and self.between[0] > self.between[1]:
            raise ValueError("'between' must be [low, high]")
        return self

    def fields(self) -> Iterable[str]:
        """Every intake field path this condition reads, nested ones included."""
        if self.field is not None:
            yield self.field
        for child in (*(self.all_ or ()), *(self.any_ or ())):
            yield from child.fields()


def expand_codes(raw: Any) -> Any:
    """Expand ``"BL20-BL34"`` entries of a list into BL20, BL21 ... BL34; other entries pass through.

    Used as a ``mode="before"`` validator, so a malformed range is reported on its field.
    """
    if not isinstance(raw, list | tuple):
        return raw
    codes: list[Any] = []
    for item in raw:
        match = _RANGE.match(item) if isinstance(item, str) else None
        if match is None:
            codes.append(item)
            continue
        first, low, last, high = (
            match.group(1),
            int(match.group(2)),
            match.group(3),
            int(match.group(4)),
        )
        if first != last or low >= high:
            raise ValueError(f"range {item!r} must run upwards within one meridian, e.g. BL20-BL34")
        codes.extend(f"{first}{number}" for number in range(low, high + 1))
    return codes
