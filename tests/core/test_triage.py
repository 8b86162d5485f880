"""Red-flag triage: each rule raised by its features and not by a near miss; specificity; unknowns."""

from __future__ import annotations

from typing import Any

import pytest

from acuback.core.errors import InvalidIntake
from acuback.core.triage import TriageLevel, triage
from acuback.knowledge.red_flags import load_red_flag_rules
from tests.core.engine_factories import AS_OF, answered_intake, blank_intake, weeks_before

EMERGENCY, URGENT, ROUTINE, NONE = (
    TriageLevel.EMERGENCY,
    TriageLevel.URGENT,
    TriageLevel.ROUTINE_REVIEW,
    TriageLevel.NONE,
)

# rule code, level, overrides that raise it, overrides that come close but must not
RULE_CASES: list[tuple[str, TriageLevel, dict[str, Any], dict[str, Any]]] = [
    (
        "cauda_equina",
        EMERGENCY,
        {"red_flags.saddle_numbness": "yes"},
        {"radiation.areas": ["thigh_back", "calf"], "radiation.side": "left"},
    ),
    (
        "progressive_neuro_deficit",
        EMERGENCY,
        {"red_flags.progressive_leg_weakness": "yes"},
        {"radiation.areas": ["shin"], "radiation.side": "right", "radiation.weakness": "yes"},
    ),
    (
        "epidural_abscess",
        EMERGENCY,
        {
            "red_flags.fever_or_chills": "yes",
            "radiation.areas": ["calf"],
            "radiation.side": "left",
            "radiation.weakness": "yes",
        },
        {"red_flags.fever_or_chills": "yes"},
    ),
    (
        "spinal_infection",
        EMERGENCY,
        {"red_flags.fever_or_chills": "yes", "conditions.diabetes": "yes"},
        {"conditions.diabetes": "yes", "conditions.iv_drug_use": "yes"},
    ),
    (
        "fever_with_back_pain",
        URGENT,
        {"red_flags.fever_or_chills": "yes"},
        {"red_flags.generally_unwell": "yes"},
    ),
    (
        "cord_compression_cancer",
        EMERGENCY,
        {
            "conditions.cancer_history": "yes",
            "radiation.areas": ["calf"],
            "radiation.side": "left",
            "radiation.numbness": "yes",
        },
        {"conditions.cancer_history": "yes"},
    ),
    (
        "malignancy_history",
        URGENT,
        {"conditions.cancer_history": "yes"},
        {"age": 72, "previous_episodes": "no"},
    ),
    (
        "malignancy_features",
        URGENT,
        {"red_flags.unexplained_weight_loss": "yes", "red_flags.constant_or_night_pain": "yes"},
        {"red_flags.constant_or_night_pain": "yes"},
    ),
    (
        "unexplained_weight_loss",
        ROUTINE,
        {"red_flags.unexplained_weight_loss": "yes"},
        {"red_flags.night_sweats": "yes"},
    ),
    (
        "fracture_major_trauma",
        EMERGENCY,
        {"red_flags.major_trauma": "yes"},
        {"red_flags.minor_trauma": "yes"},
    ),
    (
        "fracture_fragility",
        EMERGENCY,
        {"conditions.osteoporosis": "yes", "onset.how": "fall"},
        {"conditions.osteoporosis": "yes", "onset.how": "posture"},
    ),
    (
        "aaa",
        EMERGENCY,
        {"red_flags.pulsatile_abdominal_mass": "yes"},
        {"age": 66, "conditions.smoker": "yes", "onset.sudden": "yes", "onset.how": "lifting"},
    ),
    (
        "known_aaa",
        URGENT,
        {"conditions.known_aaa": "yes"},
        {"age": 66, "conditions.smoker": "yes"},
    ),
    (
        "cardiac_acute",
        EMERGENCY,
        {"red_flags.chest_pain_or_breathlessness": "yes", "red_flags.sweating_or_faintness": "yes"},
        {"red_flags.sweating_or_faintness": "yes"},
    ),
    (
        "cardiac_exertional",
        EMERGENCY,
        {"red_flags.exertional_pain": "yes", "red_flags.chest_pain_or_breathlessness": "yes"},
        {"red_flags.exertional_pain": "yes"},
    ),
    (
        "cardiac_possible",
        URGENT,
        {
            "red_flags.exertional_pain": "yes",
            "pain_sites": [{"region": "upper_back", "side": "central"}],
        },
        {
            "red_flags.exertional_pain": "yes",
            "pain_sites": [{"region": "lower_back", "side": "central"}],
        },
    ),
    (
        "renal_colic",
        EMERGENCY,
        {"red_flags.colicky_loin_to_groin_pain": "yes"},
        {"pain_sites": [{"region": "groin", "side": "left"}]},
    ),
    (
        "haematuria",
        URGENT,
        {"red_flags.blood_in_urine": "yes"},
        {"red_flags.vomiting": "yes"},
    ),
    (
        "pancreatitis",
        EMERGENCY,
        {"red_flags.epigastric_pain_to_back": "yes", "red_flags.vomiting": "yes"},
        {"red_flags.vomiting": "yes", "pain_sites": [{"region": "abdomen", "side": "central"}]},
    ),
    (
        "epigastric_pain",
        URGENT,
        {"red_flags.epigastric_pain_to_back": "yes"},
        {"pain_sites": [{"region": "abdomen", "side": "central"}]},
    ),
    (
        "obstetric",
        EMERGENCY,
        {
            "sex": "female",
            "pregnant": "yes",
            "pregnancy_weeks": 30,
            "red_flags.regular_tightenings_or_contractions": "yes",
        },
        {"sex": "female", "pregnant": "yes", "pregnancy_weeks": 30, "onset.how": "pregnancy"},
    ),
    (
        "paediatric",
        URGENT,
        {"age": 12, "red_flags.constant_or_night_pain": "yes"},
        {"age": 12},
    ),
    (
        "under_16",
        ROUTINE,
        {"age": 14},
        {"age": 16},
    ),
    (
        "axspa_referral",
        URGENT,
        {
            "age": 30,
            "onset.date": weeks_before(104),
            "red_flags.woken_second_half_of_night": "yes",
            "red_flags.alternating_buttock_pain": "yes",
            "red_flags.better_with_exercise_not_rest": "yes",
        },
        {
            "age": 50,
            "onset.date": weeks_before(104),
            "red_flags.woken_second_half_of_night": "yes",
            "red_flags.alternating_buttock_pain": "yes",
            "red_flags.better_with_exercise_not_rest": "yes",
        },
    ),
    (
        "axspa_possible",
        ROUTINE,
        {
            "age": 40,
            "onset.date": weeks_before(52),
            "red_flags.woken_second_half_of_night": "yes",
            "red_flags.alternating_buttock_pain": "yes",
            "red_flags.family_history_spondyloarthritis": "yes",
        },
        {
            "age": 40,
            "onset.date": weeks_before(52),
            "red_flags.woken_second_half_of_night": "yes",
            "red_flags.family_history_spondyloarthritis": "yes",
        },
    ),
    (
        "motor_deficit",
        ROUTINE,
        {"radiation.areas": ["big_toe"], "radiation.side": "left", "radiation.weakness": "yes"},
        {"radiation.areas": ["big_toe"], "radiation.side": "left", "radiation.tingling": "yes"},
    ),
]


def test_every_rule_in_the_data_has_a_raising_and_a_sparing_case() -> None:
    codes = {rule.code for rule in load_red_flag_rules().rules}

    assert {case[0] for case in RULE_CASES} == codes


@pytest.mark.parametrize(
    ("code", "level", "raising", "sparing"), RULE_CASES, ids=[c[0] for c in RULE_CASES]
)
def test_the_rule_fires_on_its_features(
    code: str, level: TriageLevel, raising: dict[str, Any], sparing: dict[str, Any]
) -> None:
    verdict = triage(answered_intake(**raising), as_of=AS_OF)

    assert code in verdict.codes
    flag = next(f for f in verdict.flags if f.code == code)
    assert flag.level is level
    assert verdict.level.rank >= level.rank


@pytest.mark.parametrize(
    ("code", "level", "raising", "sparing"), RULE_CASES, ids=[c[0] for c in RULE_CASES]
)
def test_the_rule_does_not_fire_on_a_near_miss(
    code: str, level: TriageLevel, raising: dict[str, Any], sparing: dict[str, Any]
) -> None:
    verdict = triage(answered_intake(**sparing), as_of=AS_OF)

    assert code not in verdict.codes


@pytest.mark.parametrize(
    "feature",
    [
        "saddle_numbness",
        "new_bladder_dysfunction",
        "bowel_incontinence",
        "sexual_dysfunction",
        "bilateral_leg_symptoms",
    ],
)
def test_any_single_cauda_equina_feature_is_an_emergency(feature: str) -> None:
    verdict = triage(answered_intake(**{f"red_flags.{feature}": "yes"}), as_of=AS_OF)

    assert verdict.level is EMERGENCY
    assert verdict.flags[0].code == "cauda_equina"
    assert verdict.flags[0].answers == (f"red_flags.{feature}",)


def test_sciatica_down_both_legs_counts_as_bilateral() -> None:
    intake = answered_intake(**{"radiation.areas": ["calf"], "radiation.side": "both"})

    verdict = triage(intake, as_of=AS_OF)

    assert verdict.codes == ("cauda_equina",)
    assert verdict.flags[0].answers == ("radiation.side", "radiation.areas")


# --- specificity: what must not be over-triaged ---------------------------------------------


def test_a_fully_screened_intake_without_flags_needs_nothing() -> None:
    verdict = triage(answered_intake(), as_of=AS_OF)

    assert verdict.level is NONE
    assert verdict.flags == ()
    assert verdict.ask_before_treating == ()
    assert verdict.summary == "No red flag among the answers given."


def test_ordinary_mechanical_pain_at_70_is_not_an_emergency() -> None:
    intake = answered_intake(age=70, **{"onset.how": "lifting", "onset.sudden": "yes"})

    verdict = triage(intake, as_of=AS_OF)

    assert verdict.level is NONE
    assert verdict.flags == ()


def test_age_alone_raises_nothing() -> None:
    verdict = triage(answered_intake(age=83, previous_episodes="no"), as_of=AS_OF)

    assert verdict.level is NONE


def test_night_pain_alone_is_not_malignancy_urgent() -> None:
    verdict = triage(answered_intake(**{"red_flags.constant_or_night_pain": "yes"}), as_of=AS_OF)

    assert verdict.level is NONE
    assert "malignancy_features" not in verdict.codes


def test_new_pain_after_50_with_night_pain_is_two_features_and_urgent() -> None:
    intake = answered_intake(
        age=58, previous_episodes="no", **{"red_flags.constant_or_night_pain": "yes"}
    )

    verdict = triage(intake, as_of=AS_OF)

    assert verdict.codes == ("malignancy_features",)
    assert verdict.flags[0].answers == (
        "age",
        "previous_episodes",
        "red_flags.constant_or_night_pain",
    )


def test_minor_trauma_without_bone_fragility_raises_nothing() -> None:
    verdict = triage(answered_intake(**{"red_flags.minor_trauma": "yes"}), as_of=AS_OF)

    assert verdict.level is NONE


def test_a_fall_at_70_raises_a_fragility_fracture() -> None:
    verdict = triage(answered_intake(age=74, **{"onset.how": "fall"}), as_of=AS_OF)

    assert verdict.codes == ("fracture_fragility",)
    assert verdict.flags[0].answers == ("age", "onset.how")


def test_steroids_and_sudden_pain_eased_lying_down_raise_a_fragility_fracture() -> None:
    intake = answered_intake(
        better=["lying_down"],
        **{"medicines.long_term_corticosteroid": "yes", "onset.sudden": "yes"},
    )

    verdict = triage(intake, as_of=AS_OF)

    assert verdict.codes == ("fracture_fragility",)


def test_a_man_is_never_asked_about_obstetric_bleeding() -> None:
    intake = blank_intake(sex="male")

    verdict = triage(intake, as_of=AS_OF)

    asked = {q.field for q in verdict.ask_before_treating}
    assert "red_flags.vaginal_bleeding" not in asked
    assert "pregnant" not in asked


# --- superseding, ordering, answers ----------------------------------------------------------


def test_a_stronger_rule_replaces_the_lesser_one_for_the_same_condition() -> None:
    intake = answered_intake(**{"red_flags.fever_or_chills": "yes", "conditions.diabetes": "yes"})

    verdict = triage(intake, as_of=AS_OF)

    assert verdict.codes == ("spinal_infection",)
    assert verdict.flags[0].answers == ("red_flags.fever_or_chills", "conditions.diabetes")


def test_flags_come_highest_level_first() -> None:
    intake = answered_intake(
        **{
            "red_flags.unexplained_weight_loss": "yes",
            "red_flags.blood_in_urine": "yes",
            "red_flags.saddle_numbness": "yes",
        }
    )

    verdict = triage(intake, as_of=AS_OF)

    assert verdict.codes == ("cauda_equina", "haematuria", "unexplained_weight_loss")
    assert verdict.level is EMERGENCY
    assert verdict.summary.startswith(
        "Emergency: suggests cauda equina syndrome (and 2 more flags)."
    )


def test_a_contested_rule_says_which_other_level_is_defensible() -> None:
    verdict = triage(
        answered_intake(**{"red_flags.colicky_loin_to_groin_pain": "yes"}), as_of=AS_OF
    )

    contested = verdict.flags[0].contested
    assert contested is not None
    assert contested.startswith("urgent also defensible;")


def test_each_flag_cites_its_sources() -> None:
    verdict = triage(answered_intake(**{"red_flags.saddle_numbness": "yes"}), as_of=AS_OF)

    assert verdict.flags[0].sources == ("bass2018_ces", "nice_cks_sciatica", "nice_cks_lbp")


# --- unknown answers -------------------------------------------------------------------------


def test_an_unknown_red_flag_answer_is_asked_never_read_as_no() -> None:
    intake = answered_intake(**{"red_flags.saddle_numbness": "unknown"})

    verdict = triage(intake, as_of=AS_OF)

    assert verdict.level is NONE
    assert [q.field for q in verdict.ask_before_treating] == ["red_flags.saddle_numbness"]
    question = verdict.ask_before_treating[0]
    assert question.level is EMERGENCY
    assert question.rules[0] == "cauda_equina"
    assert "cauda equina syndrome (emergency)" in question.why
    assert question.question.startswith("Any new numbness or altered feeling")
    assert (
        verdict.summary
        == "No red flag among the answers given; 1 red-flag question still to ask before treating."
    )


def test_an_unknown_is_asked_only_when_it_could_change_the_verdict() -> None:
    # Osteoporosis matters only with a fall, lifting, minor trauma or sudden pain eased lying down.
    posture = answered_intake(
        **{"conditions.osteoporosis": "unknown", "medicines.long_term_corticosteroid": "unknown"}
    )
    lifting = answered_intake(
        **{
            "conditions.osteoporosis": "unknown",
            "medicines.long_term_corticosteroid": "unknown",
            "onset.how": "lifting",
        }
    )

    asked_posture = {q.field for q in triage(posture, as_of=AS_OF).ask_before_treating}
    asked_lifting = {q.field for q in triage(lifting, as_of=AS_OF).ask_before_treating}

    assert "conditions.osteoporosis" not in asked_posture
    assert {"conditions.osteoporosis", "medicines.long_term_corticosteroid"} <= asked_lifting


def test_a_blank_intake_asks_every_emergency_question_first() -> None:
    verdict = triage(blank_intake(), as_of=AS_OF)

    levels = [q.level.rank for q in verdict.ask_before_treating]
    assert verdict.level is NONE
    assert levels == sorted(levels, reverse=True)
    assert verdict.ask_before_treating[0].field == "red_flags.saddle_numbness"
    assert "pregnant" in {q.field for q in verdict.ask_before_treating}


def test_without_an_onset_date_the_duration_is_asked_when_it_matters() -> None:
    criteria = {
        "age": 30,
        "onset.date": None,
        "red_flags.woken_second_half_of_night": "yes",
        "red_flags.alternating_buttock_pain": "yes",
        "red_flags.better_with_exercise_not_rest": "yes",
    }

    verdict = triage(answered_intake(**criteria), as_of=AS_OF)

    assert "axspa_referral" not in verdict.codes
    assert [q.field for q in verdict.ask_before_treating] == ["onset.date"]


def test_without_an_assessment_date_durations_are_unknown() -> None:
    intake = answered_intake(
        age=30,
        **{
            "onset.date": weeks_before(104),
            "red_flags.woken_second_half_of_night": "yes",
            "red_flags.alternating_buttock_pain": "yes",
            "red_flags.better_with_exercise_not_rest": "yes",
        },
    )

    assert "axspa_referral" in triage(intake, as_of=AS_OF).codes
    assert "axspa_referral" not in triage(intake).codes


def test_an_onset_after_the_assessment_date_is_refused() -> None:
    intake = answered_intake(**{"onset.date": "2025-04-01"})

    with pytest.raises(InvalidIntake) as caught:
        triage(intake, as_of=AS_OF)

    assert caught.value.problems[0].field == "onset.date"


def test_the_verdict_names_the_rules_version() -> None:
    verdict = triage(answered_intake(), as_of=AS_OF)

    assert verdict.rules_version == load_red_flag_rules().version
    assert len(verdict.rules_version) == 12
