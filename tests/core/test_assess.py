"""The assessment pipeline: steps in order, an emergency withholds points, versions and texts."""

from __future__ import annotations

import json
import re

import pytest

from acuback.core.assess import Assessment, assess
from acuback.core.classify import DurationClass
from acuback.core.errors import InvalidIntake, UnknownProtocol
from acuback.core.triage import TriageLevel
from acuback.knowledge import Atlas
from acuback.knowledge.assessment_data import load_assessment_texts
from tests.core.engine_factories import AS_OF, answered_intake, weeks_before


def test_an_ordinary_intake_gets_a_screened_prescription(atlas: Atlas) -> None:
    result = assess(answered_intake(), atlas, as_of=AS_OF)

    assert result.level is TriageLevel.NONE
    assert result.withheld is None
    assert result.prescription is not None
    assert result.safety is not None
    assert result.prescription == result.safety.prescription
    assert result.prescription.points


def test_an_emergency_withholds_the_prescription_and_says_why(atlas: Atlas) -> None:
    intake = answered_intake(**{"red_flags.saddle_numbness": "yes"})

    result = assess(intake, atlas, as_of=AS_OF)

    assert result.level is TriageLevel.EMERGENCY
    assert result.prescription is None
    assert result.safety is None
    assert result.withheld is not None
    assert result.withheld.startswith(
        "No prescription: the triage found an emergency. Do not needle;"
    )
    assert "cauda equina syndrome" in result.withheld


def test_an_urgent_flag_keeps_the_points_but_says_to_wait_for_a_doctor(atlas: Atlas) -> None:
    intake = answered_intake(**{"conditions.cancer_history": "yes"})

    result = assess(intake, atlas, as_of=AS_OF)

    assert result.level is TriageLevel.URGENT
    assert result.prescription is not None
    assert result.notes == (load_assessment_texts().urgent_note,)


def test_the_evidence_note_states_both_guidelines(atlas: Atlas) -> None:
    result = assess(answered_intake(), atlas, as_of=AS_OF)

    sources = [note.sources for note in result.evidence]
    assert ("acp2017",) in sources
    assert ("nice_ng59",) in sources
    texts = " ".join(note.text for note in result.evidence)
    assert "first-line non-drug options" in texts
    assert "advises against offering acupuncture" in texts


def test_the_disclaimer_says_decision_support_not_diagnosis(atlas: Atlas) -> None:
    result = assess(answered_intake(), atlas, as_of=AS_OF)

    assert result.disclaimer.startswith(
        "Decision support for a trained practitioner, not a diagnosis."
    )


def test_the_knowledge_version_combines_the_atlas_and_the_engine_data(atlas: Atlas) -> None:
    result = assess(answered_intake(), atlas, as_of=AS_OF)

    atlas_part, engine_part = result.knowledge_version.split("-")
    assert atlas_part == atlas.version
    assert len(engine_part) == 12


def test_the_duration_class_reaches_the_pattern_step(atlas: Atlas) -> None:
    chronic = answered_intake(**{"onset.date": weeks_before(30)})

    result = assess(chronic, atlas, as_of=AS_OF)

    assert result.classification.duration is DurationClass.CHRONIC
    assert result.patterns


def test_an_unknown_protocol_is_refused_even_in_an_emergency(atlas: Atlas) -> None:
    emergency = answered_intake(**{"red_flags.saddle_numbness": "yes"})

    with pytest.raises(UnknownProtocol, match="No protocol is called 'acme'"):
        assess(answered_intake(), atlas, as_of=AS_OF, protocol="acme")
    with pytest.raises(UnknownProtocol):
        assess(emergency, atlas, as_of=AS_OF, protocol="acme")


def test_an_onset_after_the_assessment_date_is_refused(atlas: Atlas) -> None:
    with pytest.raises(InvalidIntake, match=re.escape("onset.date")):
        assess(answered_intake(**{"onset.date": "2030-01-01"}), atlas, as_of=AS_OF)


def test_the_assessment_round_trips_through_json(atlas: Atlas) -> None:
    result = assess(answered_intake(), atlas, as_of=AS_OF)

    text = result.model_dump_json()

    assert json.loads(text)["triage"]["level"] == "none"
    assert Assessment.model_validate_json(text) == result


def test_the_same_intake_and_date_give_the_same_assessment(atlas: Atlas) -> None:
    intake = answered_intake(**{"radiation.areas": ["calf"], "radiation.side": "left"})

    assert assess(intake, atlas, as_of=AS_OF) == assess(intake, atlas, as_of=AS_OF)
