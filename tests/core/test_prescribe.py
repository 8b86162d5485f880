"""Prescriptions follow the region, the side, the duration, the sciatic channel, the leading pattern
and, when asked, a named protocol; no point twice and never more than 20 insertions."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from types import SimpleNamespace
from typing import Any

import pytest

from acuback.core.classify import classify
from acuback.core.errors import UnknownProtocol
from acuback.core.intake import Intake, parse_intake
from acuback.core.patterns import differentiate
from acuback.core.prescribe import (
    PointRole,
    PointSide,
    Prescription,
    duration_class,
    is_midline,
    prescribe,
    protocol_named,
)
from acuback.knowledge import Atlas
from acuback.knowledge.patterns_data import Moxibustion

AS_OF = dt.date(2025, 6, 1)
CHRONIC = {"date": "2024-01-01"}
ACUTE = {"date": "2025-05-25"}
KIDNEY_YANG: dict[str, Any] = {
    "better": ["rest", "warmth"],
    "other_complaints": {"cold_limbs": "yes", "frequent_pale_urination": "yes"},
    "findings": {"tongue": {"body": "pale", "features": ["swollen"]}, "pulse": ["deep", "weak"]},
}


def _intake(region: str = "lower_back", side: str = "central", **fields: Any) -> Intake:
    fields.setdefault("onset", CHRONIC)
    return parse_intake({"age": 50, "pain_sites": [{"region": region, "side": side}], **fields})


def _prescribe(intake: Intake, atlas: Atlas, protocol: str | None = None) -> Prescription:
    classification = classify(intake, as_of=AS_OF)
    scores = differentiate(intake, duration=duration_class(classification))
    return prescribe(intake, classification, scores, atlas, protocol)


def _rows(prescription: Prescription) -> list[tuple[str, str, str]]:
    return [(p.code, p.side.value, p.role.value) for p in prescription.points]


def test_central_chronic_low_back_pain_gets_local_adjacent_distal_and_ashi(atlas: Atlas) -> None:
    prescription = _prescribe(_intake(), atlas)

    assert _rows(prescription) == [
        ("BL23", "both", "local"),
        ("BL25", "both", "local"),
        ("GV3", "midline", "local"),
        ("BL54", "both", "adjacent"),
        ("BL40", "both", "distal"),
        ("KI3", "both", "distal"),
        ("ASHI", "both", "local"),
    ]
    assert prescription.insertions == 12
    assert prescription.patterns_used == ()


def test_one_sided_pain_needles_that_side_and_swaps_the_midline_point(atlas: Atlas) -> None:
    prescription = _prescribe(_intake(side="right"), atlas)

    assert _rows(prescription)[:3] == [
        ("BL23", "right", "local"),
        ("BL25", "right", "local"),
        ("BL52", "right", "local"),
    ]
    assert {p.side for p in prescription.points} == {PointSide.RIGHT}
    assert "GV3" not in prescription.codes


def test_acute_pain_takes_the_acute_distal_point_first_and_says_how(atlas: Atlas) -> None:
    prescription = _prescribe(_intake(onset=ACUTE), atlas)

    distal = [p.code for p in prescription.points if p.role is PointRole.DISTAL]
    assert distal == ["EX-UE7", "BL40"]
    assert "KI3" not in prescription.codes
    assert prescription.notes[-1].startswith("Acute episode: needle the distal points first")


def test_every_point_carries_a_rationale_and_a_source(atlas: Atlas) -> None:
    prescription = _prescribe(_intake(**KIDNEY_YANG), atlas)

    assert all(p.rationale and p.source for p in prescription.points)
    assert prescription.points[0].source == "brinkhaus2006_art"
    assert prescription.points[-1].source == "deadman2007"


def test_ashi_is_tender_points_found_by_palpation(atlas: Atlas) -> None:
    ashi = next(p for p in _prescribe(_intake(), atlas).points if p.code == "ASHI")

    assert ashi.rationale.startswith("Ashi points: tender points found by palpation")
    assert ashi.at_site is True
    assert ashi.insertions == 1


def test_pain_down_the_back_of_the_leg_adds_bladder_channel_points(atlas: Atlas) -> None:
    intake = _intake(side="left", radiation={"areas": ["thigh_back", "calf"], "side": "left"})

    prescription = _prescribe(intake, atlas)

    channel = [p.code for p in prescription.points][-2:]
    assert channel == ["BL36", "BL60"]
    assert "BL40" in prescription.codes  # already chosen as the command point of the back
    assert not any(p.code.startswith("GB") for p in prescription.points)
    assert (
        "Leg pain follows the Bladder channel (back of the leg): points along that channel."
        in prescription.notes
    )


def test_pain_down_the_side_of_the_leg_adds_gallbladder_channel_points(atlas: Atlas) -> None:
    intake = _intake(
        side="left",
        radiation={"areas": ["buttock", "thigh_side", "shin", "foot_top"], "side": "left"},
    )

    prescription = _prescribe(intake, atlas)

    assert _rows(prescription)[-3:] == [
        ("GB30", "left", "distal"),
        ("GB34", "left", "distal"),
        ("GB41", "left", "distal"),
    ]
    assert not any(p.code in {"BL36", "BL37", "BL57"} for p in prescription.points)


def test_channel_points_follow_the_side_of_the_radiation(atlas: Atlas) -> None:
    intake = _intake(side="central", radiation={"areas": ["thigh_side"], "side": "right"})

    rows = _rows(_prescribe(intake, atlas))

    assert ("GB30", "right", "distal") in rows
    assert ("GB31", "right", "distal") in rows


def test_radiation_off_both_channels_adds_no_channel_points_and_says_so(atlas: Atlas) -> None:
    intake = _intake(side="left", radiation={"areas": ["thigh_front"], "side": "left"})

    prescription = _prescribe(intake, atlas)

    assert prescription.codes == _prescribe(_intake(side="left"), atlas).codes
    assert prescription.notes[0].startswith(
        "Pain spreads into the leg but not along the Bladder or Gallbladder"
    )


def test_a_leading_pattern_adds_its_points_on_both_sides(atlas: Atlas) -> None:
    prescription = _prescribe(_intake(side="left", **KIDNEY_YANG), atlas)

    pattern_rows = [row for row in _rows(prescription) if row[2] == "pattern"]
    assert pattern_rows == [("GV4", "midline", "pattern"), ("CV4", "midline", "pattern")]
    assert prescription.patterns_used == ("kidney_yang_deficiency",)
    assert prescription.moxibustion is Moxibustion.SUGGESTED


def test_an_inconclusive_differentiation_adds_no_pattern_points(atlas: Atlas) -> None:
    prescription = _prescribe(_intake(), atlas)

    assert not any(p.role is PointRole.PATTERN for p in prescription.points)
    assert (
        "No pattern reaches 0.50: no pattern points added; treat by region and duration."
        in prescription.notes
    )
    assert prescription.moxibustion is None


def test_a_contested_leading_pattern_is_flagged_in_the_notes(atlas: Atlas) -> None:
    intake = _intake(
        worse=["stress"],
        other_complaints={"stress_or_irritability": "yes", "sighing": "yes"},
        findings={"pulse": ["wiry"]},
    )

    prescription = _prescribe(intake, atlas)

    assert prescription.patterns_used == ("liver_qi_stagnation",)
    assert (
        "Liver-qi stagnation is contested as a back-pain pattern: weigh its points accordingly."
        in prescription.notes
    )


def test_neck_pain_uses_the_neck_rule(atlas: Atlas) -> None:
    prescription = _prescribe(_intake(region="neck", side="left", onset=ACUTE), atlas)

    assert _rows(prescription) == [
        ("GB20", "left", "local"),
        ("BL10", "left", "local"),
        ("GB21", "left", "adjacent"),
        ("EX-UE8", "left", "distal"),
        ("SI3", "left", "distal"),
        ("ASHI", "left", "local"),
    ]


def test_a_region_without_a_rule_is_left_to_palpation(atlas: Atlas) -> None:
    prescription = _prescribe(_intake(region="knee", side="left"), atlas)

    assert prescription.points == ()
    assert "No region rule for knee: choose local points there by palpation." in prescription.notes


def test_no_point_appears_twice_and_sides_merge(atlas: Atlas) -> None:
    intake = parse_intake(
        {
            "age": 50,
            "onset": CHRONIC,
            "pain_sites": [
                {"region": "lower_back", "side": "left"},
                {"region": "sacral", "side": "right"},
            ],
        }
    )

    prescription = _prescribe(intake, atlas)

    assert len(prescription.codes) == len(set(prescription.codes))
    bl40 = next(p for p in prescription.points if p.code == "BL40")
    assert bl40.side is PointSide.BOTH


def test_many_regions_stay_within_twenty_insertions_keeping_each_regions_first_points(
    atlas: Atlas,
) -> None:
    regions = [
        "neck",
        "shoulder",
        "upper_back",
        "mid_back",
        "lower_back",
        "sacral",
        "buttock",
        "hip",
    ]
    intake = parse_intake(
        {
            "age": 50,
            "onset": CHRONIC,
            "pain_sites": [{"region": r, "side": "both"} for r in regions],
            "radiation": {"areas": ["thigh_back", "calf", "thigh_side", "shin"], "side": "both"},
            **KIDNEY_YANG,
        }
    )

    prescription = _prescribe(intake, atlas)

    assert prescription.insertions <= 20
    assert {"GB20", "EX-B2", "BL23", "BL32", "GB30", "BL40", "ASHI"} <= set(prescription.codes)
    assert not any(p.role is PointRole.PATTERN for p in prescription.points)
    assert prescription.notes[-1].startswith("Left out CV4, GV4, ")
    assert prescription.notes[-1].endswith("to stay within 20 insertions.")


# --- protocols ---------------------------------------------------------------------------------


def test_cherkin_gives_the_eight_needle_standard_prescription(atlas: Atlas) -> None:
    prescription = _prescribe(_intake(**KIDNEY_YANG), atlas, "cherkin_2009_standardised")

    assert _rows(prescription) == [
        ("BL23", "both", "protocol"),
        ("BL40", "both", "protocol"),
        ("KI3", "both", "protocol"),
        ("GV3", "midline", "protocol"),
        ("ASHI", "both", "local"),
    ]
    assert prescription.insertions == 8
    assert prescription.protocol == "cherkin_2009_standardised"
    assert prescription.regimen == (
        "10 sessions; twice weekly for 3 weeks, then weekly for 4 weeks; 20 min per session; 8 needles"
    )
    assert prescription.patterns_used == ()


def test_art_picks_four_local_and_two_distal_pool_points_preferring_the_engines_choice(
    atlas: Atlas,
) -> None:
    prescription = _prescribe(_intake(), atlas, "art_brinkhaus_2006")

    assert _rows(prescription) == [
        ("BL23", "both", "protocol"),
        ("BL25", "both", "protocol"),
        ("GV3", "midline", "protocol"),
        ("BL54", "both", "protocol"),
        ("BL40", "both", "protocol"),
        ("KI3", "both", "protocol"),
    ]
    assert [p.at_site for p in prescription.points] == [True, True, True, True, False, False]


def test_art_keeps_bilateral_needling_for_one_sided_pain(atlas: Atlas) -> None:
    prescription = _prescribe(_intake(side="left"), atlas, "art_brinkhaus_2006")

    assert {p.side for p in prescription.points} == {PointSide.BOTH}
    assert prescription.codes[:4] == ("BL23", "BL25", "BL52", "BL54")


def test_gerac_falls_back_to_the_engines_points_and_says_why(atlas: Atlas) -> None:
    intake = _intake()

    prescription = _prescribe(intake, atlas, "gerac_2007")

    assert prescription.codes == _prescribe(intake, atlas).codes
    assert prescription.protocol == "gerac_2007"
    assert prescription.notes[0].startswith("GERAC's fixed-point list was not found")


def test_the_expert_consensus_adds_its_preferred_points_ashi_and_pattern_points(
    atlas: Atlas,
) -> None:
    prescription = _prescribe(_intake(**KIDNEY_YANG), atlas, "expert_consensus_chronic_lbp")

    assert prescription.codes == (
        "BL23",
        "BL40",
        "GB34",
        "BL54",
        "BL60",
        "EX-B2",
        "ASHI",
        "GV4",
        "KI3",
    )
    assert prescription.patterns_used == ("kidney_yang_deficiency",)


def test_a_protocol_outside_its_population_says_so(atlas: Atlas) -> None:
    prescription = _prescribe(_intake(region="neck", onset=ACUTE), atlas, "art_brinkhaus_2006")

    assert (
        "ART semi-standardised acupuncture (Brinkhaus et al. 2006) was tested for pain of the lower back; "
        "this patient's pain lies elsewhere."
    ) in prescription.notes
    assert (
        "ART semi-standardised acupuncture (Brinkhaus et al. 2006) was tested in chronic pain; this episode is acute."
    ) in prescription.notes


def test_protocol_names_forgive_case_and_hyphens(atlas: Atlas) -> None:
    assert (
        _prescribe(_intake(), atlas, "Cherkin-2009-Standardised").protocol
        == "cherkin_2009_standardised"
    )


def test_an_unknown_protocol_is_refused_with_the_known_ones(atlas: Atlas) -> None:
    with pytest.raises(UnknownProtocol) as caught:
        _prescribe(_intake(), atlas, "skonnord_2020")

    assert caught.value.code == "unknown_protocol"
    assert str(caught.value) == (
        "No protocol is called 'skonnord_2020'. Known protocols: art_brinkhaus_2006, "
        "cherkin_2009_standardised, gerac_2007, expert_consensus_chronic_lbp."
    )


# --- reading the classification -------------------------------------------------------------------


class _Duration(StrEnum):
    CHRONIC = "chronic"
    UNKNOWN = "unknown"


@pytest.mark.parametrize(
    ("classification", "expected"),
    [
        (SimpleNamespace(duration="acute"), "acute"),
        (SimpleNamespace(duration=_Duration.CHRONIC), "chronic"),
        (SimpleNamespace(duration=_Duration.UNKNOWN), None),
        (SimpleNamespace(duration=SimpleNamespace(duration_class="subacute")), "subacute"),
        (SimpleNamespace(), None),
    ],
)
def test_duration_class_reads_strings_enums_and_unknown(
    classification: object, expected: str | None
) -> None:
    assert duration_class(classification) == expected


def test_protocol_named_finds_a_protocol_by_a_loose_spelling() -> None:
    assert protocol_named(" GERAC-2007 ").id == "gerac_2007"

    with pytest.raises(UnknownProtocol):
        protocol_named("acuback")


@pytest.mark.parametrize(
    ("code", "midline"),
    [("GV4", True), ("CV6", True), ("BL23", False), ("EX-B2", False),
     ("GV99", True), ("BL99", False),  # not in the atlas: by the channel's name
     ("GV29", False)],  # another point's alternative code (EX-HN3): not a point of its own
)  # fmt: skip
def test_is_midline_reads_the_atlas_and_falls_back_on_the_channel(
    code: str, midline: bool, atlas: Atlas
) -> None:
    assert is_midline(code, atlas) is midline
