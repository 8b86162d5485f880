"""Reads whose SQL Django compiles once, then runs with new values: the hot pages' fixed-shape queries.

Building a queryset and compiling it to SQL costs Django 0.1-1 ms a query whatever the data (today's
appointments, with the latest triage level and open alerts of each patient, took 1.1 ms to compile
and 0.09 ms to run on the 100,000-patient demo clinic). A page that runs the same few queries on
every request with only an id or a time changed pays that on every request. :class:`Prepared` asks
Django for the SQL of a query once per database connection, finds where each named value went among
its parameters, and afterwards only swaps the values in, runs the SQL and turns the rows into model
instances as Django itself does (select_related objects and annotations included, with the same
database converters).

The query is written with the ORM as usual, by a function of named values::

    by_clinic = Prepared(lambda clinic_id: Patient.objects.filter(clinic_id=clinic_id))
    patients = by_clinic.all(clinic_id=3)

Preparing checks what it can: each value must reach the SQL as a parameter (not written into its
text), and the function must depend on its values alone: it is compiled twice with different stand-in
values, and anything else that differs between the two (a ``timezone.now()`` inside it, say) is an
error, raised at the first use, which the tests reach. Values are integers, strings or aware
datetimes; an integer too large for any column (an id typed into a URL) is answered by the ORM
itself, as before (no row).

What it leaves out: prefetch_related (run it on the instances afterwards), and fetch modes that
track peers (refused). It reads the compiler's parts that Django's own ``ModelIterable`` reads
(``klass_info``, ``select``, ``annotation_col_map``, the converters, ``get_related_populators``):
not a documented API, so ``tests/web/test_prepared.py`` holds every prepared read of the pages to
the plain ORM's answer, on SQLite and PostgreSQL; a Django upgrade that changes them fails there.
"""

from __future__ import annotations

import datetime as dt
import inspect
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connections
from django.db.models import Model, QuerySet
from django.db.models.query import ModelIterable, get_related_populators

Value = int | str | dt.datetime


class PreparationError(RuntimeError):
    """The query cannot be prepared (a value not passed as a parameter, or a hidden constant)."""


def _stand_in(kind: type, round_: int, index: int) -> Value:
    """A value no real query uses, distinct for each parameter and each of the two compilations."""
    serial = round_ * 100 + index
    if kind is int:
        return 7_319_000_000 + serial
    if kind is str:
        return f"\x00prepared-{serial}\x00"
    if kind is dt.datetime:
        return dt.datetime(1801, 2, 3, 4, 5, 6, 700_000 + serial, tzinfo=dt.UTC)
    raise PreparationError(f"a prepared value must be int, str or datetime, not {kind.__name__}")


def _beyond_the_database(values: dict[str, Value]) -> bool:
    """Whether an integer is too large for a database column (an id typed into a URL, say): the
    driver would refuse it, where Django's own lookups find no row."""
    return any(type(v) is int and not -(2**63) <= v < 2**63 for v in values.values())


def _as_parameter(connection: Any, value: Value) -> Any:
    """``value`` as the database driver receives it in Django's own queries."""
    if isinstance(value, dt.datetime):
        return connection.ops.adapt_datetimefield_value(value)
    return value


@dataclass(frozen=True)
class _Compiled:
    sql: str
    params: tuple[Any, ...]
    slots: dict[str, tuple[int, ...]]  # positions in params of each named value
    compiler: Any
    converters: Any
    init_list: list[str]
    model_slice: slice
    populators: list[Any]
    annotations: dict[str, int]
    from_db: Callable[..., Any] | None  # None for a query of values


class Prepared[M: Model]:
    """A read of model ``M`` built by ``build(**values)``, compiled once per connection (see above)."""

    def __init__(self, build: Callable[..., QuerySet[M, Any]], **kinds: type) -> None:
        """``kinds`` gives the type of each of ``build``'s arguments that is not an int."""
        self._build = build
        names = list(inspect.signature(build).parameters)
        if set(kinds) - set(names):
            raise TypeError(f"{build}: no argument named {sorted(set(kinds) - set(names))}")
        self._kinds: dict[str, type] = {name: kinds.get(name, int) for name in names}
        self._local = threading.local()
        self.name = getattr(build, "__qualname__", repr(build))

    # -- running ---------------------------------------------------------------------------------

    def all(self, **values: Value) -> list[M]:
        """Every row, as model instances."""
        return list(self.iterate(**values))

    def first(self, **values: Value) -> M | None:
        """The first row (the query orders and limits itself), or None."""
        return next(self.iterate(**values), None)

    def iterate(self, **values: Value) -> Iterator[M]:
        if _beyond_the_database(values):
            yield from self._build(**values)  # Django answers these itself (no such row)
            return
        compiled, rows, db = self._run(values)
        if compiled.from_db is None:
            raise PreparationError(f"{self.name} reads values, not model instances: use rows()")
        for row in rows:
            obj = compiled.from_db(db, compiled.init_list, row[compiled.model_slice])
            for populator in compiled.populators:
                populator.populate(row, obj)
            for attr, position in compiled.annotations.items():
                setattr(obj, attr, row[position])
            yield obj

    def rows(self, **values: Value) -> list[tuple[Any, ...]]:
        """The rows as tuples of Python values (for a ``values_list`` or aggregate query)."""
        if _beyond_the_database(values):
            return [tuple(row) for row in self._build(**values)]
        return [tuple(row) for row in self._run(values)[1]]

    def _run(self, values: dict[str, Value]) -> tuple[_Compiled, Sequence[Any], str]:
        compiled, connection, db = self._compiled()
        params = list(compiled.params)
        if values.keys() != compiled.slots.keys():
            raise TypeError(f"{self.name} takes {sorted(compiled.slots)}, got {sorted(values)}")
        for name, positions in compiled.slots.items():
            value = values[name]
            expected = self._kinds[name]
            if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
                raise TypeError(f"{self.name}: {name} must be {expected.__name__}")
            adapted = _as_parameter(connection, value)
            for position in positions:
                params[position] = adapted
        with connection.cursor() as cursor:
            cursor.execute(compiled.sql, params)
            rows: Sequence[Any] = cursor.fetchall()
        if compiled.converters:
            rows = list(compiled.compiler.apply_converters(rows, compiled.converters))
        return compiled, rows, db

    # -- preparing -------------------------------------------------------------------------------

    def _compiled(self) -> tuple[_Compiled, Any, str]:
        db = "default"
        connection = connections[db]
        compiled: _Compiled | None = getattr(self._local, "compiled", None)
        if compiled is None or getattr(self._local, "connection", None) is not connection:
            compiled = self._prepare(connection, db)
            self._local.compiled, self._local.connection = compiled, connection
        return compiled, connection, db

    def _compile(self, connection: Any, db: str, round_: int) -> tuple[Any, str, tuple[Any, ...]]:
        stand_ins = {
            name: _stand_in(kind, round_, index)
            for index, (name, kind) in enumerate(self._kinds.items())
        }
        queryset = self._build(**stand_ins)
        compiler = queryset.query.get_compiler(using=db)
        sql, params = compiler.as_sql()
        return (queryset, compiler, stand_ins), sql, tuple(params)

    def _prepare(self, connection: Any, db: str) -> _Compiled:
        (queryset, compiler, first), sql, params = self._compile(connection, db, 1)
        (_, _, second), sql_again, params_again = self._compile(connection, db, 2)
        for name, value in first.items():
            if str(value) in sql:
                raise PreparationError(f"{self.name}: {name} is written into the SQL text")
        if sql != sql_again or len(params) != len(params_again):
            raise PreparationError(f"{self.name}: the SQL depends on more than its values")
        slots: dict[str, tuple[int, ...]] = {}
        for name in first:
            one, two = (
                _as_parameter(connection, first[name]),
                _as_parameter(connection, second[name]),
            )
            positions = tuple(i for i, p in enumerate(params) if p == one)
            if not positions or positions != tuple(
                i for i, p in enumerate(params_again) if p == two
            ):
                raise PreparationError(f"{self.name}: {name} does not reach the SQL as a parameter")
            slots[name] = positions
        taken = {i for positions in slots.values() for i in positions}
        for i, (p, q) in enumerate(zip(params, params_again, strict=True)):
            if i not in taken and p != q:
                raise PreparationError(
                    f"{self.name}: parameter {i} changes between compilations (a hidden value such "
                    "as the current time: pass it as a named value)"
                )
        fetch_mode = queryset._fetch_mode
        if fetch_mode.track_peers:
            raise PreparationError(f"{self.name}: fetch modes that track peers are not supported")
        klass_info, select = compiler.klass_info, compiler.select
        fields = [s[0] for s in select[0 : compiler.col_count]]
        converters = compiler.get_converters(fields)
        if klass_info is None or queryset._iterable_class is not ModelIterable:  # values
            return _Compiled(sql, params, slots, compiler, converters, [], slice(0), [], {}, None)
        start, end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
        model = klass_info["model"]
        return _Compiled(
            sql=sql,
            params=params,
            slots=slots,
            compiler=compiler,
            converters=converters,
            init_list=[f[0].target.attname for f in select[start:end]],
            model_slice=slice(start, end),
            populators=get_related_populators(klass_info, select, db, fetch_mode),
            annotations=dict(compiler.annotation_col_map or {}),
            from_db=lambda db_, names, values: model.from_db(
                db_, names, values, fetch_mode=fetch_mode
            ),
        )
