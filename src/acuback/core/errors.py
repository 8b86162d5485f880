"""Domain exceptions of the assessment engine: each has a stable ``code`` and a plain sentence.

Faces map them once: the CLI prints one line and exits 2, the API answers 4xx with ``code`` and
``message``, the web shows a form error. ``InvalidIntake`` also carries the list of problems as
``{"field": "intensity.now", "message": "..."}`` items so that a face can mark each field.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic import ValidationError


class AssessmentError(Exception):
    """Base class. ``code`` is stable for programs; ``str(error)`` is a sentence for people."""

    code = "assessment_error"

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


class FieldProblem(dict[str, str]):
    """One problem with one field of an intake: ``{"field": dotted.path, "message": sentence}``."""

    @property
    def field(self) -> str:
        return self["field"]

    @property
    def message(self) -> str:
        return self["message"]


def _field_path(loc: Sequence[Any]) -> str:
    return ".".join(str(part) for part in loc) or "(intake)"


def _message(error: Any) -> str:
    kind = error["type"]
    if kind == "extra_forbidden":
        return "is not a known field"
    if kind == "missing":
        return "is required"
    text = str(error["msg"])
    # pydantic prefixes validator messages with "Value error, "; the field path already says where.
    return text.removeprefix("Value error, ")


class InvalidIntake(AssessmentError):
    """An intake failed validation. ``problems`` lists every field at fault, first problem first."""

    code = "invalid_intake"

    def __init__(self, problems: Sequence[FieldProblem]) -> None:
        self.problems: tuple[FieldProblem, ...] = tuple(problems)
        if not self.problems:
            super().__init__("The intake is not valid.")
            return
        first = self.problems[0]
        more = len(self.problems) - 1
        tail = f" (and {more} more problem{'s' if more > 1 else ''})" if more else ""
        joint = " " if first.message.startswith("is ") else ": "
        super().__init__(f"Intake field '{first.field}'{joint}{first.message}{tail}.")

    @classmethod
    def from_validation_error(cls, exc: ValidationError) -> InvalidIntake:
        """Wrap pydantic's errors, keeping each field path and a readable message."""
        problems = [
            FieldProblem(field=_field_path(err["loc"]), message=_message(err))
            for err in exc.errors()
        ]
        return cls(problems)

    @classmethod
    def single(cls, field: str, message: str) -> InvalidIntake:
        """One problem with one field, for checks made outside the model (e.g. against a date)."""
        return cls([FieldProblem(field=field, message=message)])


class UnreadableIntake(AssessmentError):
    """The intake text is not JSON, or not a JSON object."""

    code = "unreadable_intake"


class UnknownProtocol(AssessmentError):
    """A protocol name that the knowledge base does not hold."""

    code = "unknown_protocol"

    def __init__(self, name: str, known: Sequence[str] = ()) -> None:
        self.name = name
        self.known = tuple(known)
        hint = f" Known protocols: {', '.join(self.known)}." if self.known else ""
        super().__init__(f"No protocol is called {name!r}.{hint}")
