"""The records the engine builds without validation (``records.trusted``) are exactly what the
validating constructors would have built: same values, same types, same JSON."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel

from acuback.core.assess import Assessment, assess
from acuback.core.intake import parse_intake
from acuback.core.triage import TriageVerdict
from acuback.knowledge import load_atlas
from acuback.knowledge.engine_data import load_engine_data
from tests.core.test_properties import AS_OF, PROPERTY_SETTINGS, intake_data


def _records(value: Any) -> Iterator[BaseModel]:
    """Every record in a result, the result itself first."""
    if isinstance(value, BaseModel):
        yield value
        for name in type(value).model_fields:
            yield from _records(getattr(value, name))
    elif isinstance(value, (tuple, list)):
        for item in value:
            yield from _records(item)


def _same(built: Any, validated: Any, where: str) -> None:
    """Equal, and of the same type all the way down (``1 == 1.0`` and ``[1] != (1,)`` aside)."""
    assert type(built) is type(validated), f"{where}: {type(built)} != {type(validated)}"
    if isinstance(built, tuple):
        assert len(built) == len(validated), where
        for index, (a, b) in enumerate(zip(built, validated, strict=True)):
            _same(a, b, f"{where}[{index}]")
    else:
        assert built == validated, where


def _check(record: BaseModel) -> None:
    cls = type(record)
    values = {name: getattr(record, name) for name in record.model_fields_set}
    rebuilt = cls(**values)  # the validating constructor; nested records are checked on their own
    assert list(record.__dict__) == list(rebuilt.__dict__), cls.__name__
    for name in cls.model_fields:
        _same(getattr(record, name), getattr(rebuilt, name), f"{cls.__name__}.{name}")
    assert record.model_fields_set == rebuilt.model_fields_set, cls.__name__
    assert record.model_dump_json() == rebuilt.model_dump_json(), cls.__name__


PROTOCOLS = [None, *(protocol.id for protocol in load_engine_data().protocols)]


@PROPERTY_SETTINGS
@given(data=intake_data(), protocol=st.sampled_from(PROTOCOLS))
def test_every_record_of_an_assessment_equals_its_validated_rebuild(
    data: dict[str, Any], protocol: str | None
) -> None:
    assessment = assess(parse_intake(data), load_atlas(), as_of=AS_OF, protocol=protocol)

    for record in _records(assessment):
        _check(record)
    assert Assessment.model_validate_json(assessment.model_dump_json()) == assessment


def test_the_check_catches_what_validation_would_have_converted() -> None:
    # The test above is only worth its name if a record built with a list for a tuple field, or
    # an int for a float one, fails it.
    verdict = assess(parse_intake({"age": 40}), load_atlas(), as_of=AS_OF).triage
    broken = TriageVerdict.model_construct(**{**verdict.__dict__, "flags": list(verdict.flags)})
    with pytest.raises(AssertionError, match=r"TriageVerdict\.flags"):
        _check(broken)
