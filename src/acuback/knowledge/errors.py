"""Errors raised while loading or querying the knowledge base. Each has a stable code and a sentence."""

from __future__ import annotations

from pathlib import Path


class KnowledgeError(Exception):
    """Base class: ``code`` is stable for programs, ``str(error)`` is a sentence for people."""

    code = "knowledge_error"


class DataFileError(KnowledgeError):
    """A data file is missing, malformed or inconsistent. Names the file, the item and the field."""

    code = "data_file_invalid"

    def __init__(self, path: Path | str, item: str | None, field: str | None, problem: str) -> None:
        self.path = Path(path)
        self.item = item
        self.field = field
        self.problem = problem
        parts = [f"{self.path.name}"]
        if item:
            parts.append(f"item {item}")
        if field:
            parts.append(f"field '{field}'")
        super().__init__(f"{': '.join(parts)}: {problem}")


class UnknownPoint(KnowledgeError):
    """No point answers to the given code or name."""

    code = "unknown_point"

    def __init__(self, query: str, suggestions: tuple[str, ...] = ()) -> None:
        self.query = query
        self.suggestions = suggestions
        hint = f" Did you mean {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"No acupuncture point matches {query!r}.{hint}")


class UnknownMeridian(KnowledgeError):
    code = "unknown_meridian"

    def __init__(self, query: str) -> None:
        self.query = query
        super().__init__(f"No meridian matches {query!r}.")
