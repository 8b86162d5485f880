"""Read conditions of the engine's data files against an intake, in three-valued logic.

A condition (:class:`acuback.knowledge.conditions.Condition`) names an intake field by its dotted path.
:func:`evaluate` answers ``True``, ``False`` or ``None`` (unknown): an ``unknown`` answer, a section
left out (no examination recorded) or an empty examination list is unknown, never "no".
:func:`compile_condition` turns a condition into a function once (paths resolved to attribute getters,
values to sets), for the engine's steps that test the same conditions on every intake; ``evaluate``
compiles and calls it. :func:`condition_problems` checks a condition against the intake model itself,
so that a misspelt field or value in a data file is caught by the tests rather than silently never
matching.
"""

from __future__ import annotations

import operator
import types
from collections.abc import Callable, Iterable
from enum import Enum, StrEnum
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel

from acuback.core.intake import Intake
from acuback.knowledge.conditions import Condition
from acuback.knowledge.errors import DataFileError

Truth = bool | None
UNKNOWN = "unknown"
DURATION_CLASSES = ("acute", "subacute", "chronic")
# Lists where empty means "not answered", so unknown rather than "no": the practitioner's examination
# (not recorded), and what the pain feels like (the patient ticked nothing).
EXAMINATION_PREFIX = "findings."
EMPTY_IS_UNKNOWN = (EXAMINATION_PREFIX, "pain_quality")


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


def _reader(model: Any, parts: tuple[str, ...]) -> Callable[[Any], Any]:
    """Read ``parts`` from an instance of ``model``: attribute getters (one C call) up to each
    section that may be absent, where a missing section reads as None."""
    for index, part in enumerate(parts[:-1]):
        info = model.model_fields.get(part) if _is_model(model) else None
        if info is None:  # not an intake path: read it the careful way, and let getattr complain
            return _careful_reader(parts)
        section = _strip_optional(info.annotation)
        if section is not info.annotation:  # optional: may be None
            head = operator.attrgetter(".".join(parts[: index + 1]))
            return _through(head, _reader(section, parts[index + 1 :]))
        model = section
    return operator.attrgetter(".".join(parts))


def _through(head: Callable[[Any], Any], tail: Callable[[Any], Any]) -> Callable[[Any], Any]:
    def read(value: Any) -> Any:
        found = head(value)
        return None if found is None else tail(found)

    return read


def _is_model(model: Any) -> bool:
    return isinstance(model, type) and issubclass(model, BaseModel)


def _careful_reader(parts: tuple[str, ...]) -> Callable[[Any], Any]:
    def read(value: Any) -> Any:
        for part in parts:
            if value is None:
                return None
            value = getattr(value, part)
        return value

    return read


def field_reader(path: str) -> Callable[[Intake], Any]:
    """A function reading the dotted intake ``path`` as :func:`read_field` does, resolved once."""
    return _reader(Intake, tuple(path.split(".")))


def _as_text(path: str) -> Callable[[Any], Any] | None:
    """How to turn the values at ``path`` into the data's words: None when they already are words
    (text and text enums compare and hash as their value), else :func:`_text`."""
    found = field_type(path)
    if found is not None:
        item = found[1]
        if item is str or (isinstance(item, type) and issubclass(item, StrEnum)):
            return None
    return _text


CompiledCondition = Callable[[Intake, str | None], Truth]


def compile_condition(condition: Condition) -> CompiledCondition:
    """Compile ``condition`` into a function of ``(intake, duration)`` answering as :func:`evaluate`.

    Compile once and call it on many intakes: the field paths, the tests and the wanted values are
    resolved here rather than on every call. Raises nothing for conditions that pass
    :func:`condition_problems`.
    """
    if condition.all_ is not None:
        return _compile_all(tuple(compile_condition(c) for c in condition.all_))
    if condition.any_ is not None:
        return _compile_any(tuple(compile_condition(c) for c in condition.any_))
    if condition.duration is not None:
        durations = condition.duration
        return lambda intake, duration: None if duration is None else duration in durations
    assert condition.field is not None
    path = condition.field
    read = field_reader(path)
    text = _as_text(path)
    if condition.is_ is not None:
        return _compile_scalar(read, text, frozenset((condition.is_,)))
    if condition.in_ is not None:
        return _compile_scalar(read, text, frozenset(condition.in_))
    if condition.has is not None:
        return _compile_listed(path, read, text, frozenset((condition.has,)))
    if condition.has_any is not None:
        return _compile_listed(path, read, text, frozenset(condition.has_any))
    assert condition.between is not None
    low, high = condition.between

    def between(intake: Intake, duration: str | None) -> Truth:
        value = read(intake)
        return None if value is None else bool(low <= int(value) <= high)

    return between


def _compile_all(children: tuple[CompiledCondition, ...]) -> CompiledCondition:
    def all_of(intake: Intake, duration: str | None) -> Truth:
        unknown = False
        for child in children:
            result = child(intake, duration)
            if result is False:
                return False
            if result is None:
                unknown = True
        return None if unknown else True

    return all_of


def _compile_any(children: tuple[CompiledCondition, ...]) -> CompiledCondition:
    def any_of(intake: Intake, duration: str | None) -> Truth:
        unknown = False
        for child in children:
            result = child(intake, duration)
            if result is True:
                return True
            if result is None:
                unknown = True
        return None if unknown else False

    return any_of


def _compile_scalar(
    read: Callable[[Intake], Any], text: Callable[[Any], Any] | None, wanted: frozenset[str]
) -> CompiledCondition:
    unknown_wanted = UNKNOWN in wanted

    def scalar(intake: Intake, duration: str | None) -> Truth:
        value = read(intake)
        if value is None:
            return None
        if text is not None:
            value = text(value)
        if value == UNKNOWN and not unknown_wanted:
            return None
        return value in wanted

    return scalar


def _compile_listed(
    path: str,
    read: Callable[[Intake], Any],
    text: Callable[[Any], Any] | None,
    wanted: frozenset[str],
) -> CompiledCondition:
    empty_is_unknown = path.startswith(EMPTY_IS_UNKNOWN)

    def listed(intake: Intake, duration: str | None) -> Truth:
        value = read(intake)
        if value is None:
            return None
        held = value if text is None else {text(item) for item in value}
        if not wanted.isdisjoint(held):
            return True
        if empty_is_unknown and not held:
            return None
        return False

    return listed


def evaluate(condition: Condition, intake: Intake, duration: str | None = None) -> Truth:
    """Evaluate ``condition`` on ``intake``.

    Takes the condition, the intake and the episode's duration class (``acute``, ``subacute``,
    ``chronic`` or ``None`` when unknown). Returns True, False or None for unknown. Raises nothing for
    conditions that pass :func:`condition_problems`. To test one condition on many intakes, compile
    it once with :func:`compile_condition`.
    """
    return compile_condition(condition)(intake, duration)


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


def check_conditions(file: str, named: Iterable[tuple[str, Condition]]) -> None:
    """Refuse a data file whose conditions the intake cannot answer, before any is evaluated.

    Takes the file's name and each condition with the item it belongs to. Raises
    :class:`DataFileError` naming the file, the item and the first problem (a misspelt field or
    value would otherwise fail on the first intake, or never match).
    """
    for item, condition in named:
        problems = condition_problems(condition)
        if problems:
            raise DataFileError(file, item, "when", problems[0])


def enum_problems(path: str, values: Iterable[str]) -> list[str]:
    """Values that the intake field at ``path`` (or its list items) cannot take."""
    found = field_type(path)
    if found is None:
        return [f"{path!r} is not an intake field"]
    allowed = _allowed(found[1]) or set()
    return [f"{path!r} has no value {v!r}" for v in values if v not in allowed]
