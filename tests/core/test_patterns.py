"""Pattern differentiation ranks the TCM patterns on clear cases and says when it cannot."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from acuback.core.intake import Intake, parse_intake
from acuback.core.patterns import CAVEAT, PatternScore, differentiate, summarise
from acuback.knowledge.engine_data import load_engine_data
from acuback.knowledge.errors import DataFileError
from acuback.knowledge.patterns_data import PatternStatus
from tests.core.engine_factories import blank_intake

LOWER_BACK = [{"region": "lower_back", "side": "central"}]


def _intake(**fields: Any) -> Intake:
    return parse_intake({"age": 50, "pain_sites": LOWER_BACK, **fields})


def _by_id(scores: tuple[PatternScore, ...]) -> dict[str, PatternScore]:
    return {s.pattern_id: s for s in scores}


COLD_DAMP = {
    "worse": ["cold", "damp"],
    "better": ["warmth"],
    "other_complaints": {"heavy_limbs": "yes"},
    "findings": {"tongue": {"coating": ["white", "sticky"]}},
}


def test_cold_damp_case_ranks_cold_damp_first_with_its_evidence() -> None:
    scores = differentiate(_intake(**COLD_DAMP))

    top = scores[0]
    assert top.pattern_id == "cold_damp"
    assert top.score == 0.7
    assert top.net_weight == 14
    assert [e.id for e in top.evidence_for] == [
        "worse_cold",
        "worse_damp",
        "better_warmth",
        "heavy_limbs",
        "white_coating",
        "sticky_coating",
    ]
    assert top.evidence_against == ()
    assert top.status is PatternStatus.ESTABLISHED
    assert scores[1].score < 0.4


def test_kidney_yang_case_ranks_kidney_yang_first() -> None:
    intake = _intake(
        better=["rest", "warmth"],
        other_complaints={"cold_limbs": "yes", "frequent_pale_urination": "yes"},
        findings={"tongue": {"body": "pale", "features": ["swollen"]}, "pulse": ["deep", "weak"]},
    )

    scores = differentiate(intake, duration="chronic")

    assert scores[0].pattern_id == "kidney_yang_deficiency"
    assert scores[0].score == 0.769
    assert scores[0].tm1_code == "SF97"
    assert scores[0].tm1_title == "Kidney yang deficiency pattern (TM1)"
    assert [e.id for e in scores[0].evidence_for][:2] == ["chronic", "better_rest"]


def test_kidney_yin_case_ranks_kidney_yin_first_and_rules_out_yang() -> None:
    intake = _intake(
        better=["rest"],
        other_complaints={"night_sweating": "yes", "five_palm_heat": "yes"},
        findings={"tongue": {"body": "red", "coating": ["peeled"]}, "pulse": ["thin", "rapid"]},
    )

    scores = _by_id(differentiate(intake, duration="chronic"))

    assert max(scores.values(), key=lambda s: s.score).pattern_id == "kidney_yin_deficiency"
    assert scores["kidney_yin_deficiency"].score == 0.769
    assert scores["kidney_yang_deficiency"].score == 0.0
    assert [e.id for e in scores["kidney_yang_deficiency"].evidence_against] == [
        "five_palm_heat",
        "red_tongue",
        "rapid_pulse",
    ]


def test_damp_heat_case_ranks_damp_heat_first() -> None:
    intake = _intake(
        worse=["heat", "damp"],
        other_complaints={"feels_hot": "yes", "dark_scanty_urination": "yes"},
        findings={"tongue": {"coating": ["yellow", "sticky"]}, "pulse": ["slippery", "rapid"]},
    )

    scores = differentiate(intake)

    assert scores[0].pattern_id == "damp_heat"
    assert scores[0].score == 0.75
    assert _by_id(scores)["cold_damp"].score == 0.0


def test_injury_with_stabbing_signs_ranks_blood_stasis_first() -> None:
    intake = _intake(
        onset={"how": "fall"},
        worse=["night", "pressure"],
        findings={"tongue": {"body": "purple"}, "pulse": ["choppy"]},
    )

    scores = differentiate(intake)

    assert scores[0].pattern_id == "qi_blood_stagnation"
    assert scores[0].score == 0.684
    assert scores[0].tm1_code == "SF01"


def test_stress_case_ranks_liver_qi_stagnation_first_and_marks_it_contested() -> None:
    intake = _intake(
        worse=["stress"],
        other_complaints={"stress_or_irritability": "yes", "sighing": "yes"},
        findings={"pulse": ["wiry"]},
    )

    top = differentiate(intake)[0]

    assert top.pattern_id == "liver_qi_stagnation"
    assert top.score == 0.625
    assert top.status is PatternStatus.CONTESTED
    assert top.status_note is not None


def test_stiff_neck_after_a_draught_ranks_wind_cold_first_among_neck_patterns() -> None:
    intake = parse_intake(
        {
            "age": 30,
            "pain_sites": [{"region": "neck", "side": "both"}],
            "worse": ["cold"],
            "other_complaints": {"stiff_neck_after_draught": "yes", "aversion_to_cold": "yes"},
            "findings": {"pulse": ["floating", "tight"]},
        }
    )

    scores = differentiate(intake, duration="acute")

    assert scores[0].pattern_id == "wind_cold_invasion"
    assert scores[0].score == 0.684
    assert {s.pattern_id for s in scores} == {
        "qi_blood_stagnation",
        "liver_qi_stagnation",
        "qi_blood_deficiency",
        "wind_cold_invasion",
        "local_qi_stagnation",
    }


def test_lower_back_pain_is_not_scored_against_neck_patterns() -> None:
    ids = {s.pattern_id for s in differentiate(_intake(**COLD_DAMP))}

    assert "wind_cold_invasion" not in ids
    assert "local_qi_stagnation" not in ids


def test_every_pattern_is_scored_when_no_region_is_marked() -> None:
    assert len(differentiate(parse_intake({"age": 50}))) == 9


def test_no_tcm_findings_gives_low_scores_and_an_inconclusive_summary() -> None:
    scores = differentiate(_intake())

    summary = summarise(scores)

    assert [s.score for s in scores] == [0.0] * 7
    assert summary.conclusive is False
    assert summary.leading == ()
    assert summary.message.startswith(
        "Pattern differentiation is inconclusive: no pattern reaches 0.40."
    )
    assert summary.caveat == CAVEAT


def test_unanswered_findings_are_listed_not_counted() -> None:
    score = _by_id(differentiate(_intake()))["kidney_yang_deficiency"]

    assert "Cold limbs" in score.unanswered
    assert "Chronic or recurrent pain" in score.unanswered
    assert "Pain better with rest" not in score.unanswered  # an unticked factor is a no


@pytest.mark.parametrize("answer", ["no", "unknown"])
def test_an_unknown_answer_counts_neither_way(answer: str) -> None:
    fields = {**COLD_DAMP, "other_complaints": {"heavy_limbs": "yes", "feels_hot": answer}}

    assert differentiate(_intake(**fields))[0].score == 0.7


def test_a_finding_against_lowers_the_score() -> None:
    fields = {**COLD_DAMP, "findings": {"tongue": {"coating": ["white", "sticky", "yellow"]}}}

    top = _by_id(differentiate(_intake(**fields)))["cold_damp"]

    assert top.net_weight == 12
    assert top.score == 0.667
    assert [e.id for e in top.evidence_against] == ["yellow_coating"]


def test_the_summary_names_a_single_leading_pattern() -> None:
    summary = summarise(differentiate(_intake(**COLD_DAMP)))

    assert summary.conclusive is True
    assert summary.leading == ("cold_damp",)
    assert summary.message == "The findings suggest Cold-damp obstruction (0.70)."


def test_close_scores_are_reported_as_a_mixed_picture() -> None:
    intake = _intake(
        worse=["cold", "damp"], better=["warmth", "rest"], other_complaints={"cold_limbs": "yes"}
    )

    summary = summarise(differentiate(intake, duration="chronic"))

    assert summary.leading == ("kidney_yang_deficiency", "cold_damp")
    assert summary.message == (
        "The findings suggest a mixed picture of Kidney-yang deficiency (0.62), Cold-damp obstruction (0.60)."
    )


@pytest.mark.parametrize(
    ("feels", "leading", "finding"),
    [
        (["stabbing"], "qi_blood_stagnation", "stabbing_pain"),
        (["heavy", "cold"], "cold_damp", "cold_pain"),
        (["burning"], "damp_heat", "burning_pain"),
    ],
)
def test_what_the_pain_feels_like_speaks_for_its_pattern(
    feels: list[str], leading: str, finding: str
) -> None:
    scores = _by_id(differentiate(_intake(pain_quality=feels)))

    assert differentiate(_intake(pain_quality=feels))[0].pattern_id == leading
    assert finding in [e.id for e in scores[leading].evidence_for]


def test_an_unticked_pain_quality_is_unanswered_not_against() -> None:
    stagnation = _by_id(differentiate(_intake()))["qi_blood_stagnation"]

    assert "Stabbing, fixed pain" in stagnation.unanswered
    assert "dull_ache" not in [e.id for e in stagnation.evidence_against]


def test_a_dull_ache_speaks_for_the_kidneys_and_against_stagnation() -> None:
    scores = _by_id(differentiate(_intake(pain_quality=["dull_ache"])))

    assert "dull_ache" in [e.id for e in scores["kidney_yang_deficiency"].evidence_for]
    assert "dull_ache" in [e.id for e in scores["qi_blood_stagnation"].evidence_against]


def test_a_finding_the_intake_cannot_answer_is_refused_naming_file_and_item(
    data_copy: Path,
) -> None:
    patterns = data_copy / "patterns.yaml"
    text = patterns.read_text()
    assert "{field: worse, has: cold}" in text.split("patterns:", 1)[1]
    patterns.write_text(
        text.split("patterns:", 1)[0]
        + "patterns:"
        + text.split("patterns:", 1)[1].replace(
            "{field: worse, has: cold}", "{field: worst, has: cold}", 1
        )
    )

    with pytest.raises(
        DataFileError,
        match=r"patterns\.yaml: item [a-z_]+\.[a-z0-9_]+: field 'when': 'worst' is not an intake field",
    ):
        differentiate(blank_intake(), knowledge=load_engine_data(data_copy))
