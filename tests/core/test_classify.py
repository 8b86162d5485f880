"""Classification: regions, duration classes at their boundaries, radicular roots and codes."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from acuback.core.classify import DurationClass, SpinalRegion, classify
from acuback.core.errors import InvalidIntake
from acuback.core.intake import LimbSide
from acuback.knowledge.classification_data import CodeSystem, build_classification_data
from acuback.knowledge.errors import DataFileError
from tests.core.engine_factories import AS_OF, answered_intake, weeks_before


def _codes(system: CodeSystem, **overrides: Any) -> list[str]:
    result = classify(answered_intake(**overrides), as_of=AS_OF)
    return [c.code for c in result.codes if c.system is system]


@pytest.mark.parametrize(
    ("days", "category", "alternative"),
    [
        (0, DurationClass.ACUTE, DurationClass.ACUTE),
        (27, DurationClass.ACUTE, DurationClass.ACUTE),
        (28, DurationClass.ACUTE, DurationClass.SUBACUTE),
        (41, DurationClass.ACUTE, DurationClass.SUBACUTE),
        (42, DurationClass.SUBACUTE, DurationClass.SUBACUTE),
        (84, DurationClass.SUBACUTE, DurationClass.SUBACUTE),
        (85, DurationClass.CHRONIC, DurationClass.CHRONIC),
        (800, DurationClass.CHRONIC, DurationClass.CHRONIC),
    ],
)
def test_duration_classes_follow_6_and_12_weeks_with_acp_alongside(
    days: int, category: DurationClass, alternative: DurationClass
) -> None:
    intake = answered_intake(**{"onset.date": weeks_before(days / 7)})

    result = classify(intake, as_of=AS_OF)

    assert result.duration is category
    assert result.duration_detail.alternative_category is alternative
    assert result.duration_detail.weeks == round(days / 7, 1)
    assert result.duration_detail.source == "cost_b13_2006"
    assert result.duration_detail.alternative_source == "acp2017"


def test_a_class_that_differs_under_acp_is_noted() -> None:
    result = classify(answered_intake(**{"onset.date": weeks_before(5)}), as_of=AS_OF)

    assert result.duration is DurationClass.ACUTE
    assert (
        "By the alternative definition (ACP 2017: acute under 4 weeks, subacute 4 to 12 weeks, "
        "chronic over 12 weeks) this episode is subacute." in result.notes
    )


def test_a_missing_onset_date_leaves_the_duration_unknown() -> None:
    result = classify(answered_intake(**{"onset.date": None}), as_of=AS_OF)

    assert result.duration is DurationClass.UNKNOWN
    assert result.duration_detail.weeks is None
    assert "The onset date is missing, so the duration class is unknown." in result.notes


def test_an_onset_after_the_assessment_date_is_refused() -> None:
    with pytest.raises(InvalidIntake, match=re.escape("onset.date")):
        classify(answered_intake(**{"onset.date": "2025-03-02"}), as_of=AS_OF)


def test_body_map_regions_map_to_spinal_regions() -> None:
    sites = [
        {"region": "buttock", "side": "left"},
        {"region": "neck", "side": "central"},
        {"region": "mid_back", "side": "central"},
        {"region": "sacral", "side": "central"},
    ]

    result = classify(answered_intake(pain_sites=sites), as_of=AS_OF)

    assert [r.value for r in result.regions] == ["neck", "mid_back", "sacral", "buttock"]
    assert result.spinal_regions == (
        SpinalRegion.CERVICAL,
        SpinalRegion.THORACIC,
        SpinalRegion.SACRAL,
    )


# --- radicular pattern -----------------------------------------------------------------------


def test_pain_below_the_knee_suggests_lumbar_radicular_pain() -> None:
    intake = answered_intake(
        **{"radiation.areas": ["thigh_back", "calf", "little_toe"], "radiation.side": "right"}
    )

    radicular = classify(intake, as_of=AS_OF).radicular

    assert radicular.present is True
    assert radicular.region == "lumbar"
    assert radicular.side is LimbSide.RIGHT
    assert radicular.basis == ("pain spreads below the knee",)
    assert radicular.objective_signs is False
    assert [(r.root, r.score) for r in radicular.likely_roots] == [("S1", 2)]


def test_buttock_and_thigh_pain_without_tingling_is_not_radicular() -> None:
    intake = answered_intake(
        **{"radiation.areas": ["buttock", "thigh_back"], "radiation.side": "left"}
    )

    radicular = classify(intake, as_of=AS_OF).radicular

    assert radicular.present is False
    assert radicular.likely_roots == ()
    assert radicular.side is None


def test_thigh_pain_with_tingling_is_radicular() -> None:
    intake = answered_intake(
        **{
            "radiation.areas": ["thigh_front"],
            "radiation.side": "left",
            "radiation.tingling": "yes",
        }
    )

    radicular = classify(intake, as_of=AS_OF).radicular

    assert radicular.basis == ("pain spreads into the leg with numbness or tingling",)
    assert radicular.likely_roots[0].root == "L3"


def test_examination_findings_outweigh_reported_areas_when_ranking_roots() -> None:
    intake = answered_intake(
        **{
            "radiation.areas": ["calf", "foot_top"],
            "radiation.side": "left",
            "findings": {
                "straight_leg_raise_positive": "left",
                "strength_deficit": ["big_toe_extension"],
                "sensory_loss": ["foot_top"],
            },
        }
    )

    radicular = classify(intake, as_of=AS_OF).radicular

    assert [(r.root, r.score) for r in radicular.likely_roots] == [("L5", 5), ("S1", 1)]
    assert radicular.likely_roots[0].reasons == (
        "symptoms felt in the foot top (L5 dermatome)",
        "sensory loss in the foot top (L5 dermatome)",
        "weak big toe extension (L5 myotome)",
    )
    assert radicular.objective_signs is True
    assert radicular.basis[0] == "pain spreads below the knee"
    assert "positive straight-leg raise (left)" in radicular.basis


@pytest.mark.parametrize(
    ("findings", "root"),
    [
        ({"reflexes_reduced": ["ankle"]}, "S1"),
        ({"reflexes_reduced": ["knee"]}, "L4"),
        ({"strength_deficit": ["ankle_plantarflexion"]}, "S1"),
        ({"strength_deficit": ["ankle_dorsiflexion"]}, "L4"),
        ({"sensory_loss": ["ankle_inner"]}, "L4"),
        ({"sensory_loss": ["big_toe"]}, "L5"),
    ],
)
def test_a_single_leg_root_sign_names_its_root(findings: dict[str, list[str]], root: str) -> None:
    intake = answered_intake(findings=findings)

    radicular = classify(intake, as_of=AS_OF).radicular

    assert radicular.present is True
    assert radicular.objective_signs is True
    assert radicular.likely_roots[0].root == root


@pytest.mark.parametrize(
    ("area", "root"),
    [("shoulder", "C5"), ("thumb_index", "C6"), ("middle_finger", "C7"), ("ring_little", "C8")],
)
def test_arm_areas_name_cervical_roots(area: str, root: str) -> None:
    intake = answered_intake(
        pain_sites=[{"region": "neck", "side": "left"}],
        **{"radiation.areas": [area], "radiation.side": "left", "radiation.tingling": "yes"},
    )

    radicular = classify(intake, as_of=AS_OF).radicular

    assert radicular.region == "cervical"
    assert radicular.likely_roots[0].root == root


def test_shoulder_pain_alone_is_referred_not_radicular() -> None:
    intake = answered_intake(
        pain_sites=[{"region": "neck", "side": "left"}],
        **{"radiation.areas": ["shoulder"], "radiation.side": "left"},
    )

    assert classify(intake, as_of=AS_OF).radicular.present is False


# --- codes -----------------------------------------------------------------------------------


def test_low_back_pain_codes_differ_between_who_and_the_us_modification() -> None:
    result = classify(answered_intake(), as_of=AS_OF)

    assert [(c.system.value, c.code) for c in result.codes] == [
        ("icd10", "M54.5"),
        ("icd10cm", "M54.50"),
        ("icd11", "ME84.2"),
    ]
    assert "In ICD-10-CM use M54.50 instead." in result.codes[0].why
    assert result.codes[2].verified is False


@pytest.mark.parametrize(
    ("side", "expected"),
    [
        ("left", ["M54.42"]),
        ("right", ["M54.41"]),
        ("both", ["M54.41", "M54.42"]),
        (None, ["M54.40"]),
    ],
)
def test_lumbago_with_sciatica_takes_the_side_in_icd10cm(
    side: str | None, expected: list[str]
) -> None:
    overrides = {"radiation.areas": ["calf"], "radiation.side": side}

    assert _codes(CodeSystem.ICD10CM, **overrides) == expected
    assert _codes(CodeSystem.ICD10, **overrides) == ["M54.4"]


def test_sciatica_without_low_back_pain_is_coded_as_sciatica() -> None:
    overrides = {
        "pain_sites": [{"region": "buttock", "side": "left"}],
        "radiation.areas": ["calf"],
        "radiation.side": "left",
    }

    assert _codes(CodeSystem.ICD10, **overrides) == ["M54.3"]
    assert _codes(CodeSystem.ICD10CM, **overrides) == ["M54.32"]


def test_root_signs_on_examination_suggest_radiculopathy() -> None:
    overrides = {
        "radiation.areas": ["calf"],
        "radiation.side": "left",
        "findings": {"reflexes_reduced": ["ankle"]},
    }

    assert _codes(CodeSystem.ICD10, **overrides) == ["M54.16", "M54.5"]
    assert _codes(CodeSystem.ICD10CM, **overrides) == ["M54.16", "M54.50"]


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"pain_sites": [{"region": "neck", "side": "central"}]}, ["M54.2"]),
        (
            {
                "pain_sites": [{"region": "neck", "side": "right"}],
                "radiation.areas": ["forearm", "thumb_index"],
                "radiation.side": "right",
            },
            ["M53.1"],
        ),
        (
            {
                "pain_sites": [{"region": "neck", "side": "right"}],
                "radiation.areas": ["thumb_index"],
                "radiation.side": "right",
                "findings": {"reflexes_reduced": ["brachioradialis"]},
            },
            ["M54.12"],
        ),
        ({"pain_sites": [{"region": "upper_back", "side": "central"}]}, ["M54.6"]),
        ({"pain_sites": [{"region": "hip", "side": "left"}]}, []),
    ],
    ids=["neck", "neck_to_arm", "cervical_root_signs", "thoracic", "no_spinal_region"],
)
def test_neck_thoracic_and_non_spinal_codes(overrides: dict[str, Any], expected: list[str]) -> None:
    assert _codes(CodeSystem.ICD10, **overrides) == expected


def test_a_pregnancy_adds_pregnancy_codes_first_with_the_trimester() -> None:
    intake = answered_intake(sex="female", pregnant="yes", pregnancy_weeks=20)

    result = classify(intake, as_of=AS_OF)

    cm = [c.code for c in result.codes if c.system is CodeSystem.ICD10CM]
    assert cm == ["O26.892", "O99.89", "M54.50"]
    assert [c.code for c in result.codes if c.system is CodeSystem.ICD10] == [
        "O26.8",
        "O99.8",
        "M54.5",
    ]


@pytest.mark.parametrize(
    ("weeks", "code"), [(None, "O26.899"), (13, "O26.891"), (14, "O26.892"), (28, "O26.893")]
)
def test_the_trimester_follows_the_icd10cm_boundaries(weeks: int | None, code: str) -> None:
    intake = answered_intake(sex="female", pregnant="yes", pregnancy_weeks=weeks)

    cm = [c.code for c in classify(intake, as_of=AS_OF).codes if c.system is CodeSystem.ICD10CM]

    assert cm[0] == code


def test_every_code_says_why_it_fits_and_cites_a_source() -> None:
    intake = answered_intake(**{"radiation.areas": ["calf"], "radiation.side": "left"})

    for code in classify(intake, as_of=AS_OF).codes:
        assert code.why.startswith("Low back pain with leg symptoms: pain spreads below the knee.")
        assert code.source in {"who_icd10_2019", "cms_icd10cm_2022", "who_icd11_mms"}


# --- the data file ---------------------------------------------------------------------------


def test_a_dermatome_for_an_area_the_intake_lacks_is_refused(data_copy: Path) -> None:
    path = data_copy / "classification.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("{area: big_toe,", "{area: big_tow,", 1),
        encoding="utf-8",
    )

    with pytest.raises(
        DataFileError, match="item dermatomes big_tow: field 'area': is not an intake value"
    ):
        classify(answered_intake(), as_of=AS_OF, data=build_classification_data(data_copy))


def test_a_code_citing_an_unknown_source_is_refused(data_copy: Path) -> None:
    path = data_copy / "classification.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("source: who_icd11_mms", "source: who_icd12", 1), encoding="utf-8")

    with pytest.raises(DataFileError, match="cites unknown source 'who_icd12'"):
        build_classification_data(data_copy)
