"""Read YAML data files into validated records, with errors that name the file, the item and the field."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from acuback.knowledge.errors import DataFileError

M = TypeVar("M", bound=BaseModel)


DATA_DIR_VARIABLE = "ACUBACK_DATA_DIR"


def data_root() -> Path:
    """The folder of the data files: ``$ACUBACK_DATA_DIR`` if set, else the bundled ``acuback/data``."""
    override = os.environ.get(DATA_DIR_VARIABLE)
    if override:
        return Path(override)
    return _bundled_root()


@cache
def _bundled_root() -> Path:
    # Asked for at every point name a page shows (via load_atlas): finding a package's files is
    # ~30 µs, so the answer, which cannot change in a running process, is kept.
    return Path(str(resources.files("acuback") / "data"))


def read_yaml(path: Path) -> Any:
    """Parse one YAML file; a missing file or a syntax error becomes a :class:`DataFileError`."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise DataFileError(path, None, None, f"cannot be read ({exc.strerror})") from exc
    try:
        return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise DataFileError(path, None, None, f"is not valid YAML{where}: {problem}") from exc


def require_mapping(path: Path, document: Any, *keys: str) -> Mapping[str, Any]:
    """Check the top of a document is a mapping holding ``keys``."""
    if not isinstance(document, Mapping):
        raise DataFileError(path, None, None, "must be a mapping at the top level")
    for key in keys:
        if key not in document:
            raise DataFileError(path, None, key, "is missing")
    return document


def parse_record[M: BaseModel](path: Path, model: type[M], raw: Any, label: str | None) -> M:
    """Validate one item against ``model``; the first problem is reported with its field path."""
    if not isinstance(raw, Mapping):
        raise DataFileError(path, label, None, "must be a mapping")
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(part) for part in first["loc"]) or None
        message = first["msg"]
        if first["type"] == "extra_forbidden":
            message = "is not a known field"
        more = len(exc.errors()) - 1
        if more:
            message += f" (and {more} more problem{'s' if more > 1 else ''})"
        raise DataFileError(path, label, field, message) from exc


def parse_records[M: BaseModel](
    path: Path, model: type[M], items: Any, key: str, label_field: str = "id"
) -> list[M]:
    """Validate a list of items; each error names the item by its ``label_field`` or position."""
    if not isinstance(items, Sequence) or isinstance(items, str):
        raise DataFileError(path, None, key, "must be a list")
    records = []
    for index, raw in enumerate(items):
        label = (
            str(raw.get(label_field)) if isinstance(raw, Mapping) and raw.get(label_field) else None
        )
        records.append(parse_record(path, model, raw, label or f"{key}[{index}]"))
    return records


def unique(path: Path, ids: Iterable[str], what: str) -> None:
    """Refuse a file that defines the same id twice."""
    seen: set[str] = set()
    for item in ids:
        if item in seen:
            raise DataFileError(path, item, None, f"is defined twice as a {what}")
        seen.add(item)
