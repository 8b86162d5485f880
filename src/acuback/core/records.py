"""Building the engine's result records cheaply: from a validated template, or from values the
engine made itself.

The engine builds most of its result records from templates validated once per loaded data set
(a pattern's fixed description, a red-flag's text, the duration definitions) and fills in the
intake's part on each assessment. ``model_copy(update=...)`` does that, but through the ``copy``
module three times per record; on the ~7 records an assessment derives this way it was an eighth
of the engine's time. :func:`derive` gives the same record: a shallow copy of the template's field
values with ``changes`` applied, the changed fields marked as set, no validation.

The records that close each step (the verdict, the classification, the prescription, the
assessment…) are built from values the engine has just made, already of their fields' types:
validating them again was ~7 µs of every assessment. :func:`trusted` gives a constructor with the
record's own signature (mypy checks every call against the fields' types, with the pydantic plugin's
``init_typed``) that builds it without validation; the tests rebuild every record of generated
assessments through the validating constructor and require the same values, types and JSON.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

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


def trusted[**P, R: BaseModel](cls: Callable[P, R]) -> Callable[P, R]:
    """A constructor for ``cls`` that does not validate: for values the engine built itself.

    Takes the record class; returns a function with the class's own signature (keywords only) that
    gives the record ``cls(**values)`` would, defaults filled in and the given fields marked as set,
    in the order of the class's fields. Nothing is converted: a list for a tuple field stays a list,
    which is why the tests hold each trusted record to a validated rebuild. Raises ValueError here
    for a class with a default factory, extra fields or private attributes, and TypeError on a call
    with positional arguments, an unknown field or a missing required one.
    """
    model = cast(type[BaseModel], cls)
    fields = model.__pydantic_fields__
    order = tuple(fields)
    defaults: dict[str, Any] = {}
    for name, info in fields.items():
        if info.default_factory is not None:
            raise ValueError(f"{model.__name__}.{name} has a default factory")
        if not info.is_required():
            defaults[name] = info.default
    if model.model_config.get("extra") == "allow" or model.__private_attributes__:
        raise ValueError(f"{model.__name__} has extra fields or private attributes")
    # Per set of names given, in the order given: whether the values need reordering (or defaults),
    # and the set of fields marked as set. Checked once: the engine calls each with the same few.
    calls: dict[tuple[str, ...], tuple[bool, set[str]]] = {}

    def call_shape(names: tuple[str, ...]) -> tuple[bool, set[str]]:
        unknown = [name for name in names if name not in fields]
        if unknown:
            raise TypeError(f"{model.__name__} has no field {', '.join(unknown)}")
        missing = [name for name in order if name not in names and name not in defaults]
        if missing:
            raise TypeError(f"{model.__name__} needs {', '.join(missing)}")
        calls[names] = (names != order, set(names))
        return calls[names]

    def build(*args: P.args, **values: P.kwargs) -> R:
        if args:
            raise TypeError(f"{model.__name__} takes keyword arguments only")
        names = tuple(values)
        reorder, fields_set = calls.get(names) or call_shape(names)
        if reorder:
            values = {name: values[name] if name in values else defaults[name] for name in order}  # type: ignore[assignment]
        record = _new(model)
        _set(record, "__dict__", values)
        _set(record, "__pydantic_extra__", None)
        # Shared between records built from the same names: pydantic changes this set only on a
        # record it has just copied, never on a frozen one.
        _set(record, "__pydantic_fields_set__", fields_set)
        _set(record, "__pydantic_private__", None)
        return cast(R, record)

    return build
