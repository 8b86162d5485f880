"""The red-flag rules as one generated function: each answer read once, each test inline.

:class:`acuback.core.red_flag_logic.RuleCompiler` compiles a condition into a tree of closures, the
reference reading. Run on every intake, that tree cost a Python call per node and read the same
answer again for each rule naming it. :func:`compile_rules_program` writes the source of one function
for the whole file instead: a local per field read (through the intake's sections, by model field
names only), each leaf test inline choosing among outcomes built once, each composite answered
inline when a false child decides it (otherwise by a memoised helper: the children's outcomes come
from a small set). Values from the data file never enter the source: they are constants ``k<n>``.
The tests hold the function to the closures on hypothesis intakes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any

from acuback.core.generated import define_function
from acuback.core.intake import Answer
from acuback.core.red_flag_logic import (
    FALSE_OUTCOME,
    TRUE,
    UNKNOWN,
    Facts,
    FieldSpec,
    Outcome,
    RuleCompiler,
    merge,
)
from acuback.knowledge.red_flags import AllOf, AnyOf, Condition, CountOf, FieldTest

Program = Callable[[Facts], tuple[Outcome, ...]]


# The children's outcomes come from a small set (each leaf has three), so the same combinations
# recur from intake to intake: each is worked out once.
@lru_cache(maxsize=4096)
def _all_rest(outcomes: tuple[Outcome, ...]) -> Outcome:
    """All of, when no child is false: unknown if any child is, else true."""
    unknown = [fields for state, fields in outcomes if state == UNKNOWN]
    if unknown:
        return (UNKNOWN, merge(unknown))
    return (TRUE, merge([fields for _, fields in outcomes]))


@lru_cache(maxsize=4096)
def _any_rest(outcomes: tuple[Outcome, ...]) -> Outcome:
    """Any of, when some child is not false."""
    true = [fields for state, fields in outcomes if state == TRUE]
    if true:
        return (TRUE, merge(true))
    return (UNKNOWN, merge([fields for state, fields in outcomes if state == UNKNOWN]))


@lru_cache(maxsize=4096)
def _count_rest(needed: int, outcomes: tuple[Outcome, ...]) -> Outcome:
    true = [fields for state, fields in outcomes if state == TRUE]
    unknown = [fields for state, fields in outcomes if state == UNKNOWN]
    if len(true) >= needed:
        return (TRUE, merge(true))
    if len(true) + len(unknown) >= needed:
        return (UNKNOWN, merge(unknown))
    return FALSE_OUTCOME


def compile_rules_program(
    compiler: RuleCompiler, conditions: Sequence[tuple[str, Condition]]
) -> Program:
    """One function answering every ``(rule code, condition)`` on a :class:`Facts`, in order.

    Takes the compiler (which checks each condition as :meth:`RuleCompiler.compile` does, with the
    same errors) and the conditions. Returns the function; its ``__doc__`` holds the generated
    source. Raises DataFileError for a condition the intake cannot answer.
    """
    writer = _ProgramWriter(compiler)
    results = []
    for code, condition in conditions:
        compiler.rule_code = code
        results.append(writer.node(condition))
    returned = "".join(f"{name}, " for name in results)
    program: Program = define_function(
        "program", "facts", [*writer.lines, f"return ({returned})"], writer.constants, "red flags"
    )
    return program


class _ProgramWriter:
    """The body of :func:`compile_rules_program`: a line per field read and per distinct node."""

    def __init__(self, compiler: RuleCompiler) -> None:
        self.compiler = compiler
        self.lines: list[str] = []
        self.constants: dict[str, Any] = {
            "F": FALSE_OUTCOME,
            "_all_rest": _all_rest,
            "_any_rest": _any_rest,
            "_count_rest": _count_rest,
        }
        self.reads: dict[str, str] = {}  # field -> local
        self.nodes: dict[Condition, str] = {}  # a condition (frozen, equal by value) -> its local

    def constant(self, value: Any) -> str:
        name = f"k{len(self.constants)}"
        self.constants[name] = value
        return name

    def read(self, field: str, spec: FieldSpec) -> str:
        if field not in self.reads:
            if spec.plain_path is None:
                source = f"{self.constant(spec.getter)}(facts)"
            else:  # through the sections already read
                parent, _, part = spec.plain_path.rpartition(".")
                source = f"{self.section(parent)}.{part}"
            name = f"v{len(self.lines)}"
            self.lines.append(f"{name} = {source}")
            self.reads[field] = name
        return self.reads[field]

    def section(self, path: str) -> str:
        """The local holding the intake (``""``) or one of its always-present sections."""
        key = f"section:{path}"
        if key not in self.reads:
            parent, _, part = path.rpartition(".")
            source = "facts.intake" if not path else f"{self.section(parent)}.{part}"
            name = f"s{len(self.lines)}"  # named after its parent's line is written
            self.lines.append(f"{name} = {source}")
            self.reads[key] = name
        return self.reads[key]

    def node(self, condition: Condition) -> str:
        if condition not in self.nodes:
            expression = self.expression(condition)
            name = f"o{len(self.lines)}"
            self.lines.append(f"{name} = {expression}")
            self.nodes[condition] = name
        return self.nodes[condition]

    def expression(self, condition: Condition) -> str:
        if isinstance(condition, FieldTest):
            return self.leaf(condition)
        children = [self.node(child) for child in condition.conditions]
        packed = f"({', '.join(children)},)"
        if isinstance(condition, AllOf):
            return f"F if ({' or '.join(f'{c} is F' for c in children)}) else _all_rest({packed})"
        if isinstance(condition, AnyOf):
            return f"F if ({' and '.join(f'{c} is F' for c in children)}) else _any_rest({packed})"
        assert isinstance(condition, CountOf)
        return f"_count_rest({self.constant(condition.min_count)}, {packed})"

    def leaf(self, test: FieldTest) -> str:
        self.compiler.leaf(test)  # checks the test (same errors); the reference for what follows
        spec = self.compiler.specs[test.field]
        value = self.read(test.field, spec)
        if test.bounds:
            return self.bounds(test, spec, value)
        true = self.constant((TRUE, spec.reported))
        unknown = self.constant((UNKNOWN, spec.reported))
        if test.is_ is not None and spec.kind == "answer":
            wanted = self.constant(Answer(str(test.is_)))
            not_known = self.constant(Answer.UNKNOWN)
            return (
                f"{true} if {value} is {wanted} else ({unknown} if {value} is {not_known} else F)"
            )
        if test.is_ is not None:  # a derived true/false value
            return f"{true} if bool({value}) is {self.constant(test.is_)} else F"
        if test.in_ is not None:
            wanted = self.constant(frozenset(test.in_))
            word = self.constant("unknown")
            return (
                f"{true} if ({value} is not None and {value} in {wanted}) else"
                f" ({unknown} if ({value} is None or {value} == {word}) else F)"
            )
        if test.has_any is not None:
            wanted = self.constant(frozenset(test.has_any))
            return f"{true} if ({value} and not {wanted}.isdisjoint({value})) else F"
        return f"{true} if {value} else F"

    def bounds(self, test: FieldTest, spec: FieldSpec, value: str) -> str:
        """A number within bounds; an interval (weeks since an unknown onset) is true only when all
        of it is, false when none of it can be, unknown otherwise (as :func:`_bounds_test`)."""
        true = self.constant((TRUE, spec.reported))
        unknown = self.constant((UNKNOWN, spec.unknown))
        low, high = (f"{value}[0]", f"{value}[1]") if spec.kind == "interval" else (value, value)
        fails, holds = [], []
        for op, number in test.bounds:
            limit = self.constant(number)
            fail, hold = {
                "gt": (f"{high} <= {limit}", f"{low} > {limit}"),
                "ge": (f"{high} < {limit}", f"{low} >= {limit}"),
                "lt": (f"{low} >= {limit}", f"{high} < {limit}"),
                "le": (f"{low} > {limit}", f"{high} <= {limit}"),
            }[op]
            fails.append(fail)
            holds.append(hold)
        return (
            f"{unknown} if {value} is None else (F if ({' or '.join(fails)}) else"
            f" ({true} if ({' and '.join(holds)}) else {unknown}))"
        )
