"""``derive`` gives what ``model_copy(update=...)`` gives, without touching the template; ``trusted``
builds what the validating constructor builds, from values already of the right types."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

from acuback.core.records import derive, maker, trusted


class Inner(BaseModel):
    model_config = ConfigDict(frozen=True)
    label: str


class Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    name: str
    score: float = 0.0
    items: tuple[Inner, ...] = ()
    note: str | None = None


TEMPLATE = Record(name="cold-damp", note="fixed")


@given(
    score=st.floats(allow_nan=False),
    labels=st.lists(st.text(max_size=5), max_size=3),
    with_note=st.booleans(),
)
def test_derive_equals_model_copy(score: float, labels: list[str], with_note: bool) -> None:
    changes: dict[str, object] = {"score": score, "items": tuple(Inner(label=x) for x in labels)}
    if with_note:
        changes["note"] = None
    derived = derive(TEMPLATE, **changes)
    copied = TEMPLATE.model_copy(update=changes)
    assert derived == copied
    assert type(derived) is Record
    assert derived.model_fields_set == copied.model_fields_set
    assert derived.model_dump() == copied.model_dump()
    assert derived.model_dump_json() == copied.model_dump_json()
    assert hash(derived.items) == hash(copied.items)


def test_the_template_is_untouched_and_the_copy_frozen() -> None:
    template = Record(name="a")
    derived = derive(template, score=0.5)
    assert template.score == 0.0
    assert template.model_fields_set == {"name"}
    assert derived.model_fields_set == {"name", "score"}
    with pytest.raises(ValueError, match="frozen"):
        derived.score = 1.0  # type: ignore[misc]


def test_an_unknown_field_is_refused_by_name() -> None:
    with pytest.raises(ValueError, match="Record has no field colour, size"):
        derive(TEMPLATE, size=1, colour="red")


def test_records_with_private_attributes_go_through_model_copy() -> None:
    class WithPrivate(BaseModel):
        name: str
        _cache: int = PrivateAttr(default=3)

    template = WithPrivate(name="x")
    derived = derive(template, name="y")
    assert derived.name == "y"
    assert derived._cache == 3


def test_maker_builds_what_derive_builds() -> None:
    make = maker(TEMPLATE, "score", "items")
    fields = TEMPLATE.__dict__.copy()
    fields["score"], fields["items"] = 0.5, (Inner(label="x"),)
    made = make(fields)
    derived = derive(TEMPLATE, score=0.5, items=(Inner(label="x"),))
    assert made == derived
    assert made.model_fields_set == derived.model_fields_set
    assert made.model_dump_json() == derived.model_dump_json()
    assert TEMPLATE.score == 0.0


def test_maker_refuses_an_unknown_field_at_once() -> None:
    with pytest.raises(ValueError, match="Record has no field size"):
        maker(TEMPLATE, "score", "size")


# --- trusted ------------------------------------------------------------------------------


class Ordered(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    first: str
    second: tuple[Inner, ...]
    third: float = 1.5
    fourth: str | None = None


build_ordered = trusted(Ordered)


@given(
    first=st.text(max_size=5),
    labels=st.lists(st.text(max_size=5), max_size=3),
    third=st.none() | st.floats(allow_nan=False),
    fourth=st.sampled_from(["(omitted)", None]) | st.text(max_size=3),
    reverse=st.booleans(),
)
def test_trusted_equals_the_validating_constructor(
    first: str, labels: list[str], third: float | None, fourth: str | None, reverse: bool
) -> None:
    values: dict[str, object] = {"first": first, "second": tuple(Inner(label=x) for x in labels)}
    if third is not None:
        values["third"] = third
    if fourth != "(omitted)":
        values["fourth"] = fourth
    if reverse:  # keywords in another order than the fields: the record keeps the fields' order
        values = dict(reversed(values.items()))
    built = build_ordered(**values)  # type: ignore[arg-type]
    validated = Ordered(**values)  # type: ignore[arg-type]
    assert type(built) is Ordered
    assert built == validated
    assert list(built.__dict__) == list(validated.__dict__)
    assert built.model_fields_set == validated.model_fields_set
    assert built.model_dump_json() == validated.model_dump_json()
    assert repr(built) == repr(validated)
    with pytest.raises(ValueError, match="frozen"):
        built.first = "changed"  # type: ignore[misc]


def test_trusted_refuses_a_wrong_call_by_name() -> None:
    with pytest.raises(TypeError, match="Ordered has no field colour"):
        build_ordered(first="a", second=(), colour="red")  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="Ordered needs second"):
        build_ordered(first="a")  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="keyword arguments only"):
        build_ordered("a", ())  # type: ignore[misc]


def test_trusted_converts_nothing() -> None:
    # What the validating constructor would have turned into a tuple stays a list: the reason
    # trusted records are held to a validated rebuild (tests/core/test_trusted_records.py).
    built = build_ordered(first="a", second=[Inner(label="x")])  # type: ignore[arg-type]
    assert built.second == [Inner(label="x")]
    assert built != Ordered(first="a", second=[Inner(label="x")])  # type: ignore[arg-type]


def test_trusted_refuses_a_record_it_cannot_build() -> None:
    class Factory(BaseModel):
        items: list[str] = Field(default_factory=list)

    class Private(BaseModel):
        name: str
        _cache: int = PrivateAttr(default=0)

    with pytest.raises(ValueError, match=r"Factory.items has a default factory"):
        trusted(Factory)
    with pytest.raises(ValueError, match="Private has extra fields or private attributes"):
        trusted(Private)
