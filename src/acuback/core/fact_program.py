"""Many conditions compiled into one function: each field read once, each distinct test run once.

:func:`acuback.core.facts.compile_condition` turns one condition into a small tree of closures; a
step that tests a hundred conditions on every intake (the pattern findings) then pays a Python call
per node and reads the same answer again for every condition that names it. :func:`compile_program`
instead writes the source of one function for the whole list, straight-line code with a local per
field read and per distinct condition, and compiles it once per loaded data set. It answers exactly
as ``compile_condition`` does (three-valued: True, False, None for unknown); the tests hold the two
to each other on generated intakes.

Nothing from the data files is pasted into the source as text: field names are checked to be plain
identifiers (no keyword, nothing starting with an underscore), and every value a condition compares with (words, sets, bounds) is handed to the
function as a named constant.
"""

from __future__ import annotations

import keyword
from collections.abc import Callable, Sequence
from typing import Any

from pydantic import BaseModel

from acuback.core.facts import EMPTY_IS_UNKNOWN, UNKNOWN, Truth, _as_text, _strip_optional, _text
from acuback.core.generated import define_function
from acuback.core.intake import Intake
from acuback.knowledge.conditions import Condition

Program = Callable[[Intake, str | None], tuple[Truth, ...]]


class _Writer:
    """Builds the function's body: one line per field read and per distinct condition."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.constants: dict[str, Any] = {"_text": _text}
        self.reads: dict[str, tuple[str, bool, Any]] = {}  # path -> (local, may be None, model)
        self.tests: dict[str, str] = {}  # a condition's JSON -> the local holding its truth

    def constant(self, value: Any) -> str:
        name = f"k{len(self.constants)}"
        self.constants[name] = value
        return name

    def local(self, prefix: str) -> str:
        return f"{prefix}{len(self.lines)}"

    def read(self, path: str) -> str:
        """The local holding the value at ``path`` (None when a section on the way is absent)."""
        if path in self.reads:
            return self.reads[path][0]
        parts = path.split(".")
        for part in parts:
            if not part.isidentifier() or keyword.iskeyword(part) or part.startswith("_"):
                raise ValueError(f"{path!r} is not a field path")
        parent, part = ".".join(parts[:-1]), parts[-1]
        if parent:
            self.read(parent)
            base, nullable, model = self.reads[parent]
        else:
            base, nullable, model = "intake", False, Intake
        info = (
            model.model_fields.get(part)
            if isinstance(model, type) and issubclass(model, BaseModel)
            else None
        )
        # An optional section may be None, and so may everything read through it.
        annotation = _strip_optional(info.annotation) if info is not None else None
        optional = info is not None and annotation is not info.annotation
        name = self.local("v")
        source = f"{base}.{part}"
        self.lines.append(
            f"{name} = None if {base} is None else {source}" if nullable else f"{name} = {source}"
        )
        self.reads[path] = (name, nullable or optional, annotation)
        return name

    def test(self, condition: Condition) -> str:
        """The local holding ``condition``'s truth, written once per distinct condition."""
        key = condition.model_dump_json(exclude_none=True)
        if key in self.tests:
            return self.tests[key]
        expression = self.expression(condition)
        name = self.local("t")
        self.lines.append(f"{name} = {expression}")
        self.tests[key] = name
        return name

    def expression(self, condition: Condition) -> str:
        if condition.all_ is not None:
            children = [self.test(child) for child in condition.all_]
            false = " or ".join(f"{c} is False" for c in children)
            unknown = " or ".join(f"{c} is None" for c in children)
            return f"False if ({false}) else (None if ({unknown}) else True)"
        if condition.any_ is not None:
            children = [self.test(child) for child in condition.any_]
            true = " or ".join(f"{c} is True" for c in children)
            unknown = " or ".join(f"{c} is None" for c in children)
            return f"True if ({true}) else (None if ({unknown}) else False)"
        if condition.duration is not None:
            wanted = self.constant(frozenset(condition.duration))
            return f"None if duration is None else duration in {wanted}"
        assert condition.field is not None
        path = condition.field
        value = self.read(path)
        as_text = _as_text(path) is not None
        if condition.between is not None:
            low, high = (self.constant(bound) for bound in condition.between)
            return f"None if {value} is None else {low} <= int({value}) <= {high}"
        if condition.is_ is not None or condition.in_ is not None:
            words = (condition.is_,) if condition.is_ is not None else condition.in_
            assert words is not None
            wanted = self.constant(frozenset(words))
            word = f"_text({value})" if as_text else value
            if UNKNOWN in words:
                return f"None if {value} is None else {word} in {wanted}"
            unknown = self.constant(UNKNOWN)
            return (
                f"None if {value} is None else"
                f" (None if {word} == {unknown} else {word} in {wanted})"
            )
        words = (condition.has,) if condition.has is not None else condition.has_any
        assert words is not None
        wanted = self.constant(frozenset(words))
        held = f"{{_text(item) for item in {value}}}" if as_text else value
        if path.startswith(EMPTY_IS_UNKNOWN):
            return (
                f"None if {value} is None else (True if not {wanted}.isdisjoint({held})"
                f" else (None if not {value} else False))"
            )
        return f"None if {value} is None else not {wanted}.isdisjoint({held})"


def compile_program(conditions: Sequence[Condition]) -> Program:
    """One function answering every condition of ``conditions`` on an intake, in their order.

    Takes the conditions (repeats are evaluated once). Returns a function of ``(intake, duration)``
    giving a tuple of truths (True, False, None for unknown), the i-th for the i-th condition, as
    :func:`acuback.core.facts.evaluate` would answer each. Raises ValueError for a field path that
    is not made of plain identifiers.
    """
    writer = _Writer()
    results = [writer.test(condition) for condition in conditions]
    returned = ", ".join(results) + ("," if len(results) == 1 else "")
    program: Program = define_function(
        "program",
        "intake, duration",
        [*writer.lines, f"return ({returned})"],
        writer.constants,
        "conditions",
    )
    return program
