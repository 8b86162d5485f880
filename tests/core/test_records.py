"""``derive`` gives what ``model_copy(update=...)`` gives, without touching the template."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel, ConfigDict, PrivateAttr

from acuback.core.records import derive, maker


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
