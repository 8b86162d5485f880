"""Read conditions of the engine's data files against an intake, in three-valued logic.

A condition (:class:`acuback.knowledge.conditions.Condition`) names an intake field by its dotted path.
:func:`evaluate` answers ``True``, ``False`` or ``None`` (unknown): an ``unknown`` answer, a section
left out (no examination recorded) or an empty examination list is unknown, never "no".
:func:`condition_problems` checks a condition against the intake model itself, so that a misspelt
field or value in a data file is caught by the tests rather than silently never matching.
"""

from __future__ import annotations

import types
from collections.abc import Iterable
from enum import Enum
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel

from acuback.core.intake import Intake
from acuback.knowledge.conditions import Condition

Truth = bool | None
UNKNOWN = "unknown"
DURATION_CLASSES = ("acute", "subacute", "chronic")
# Lists of the practitioner's examination: empty means "not recorded", so it is unknown, not "no".
EXAMINATION_PREFIX = "findings."


def read_field(intake: Intake, path: str) -> Any:
    """The value at a dotted intake path; None when a section on the way is absent."""
    value: Any = intake
    for part in path.split("."):
        if value is None:
            return None
        value = getattr(value, part)
    return value


def _text(value: Any) -> str:
    return str(value.value) if isinstance(value, Enum) else str(value)


def _all(results: Iterable[Truth]) -> Truth:
    seen = list(results)
    if any(r is False for r in seen):
        return False
    return None if any(r is None for r in seen) else True


def _any(results: Iterable[Truth]) -> Truth:
    seen = list(results)
    if any(r is True for r in seen):
        return True
    return None if any(r is None for r in seen) else False


def _scalar(value: Any, wanted: tuple[str, ...]) -> Truth:
    if value is None:
        return None
    text = _text(value)
    if text == UNKNOWN and UNKNOWN not in wanted:
        return None
    return text in wanted


def _listed(path: str, value: Any, wanted: tuple[str, ...]) -> Truth:
    if value is None:
        return None
    held = {_text(item) for item in value}
    if held & set(wanted):
        return True
    if not held and path.startswith(EXAMINATION_PREFIX):
        return None
    return False


def evaluate(condition: Condition, intake: Intake, duration: str | None = None) -> Truth:
    """Evaluate ``condition`` on ``intake``.

    Takes the condition, the intake and the episode's duration class (``acute``, ``subacute``,
    ``chronic`` or ``None`` when unknown). Returns True, False or None for unknown. Raises nothing for
    conditions that pass :func:`condition_problems`.
    """
    if condition.all_ is not None:
        return _all(evaluate(c, intake, duration) for c in condition.all_)
    if condition.any_ is not None:
        return _any(evaluate(c, intake, duration) for c in condition.any_)
    if condition.duration is not None:
        return None if duration is None else duration in condition.duration
    assert condition.field is not None
    value = read_field(intake, condition.field)
    if condition.is_ is not None:
        return _scalar(value, (condition.is_,))
    if condition.in_ is not None:
        return _scalar(value, condition.in_)
    if condition.has is not None:
        return _listed(condition.field, value, (condition.has,))
    if condition.has_any is not None:
        return _listed(condition.field, value, condition.has_any)
    assert condition.between is not None
    if value is None:
        return None
    low, high = condition.between
    return bool(low <= int(value) <= high)


# --- checking data against the intake model ----------------------------------------------------


def _strip_optional(annotation: Any) -> Any:
    if get_origin(annotation) in (Union, types.UnionType):
        options = [a for a in get_args(annotation) if a is not type(None)]
        if len(options) == 1:
            return _strip_optional(options[0])
    if get_origin(annotation) is not None and hasattr(annotation, "__metadata__"):
        return _strip_optional(get_args(annotation)[0])
    return annotation


def field_type(path: str) -> tuple[bool, Any] | None:
    """The type at an intake path: ``(is_list, item_type)``, or None when the path does not exist."""
    model: Any = Intake
    annotation: Any = None
    for part in path.split("."):
        if not (isinstance(model, type) and issubclass(model, BaseModel)):
            return None
        info = model.model_fields.get(part)
        if info is None:
            return None
        annotation = _strip_optional(info.annotation)
        model = annotation
    if get_origin(annotation) is tuple:
        return True, _strip_optional(get_args(annotation)[0])
    return False, annotation


def _allowed(item_type: Any) -> set[str] | None:
    if isinstance(item_type, type) and issubclass(item_type, Enum):
        return {str(member.value) for member in item_type}
    return None


def condition_problems(condition: Condition) -> list[str]:
    """Why ``condition`` could never read the intake correctly (unknown field, wrong test, bad value)."""
    if condition.all_ is not None or condition.any_ is not None:
        return [
            p
            for c in (*(condition.all_ or ()), *(condition.any_ or ()))
            for p in condition_problems(c)
        ]
    if condition.duration is not None:
        bad = [d for d in condition.duration if d not in DURATION_CLASSES]
        return [f"duration {d!r} is not one of {', '.join(DURATION_CLASSES)}" for d in bad]
    assert condition.field is not None
    found = field_type(condition.field)
    if found is None:
        return [f"{condition.field!r} is not an intake field"]
    is_list, item_type = found
    if isinstance(item_type, type) and issubclass(item_type, BaseModel):
        return [f"{condition.field!r} is a section, not an answer"]
    wants_list = condition.has is not None or condition.has_any is not None
    if condition.between is not None:
        return [] if item_type is int and not is_list else [f"{condition.field!r} is not a number"]
    if wants_list != is_list:
        test = "has/has_any" if wants_list else "is/in"
        kind = "a list" if is_list else "a single answer"
        return [f"{condition.field!r} is {kind}; {test} does not apply"]
    values = [v for v in (condition.is_, condition.has) if v is not None]
    values += [*(condition.in_ or ()), *(condition.has_any or ())]
    allowed = _allowed(item_type)
    if allowed is None:
        return []
    return [f"{condition.field!r} has no value {v!r}" for v in values if v not in allowed]


def enum_problems(path: str, values: Iterable[str]) -> list[str]:
    """Values that the intake field at ``path`` (or its list items) cannot take."""
    found = field_type(path)
    if found is None:
        return [f"{path!r} is not an intake field"]
    allowed = _allowed(found[1]) or set()
    return [f"{path!r} has no value {v!r}" for v in values if v not in allowed]
