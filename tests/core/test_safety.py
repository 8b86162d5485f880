"""The safety screen: each rule is raised by a case that calls for it and stays quiet otherwise; each
withheld point is removed when it must be and kept when it need not be."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from acuback.core.intake import Intake, parse_intake
from acuback.core.prescribe import PointRole, PointSide, PrescribedPoint, Prescription
from acuback.core.safety import NOT_IN_ATLAS, SafetyReport, screen
from acuback.knowledge import Atlas
from acuback.knowledge.engine_data import atlas_has, load_engine_data
from acuback.knowledge.errors import DataFileError
from acuback.knowledge.safety_data import Restriction, SafetyLevel

PREGNANCY_WITHHELD = ["LI4", "SP6", "BL60", "BL67", "GB21", "CV3", "CV4", "CV5", "CV6", "CV7"]


def _point(
    code: str, *, at_site: bool = False, side: PointSide = PointSide.BOTH
) -> PrescribedPoint:
    role = PointRole.LOCAL if at_site else PointRole.DISTAL
    return PrescribedPoint(
        code=code, side=side, role=role, rationale="test", source="expert_opinion", at_site=at_site
    )


def _prescription(*points: PrescribedPoint) -> Prescription:
    return Prescription(points=points)


def _intake(**fields: Any) -> Intake:
    return parse_intake(
        {
            "age": 45,
            "sex": "male",
            "pain_sites": [{"region": "lower_back", "side": "central"}],
            **fields,
        }
    )


def _codes(report: SafetyReport) -> list[str]:
    return [a.code for a in report.patient_alerts]


def _point_alerts(report: SafetyReport, rule: str) -> list[str]:
    return [a.point for a in report.point_alerts if a.code == rule]


LUMBAR = _prescription(
    _point("BL23", at_site=True),
    _point("GV3", at_site=True, side=PointSide.MIDLINE),
    _point("BL40"),
    _point("KI3"),
    _point("ASHI", at_site=True),
)


def test_a_plain_case_raises_no_patient_alert_and_removes_nothing(atlas: Atlas) -> None:
    report = screen(_intake(), LUMBAR, atlas)

    assert report.level is None
    assert report.patient_alerts == ()
    assert report.removed == ()
    assert report.prescription.points == LUMBAR.points


# --- pregnancy ------------------------------------------------------------------------------------


@pytest.mark.parametrize("code", PREGNANCY_WITHHELD)
def test_pregnancy_withholds_each_forbidden_point(code: str, atlas: Atlas) -> None:
    pregnant = parse_intake({"age": 30, "sex": "female", "pregnant": "yes", "pregnancy_weeks": 20})

    report = screen(pregnant, _prescription(_point(code), _point("BL40")), atlas)

    assert [(r.point, r.rule) for r in report.removed] == [(code, "pregnancy_forbidden_points")]
    assert report.prescription.codes == ("BL40",)
    assert report.prescription.notes == (f"Withheld for safety: {code}.",)


@pytest.mark.parametrize("code", PREGNANCY_WITHHELD)
def test_a_woman_who_is_not_pregnant_keeps_each_of_those_points(code: str, atlas: Atlas) -> None:
    not_pregnant = parse_intake({"age": 30, "sex": "female", "pregnant": "no"})

    report = screen(not_pregnant, _prescription(_point(code)), atlas)

    assert report.removed == ()
    assert report.prescription.codes == (code,)


def test_pregnancy_keeps_lumbosacral_points_with_the_contested_note(atlas: Atlas) -> None:
    pregnant = parse_intake({"age": 30, "sex": "female", "pregnant": "yes"})

    report = screen(pregnant, LUMBAR, atlas)

    assert report.prescription.codes == LUMBAR.codes
    alert = next(a for a in report.patient_alerts if a.code == "pregnancy_lumbosacral_points")
    assert alert.level is SafetyLevel.INFO
    assert alert.status.value == "contested"
    assert alert.source == "elden2005"
    assert alert.also_sources == ("who1999_safety", "carr2015_forbidden")


def test_the_lumbosacral_note_is_not_raised_outside_pregnancy(atlas: Atlas) -> None:
    report = screen(parse_intake({"age": 30, "sex": "female", "pregnant": "no"}), LUMBAR, atlas)

    assert "pregnancy_lumbosacral_points" not in _codes(report)


@pytest.mark.parametrize("sign", ["vaginal_bleeding", "regular_tightenings_or_contractions"])
def test_bleeding_or_contractions_in_pregnancy_stop_treatment(sign: str, atlas: Atlas) -> None:
    intake = parse_intake(
        {"age": 30, "sex": "female", "pregnant": "yes", "red_flags": {sign: "yes"}}
    )

    report = screen(intake, LUMBAR, atlas)

    assert report.level is SafetyLevel.STOP
    assert report.patient_alerts[0].code == "pregnancy_bleeding_or_contractions"
    assert report.prescription.points == ()
    assert {r.rule for r in report.removed} == {"pregnancy_bleeding_or_contractions"}


def test_pregnancy_without_bleeding_or_contractions_does_not_stop(atlas: Atlas) -> None:
    intake = parse_intake(
        {"age": 30, "sex": "female", "pregnant": "yes", "red_flags": {"vaginal_bleeding": "no"}}
    )

    report = screen(intake, LUMBAR, atlas)

    assert report.level is SafetyLevel.AVOID
    assert "pregnancy_bleeding_or_contractions" not in _codes(report)


def test_unknown_pregnancy_in_a_woman_of_childbearing_age_asks_first(atlas: Atlas) -> None:
    intake = parse_intake({"age": 30, "sex": "female"})

    report = screen(intake, _prescription(_point("LI4"), _point("BL40")), atlas)

    assert "pregnancy_status_unknown" in _codes(report)
    assert _point_alerts(report, "pregnancy_status_unknown") == ["LI4"]
    assert report.removed == ()


@pytest.mark.parametrize("fields", [{"age": 30, "sex": "male"}, {"age": 70, "sex": "female"}])
def test_unknown_pregnancy_is_not_asked_of_men_or_older_women(
    fields: dict[str, Any], atlas: Atlas
) -> None:
    report = screen(parse_intake(fields), _prescription(_point("LI4")), atlas)

    assert "pregnancy_status_unknown" not in _codes(report)


# --- bleeding -------------------------------------------------------------------------------------


def test_an_anticoagulant_is_a_caution_not_an_exclusion(atlas: Atlas) -> None:
    report = screen(_intake(medicines={"anticoagulant": "yes"}), LUMBAR, atlas)

    assert _codes(report) == ["anticoagulant"]
    assert report.level is SafetyLevel.CAUTION
    assert report.removed == ()
    assert _point_alerts(report, "anticoagulant") == ["BL40", "KI3"]  # vessel cautions in the atlas


def test_no_anticoagulant_raises_no_anticoagulant_alert(atlas: Atlas) -> None:
    report = screen(_intake(medicines={"anticoagulant": "no"}), LUMBAR, atlas)

    assert "anticoagulant" not in _codes(report)
    assert _point_alerts(report, "anticoagulant") == []


def test_an_unknown_anticoagulant_answer_is_listed_to_ask(atlas: Atlas) -> None:
    report = screen(_intake(), LUMBAR, atlas)

    asked = [item.field for item in report.ask_before_needling]
    assert "medicines.anticoagulant" in asked
    assert "conditions.bleeding_disorder" in asked
    assert "medicines.anticoagulant" not in [
        i.field
        for i in screen(
            _intake(medicines={"anticoagulant": "no"}), LUMBAR, atlas
        ).ask_before_needling
    ]


def test_an_antiplatelet_raises_an_information_alert(atlas: Atlas) -> None:
    assert _codes(screen(_intake(medicines={"antiplatelet": "yes"}), LUMBAR, atlas)) == [
        "antiplatelet"
    ]
    assert _codes(screen(_intake(medicines={"antiplatelet": "no"}), LUMBAR, atlas)) == []


def test_a_bleeding_disorder_is_an_alert_to_avoid_without_removing_points(atlas: Atlas) -> None:
    report = screen(_intake(conditions={"bleeding_disorder": "yes"}), LUMBAR, atlas)

    assert _codes(report) == ["bleeding_disorder"]
    assert report.level is SafetyLevel.AVOID
    assert report.removed == ()
    assert _codes(screen(_intake(conditions={"bleeding_disorder": "no"}), LUMBAR, atlas)) == []


# --- depth alerts from the atlas -------------------------------------------------------------------


def _needs_caution(atlas: Atlas, code: str, kind: str) -> None:
    if not atlas_has(atlas, code) or not any(
        c.kind.value == kind for c in atlas.point(code).cautions
    ):
        pytest.skip(f"the atlas does not record a {kind} caution for {code} yet")


def test_a_point_over_the_lung_carries_its_safe_depth(atlas: Atlas) -> None:
    _needs_caution(atlas, "GB21", "lung")

    report = screen(_intake(), _prescription(_point("GB21")), atlas)

    alert = next(a for a in report.point_alerts if a.code == "lung_depth")
    expected = min(
        c.max_depth_cun or 99 for c in atlas.point("GB21").cautions if c.kind.value == "lung"
    )
    assert (alert.point, alert.max_depth_cun) == ("GB21", expected)
    assert alert.message.startswith("Pneumothorax risk: oblique or shallow needling only.")


def test_a_point_away_from_the_lung_has_no_lung_alert(atlas: Atlas) -> None:
    report = screen(_intake(), _prescription(_point("BL40")), atlas)

    assert _point_alerts(report, "lung_depth") == []


def test_ashi_points_on_the_upper_back_get_the_lung_alert(atlas: Atlas) -> None:
    upper = _intake(pain_sites=[{"region": "upper_back", "side": "left"}])

    assert _point_alerts(
        screen(upper, _prescription(_point("ASHI", at_site=True)), atlas), "lung_depth"
    ) == ["ASHI"]
    assert (
        _point_alerts(
            screen(_intake(), _prescription(_point("ASHI", at_site=True)), atlas), "lung_depth"
        )
        == []
    )


def test_a_point_over_the_spinal_canal_carries_its_safe_depth(atlas: Atlas) -> None:
    _needs_caution(atlas, "GV3", "spinal_cord")

    alert = next(
        a for a in screen(_intake(), LUMBAR, atlas).point_alerts if a.code == "spinal_cord_depth"
    )

    assert alert.point == "GV3"
    assert alert.max_depth_cun == atlas.point("GV3").cautions[0].max_depth_cun


def test_a_point_missing_from_the_atlas_is_reported_unchecked(atlas: Atlas) -> None:
    report = screen(_intake(), _prescription(_point("BL99")), atlas)

    assert [(a.point, a.code, a.level) for a in report.point_alerts] == [
        ("BL99", NOT_IN_ATLAS, SafetyLevel.INFO)
    ]


def test_ashi_is_palpation_not_a_missing_atlas_point(atlas: Atlas) -> None:
    # Ashi points lie wherever palpation finds them: screened by the painful region, never
    # reported as missing from the atlas.
    feet = _intake(
        pain_sites=[{"region": "foot", "side": "left"}],
        conditions={"peripheral_neuropathy": "yes"},
    )

    report = screen(feet, _prescription(_point("ASHI", at_site=True)), atlas)

    assert [(a.point, a.code) for a in report.point_alerts] == [
        ("ASHI", "neuropathy_distal_points")
    ]
    assert screen(_intake(), _prescription(_point("ASHI", at_site=True)), atlas).point_alerts == ()


def test_the_screen_looks_points_up_by_exact_code_never_by_the_fuzzy_search(
    atlas: Atlas, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The people's lookup builds suggestions from a search over every point when nothing matches:
    # the screen must not reach it, for ASHI (on every prescription) or for a code the atlas lacks.
    def refuse(self: Atlas, query: str) -> None:
        raise AssertionError(f"atlas.point({query!r}) called by the screen")

    monkeypatch.setattr(Atlas, "point", refuse)

    report = screen(_intake(), _prescription(*LUMBAR.points, _point("BL99")), atlas)

    assert [a.point for a in report.point_alerts if a.code == NOT_IN_ATLAS] == ["BL99"]


# --- devices, skin, fainting, neuropathy, epilepsy --------------------------------------------------


@pytest.mark.parametrize("device", ["pacemaker_or_icd", "other_electrical_implant"])
def test_an_electrical_implant_forbids_electroacupuncture_only(device: str, atlas: Atlas) -> None:
    report = screen(_intake(conditions={device: "yes"}), LUMBAR, atlas)

    assert _codes(report) == ["electrical_implant"]
    assert report.restrictions == (Restriction.NO_ELECTROACUPUNCTURE,)
    assert report.removed == ()


def test_no_implant_no_restriction(atlas: Atlas) -> None:
    report = screen(
        _intake(conditions={"pacemaker_or_icd": "no", "other_electrical_implant": "no"}),
        LUMBAR,
        atlas,
    )

    assert report.restrictions == ()


def test_a_skin_problem_at_the_site_withholds_points_there_and_keeps_distal_ones(
    atlas: Atlas,
) -> None:
    report = screen(_intake(conditions={"skin_problem_at_site": "yes"}), LUMBAR, atlas)

    assert [r.point for r in report.removed] == ["BL23", "GV3", "ASHI"]
    assert report.prescription.codes == ("BL40", "KI3")
    assert report.level is SafetyLevel.AVOID


def test_healthy_skin_keeps_the_local_points(atlas: Atlas) -> None:
    report = screen(_intake(conditions={"skin_problem_at_site": "no"}), LUMBAR, atlas)

    assert report.removed == ()


@pytest.mark.parametrize("condition", ["needle_phobia", "fainting_history"])
def test_needle_phobia_or_fainting_asks_to_treat_lying_down(condition: str, atlas: Atlas) -> None:
    report = screen(_intake(conditions={condition: "yes"}), LUMBAR, atlas)

    assert _codes(report) == ["needle_phobia_or_fainting"]
    assert report.restrictions == (Restriction.TREAT_LYING_DOWN,)


def test_no_phobia_no_fainting_alert(atlas: Atlas) -> None:
    report = screen(
        _intake(conditions={"needle_phobia": "no", "fainting_history": "no"}), LUMBAR, atlas
    )

    assert "needle_phobia_or_fainting" not in _codes(report)


def test_neuropathy_alerts_on_lower_leg_and_foot_points_and_forbids_heat(atlas: Atlas) -> None:
    prescription = _prescription(
        _point("BL23", at_site=True), _point("KI3"), _point("GB34"), _point("SI3")
    )

    report = screen(
        _intake(conditions={"diabetes": "yes", "peripheral_neuropathy": "yes"}), prescription, atlas
    )

    assert _codes(report) == ["neuropathy_distal_points"]
    assert _point_alerts(report, "neuropathy_distal_points") == ["KI3", "GB34"]
    assert report.restrictions == (Restriction.NO_MOXIBUSTION_ON_NUMB_AREAS,)


def test_diabetes_without_known_neuropathy_is_information_and_asks_about_numbness(
    atlas: Atlas,
) -> None:
    report = screen(_intake(conditions={"diabetes": "yes"}), LUMBAR, atlas)

    assert _codes(report) == ["diabetes"]
    assert report.level is SafetyLevel.INFO
    assert "conditions.peripheral_neuropathy" in [i.field for i in report.ask_before_needling]


def test_no_diabetes_and_no_neuropathy_raise_nothing(atlas: Atlas) -> None:
    report = screen(
        _intake(conditions={"diabetes": "no", "peripheral_neuropathy": "no"}), LUMBAR, atlas
    )

    assert _codes(report) == []


def test_epilepsy_is_a_caution(atlas: Atlas) -> None:
    assert _codes(screen(_intake(conditions={"epilepsy": "yes"}), LUMBAR, atlas)) == ["epilepsy"]
    assert _codes(screen(_intake(conditions={"epilepsy": "no"}), LUMBAR, atlas)) == []


def test_a_metal_implant_at_the_site_forbids_current_there(atlas: Atlas) -> None:
    report = screen(_intake(conditions={"metal_implant_at_site": "yes"}), LUMBAR, atlas)

    assert _codes(report) == ["metal_implant_at_site"]
    assert report.restrictions == (Restriction.NO_ELECTROACUPUNCTURE,)
    assert _codes(screen(_intake(conditions={"metal_implant_at_site": "no"}), LUMBAR, atlas)) == []


@pytest.mark.parametrize(
    "fields",
    [
        {"conditions": {"immunosuppression": "yes"}},
        {"medicines": {"immunosuppressant": "yes"}},
        {"medicines": {"long_term_corticosteroid": "yes"}},
    ],
)
def test_immunosuppression_asks_for_strict_asepsis(fields: dict[str, Any], atlas: Atlas) -> None:
    assert _codes(screen(_intake(**fields), LUMBAR, atlas)) == ["immunosuppression"]


def test_the_report_level_is_the_highest_alert_and_alerts_come_highest_first(atlas: Atlas) -> None:
    intake = _intake(
        medicines={"antiplatelet": "yes"},
        conditions={"bleeding_disorder": "yes", "epilepsy": "yes"},
    )

    report = screen(intake, LUMBAR, atlas)

    assert report.level is SafetyLevel.AVOID
    assert [a.level for a in report.patient_alerts] == [
        SafetyLevel.AVOID,
        SafetyLevel.CAUTION,
        SafetyLevel.INFO,
    ]


def test_a_rule_the_intake_cannot_answer_is_refused_naming_file_and_rule(
    data_copy: Path, atlas: Atlas
) -> None:
    rules = data_copy / "safety_rules.yaml"
    rules.write_text(
        rules.read_text().replace(
            "{field: red_flags.vaginal_bleeding, is:", "{field: red_flags.bleeding, is:", 1
        )
    )

    with pytest.raises(
        DataFileError,
        match=r"safety_rules\.yaml: item [a-z0-9_]+: field 'when': "
        r"'red_flags\.bleeding' is not an intake field",
    ):
        screen(
            parse_intake({"age": 30}),
            Prescription(points=()),
            atlas,
            knowledge=load_engine_data(data_copy),
        )
