"""Deriving a result record from a validated template, cheaply.

The engine builds most of its result records from templates validated once per loaded data set
(a pattern's fixed description, a red-flag's text, the duration definitions) and fills in the
intake's part on each assessment. ``model_copy(update=...)`` does that, but through the ``copy``
module three times per record; on the ~7 records an assessment derives this way it was an eighth
of the engine's time. :func:`derive` gives the same record: a shallow copy of the template's field
values with ``changes`` applied, the changed fields marked as set, no validation.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import BaseModel

_set = object.__setattr__
_new = object.__new__
# (record class, changed names) already checked to be fields: the engine derives the same few.
_checked: set[tuple[type[BaseModel], tuple[str, ...]]] = set()


def derive[R: BaseModel](template: R, **changes: Any) -> R:
    """A copy of ``template`` with ``changes``, equal to ``template.model_copy(update=changes)``.

    Takes the template and the new values, already of their fields' types: like ``model_copy``,
    nothing is validated, so callers pass only values they built themselves. A record with extra
    fields or private attributes is handed to ``model_copy`` itself. Returns the new record; the
    template is left as it was. Raises ValueError for a name that is not a field of the record.
    """
    cls = type(template)
    key = (cls, tuple(changes))
    if key not in _checked:
        unknown = changes.keys() - cls.__pydantic_fields__.keys()
        if unknown:
            raise ValueError(f"{cls.__name__} has no field {', '.join(sorted(unknown))}")
        _checked.add(key)
    if template.__pydantic_extra__ is not None or template.__pydantic_private__ is not None:
        return template.model_copy(update=changes)
    record = _new(cls)
    values = template.__dict__.copy()
    values.update(changes)
    _set(record, "__dict__", values)
    _set(record, "__pydantic_extra__", None)
    fields_set = template.__pydantic_fields_set__
    if len(fields_set) != len(values) and not changes.keys() <= fields_set:
        fields_set = fields_set | changes.keys()
    # Shared with the template when nothing new is set (a template names all its fields): pydantic
    # changes this set only on a record it has just copied, never on a frozen one. One object fewer
    # per record for the garbage collector to track.
    _set(record, "__pydantic_fields_set__", fields_set)
    _set(record, "__pydantic_private__", None)
    return record


def maker[R: BaseModel](template: R, *names: str) -> Callable[[dict[str, Any]], R]:
    """A function turning a copy of ``template``'s field values, with ``names`` changed, into a record.

    ``maker(t, "a")(t.__dict__ | {"a": 1})`` equals ``derive(t, a=1)``: the names are checked once,
    here, for code that derives the same record on every intake and fills the values in itself (a
    pattern's generated scorer). The dict becomes the record's own: pass a fresh one. Raises
    ValueError for a name that is not a field, or a template :func:`derive` would hand to
    ``model_copy``.
    """
    cls = type(template)
    unknown = set(names) - cls.__pydantic_fields__.keys()
    if unknown:
        raise ValueError(f"{cls.__name__} has no field {', '.join(sorted(unknown))}")
    if template.__pydantic_extra__ is not None or template.__pydantic_private__ is not None:
        raise ValueError(f"{cls.__name__} has extra fields or private attributes")
    fields_set = template.__pydantic_fields_set__
    if not fields_set.issuperset(names):
        fields_set = fields_set | set(names)

    def make(fields: dict[str, Any]) -> R:
        record = _new(cls)
        _set(record, "__dict__", fields)
        _set(record, "__pydantic_extra__", None)
        _set(record, "__pydantic_fields_set__", fields_set)
        _set(record, "__pydantic_private__", None)
        return record

    return make
