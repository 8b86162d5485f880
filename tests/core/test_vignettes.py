"""Golden vignettes (tests/vignettes/*.json): a clinical story, its intake and what the engine must say.

Each file holds ``id``, ``story``, ``as_of``, ``intake`` and ``expected``. Every key of ``expected``
is optional except ``triage_level`` and ``flag_codes``:

* ``triage_level``, ``flag_codes`` (exact, in the verdict's order), ``prescription_withheld``;
* ``ask_fields`` (exact) or ``ask_fields_include`` (a subset), ``first_ask_level``;
* ``classification``: ``duration``, ``spinal_regions``, ``radicular_present``, ``radicular_side``,
  ``top_root``, ``codes_icd10``, ``codes_icd10cm`` (exact lists in order);
* ``patterns_top``: the id of the leading TCM pattern;
* ``never_prescribed``: point codes that must not be in the final (screened) prescription;
* ``removed_points``: point codes the safety screen must remove (a subset);
* ``safety_alerts_include``: codes of patient alerts the safety screen must raise.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from acuback.core.assess import Assessment, assess
from acuback.core.intake import parse_intake
from acuback.knowledge import Atlas
from acuback.knowledge.classification_data import CodeSystem
from acuback.knowledge.red_flags import load_red_flag_rules

VIGNETTES = sorted((Path(__file__).parent.parent / "vignettes").glob("*.json"))
EXPECTED_KEYS = {
    "triage_level",
    "flag_codes",
    "prescription_withheld",
    "ask_fields",
    "ask_fields_include",
    "first_ask_level",
    "classification",
    "patterns_top",
    "never_prescribed",
    "removed_points",
    "safety_alerts_include",
}


def _load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def _assess(vignette: dict[str, Any], atlas: Atlas) -> Assessment:
    intake = parse_intake(vignette["intake"])
    return assess(intake, atlas, as_of=dt.date.fromisoformat(vignette["as_of"]))


def test_there_are_at_least_40_vignettes_covering_every_red_flag_rule() -> None:
    raised = {code for path in VIGNETTES for code in _load(path)["expected"]["flag_codes"]}
    rules = {rule.code for rule in load_red_flag_rules().rules}

    assert len(VIGNETTES) >= 40
    assert rules <= raised, f"no vignette raises {sorted(rules - raised)}"


@pytest.mark.parametrize("path", VIGNETTES, ids=[p.stem for p in VIGNETTES])
def test_vignette_file_is_well_formed(path: Path) -> None:
    vignette = _load(path)

    assert set(vignette) == {"id", "story", "as_of", "intake", "expected"}
    assert vignette["id"] == path.stem
    assert set(vignette["expected"]) <= EXPECTED_KEYS
    assert {"triage_level", "flag_codes"} <= set(vignette["expected"])


@pytest.mark.parametrize("path", VIGNETTES, ids=[p.stem for p in VIGNETTES])
def test_vignette_triage(path: Path, atlas: Atlas) -> None:
    vignette = _load(path)
    expected = vignette["expected"]

    result = _assess(vignette, atlas)

    verdict = result.triage
    assert verdict.level.value == expected["triage_level"], vignette["story"]
    assert list(verdict.codes) == expected["flag_codes"], vignette["story"]
    asked = [q.field for q in verdict.ask_before_treating]
    if "ask_fields" in expected:
        assert asked == expected["ask_fields"]
    if "ask_fields_include" in expected:
        assert set(expected["ask_fields_include"]) <= set(asked)
    if "first_ask_level" in expected:
        assert verdict.ask_before_treating[0].level.value == expected["first_ask_level"]
    if "prescription_withheld" in expected:
        assert (result.prescription is None) is expected["prescription_withheld"]


@pytest.mark.parametrize(
    "path",
    [p for p in VIGNETTES if "classification" in _load(p)["expected"]],
    ids=[p.stem for p in VIGNETTES if "classification" in _load(p)["expected"]],
)
def test_vignette_classification(path: Path, atlas: Atlas) -> None:
    vignette = _load(path)
    expected = vignette["expected"]["classification"]

    c = _assess(vignette, atlas).classification

    actual: dict[str, Any] = {
        "duration": c.duration.value,
        "spinal_regions": [r.value for r in c.spinal_regions],
        "radicular_present": c.radicular.present,
        "radicular_side": c.radicular.side.value if c.radicular.side else None,
        "top_root": c.radicular.likely_roots[0].root if c.radicular.likely_roots else None,
        "codes_icd10": [code.code for code in c.codes if code.system is CodeSystem.ICD10],
        "codes_icd10cm": [code.code for code in c.codes if code.system is CodeSystem.ICD10CM],
    }
    assert {key: actual[key] for key in expected} == expected, vignette["story"]


@pytest.mark.parametrize(
    "path",
    [
        p
        for p in VIGNETTES
        if {"patterns_top", "never_prescribed", "removed_points", "safety_alerts_include"}
        & set(_load(p)["expected"])
    ],
    ids=[
        p.stem
        for p in VIGNETTES
        if {"patterns_top", "never_prescribed", "removed_points", "safety_alerts_include"}
        & set(_load(p)["expected"])
    ],
)
def test_vignette_patterns_and_safety(path: Path, atlas: Atlas) -> None:
    vignette = _load(path)
    expected = vignette["expected"]

    result = _assess(vignette, atlas)

    if "patterns_top" in expected:
        assert result.patterns[0].pattern_id == expected["patterns_top"], vignette["story"]
    if {"never_prescribed", "removed_points", "safety_alerts_include"} & set(expected):
        assert result.prescription is not None
        assert result.safety is not None
        prescribed = set(result.prescription.codes)
        removed = {item.point for item in result.safety.removed}
        alerts = {alert.code for alert in result.safety.patient_alerts}
        assert not prescribed & set(expected.get("never_prescribed", ()))
        assert set(expected.get("removed_points", ())) <= removed
        assert set(expected.get("safety_alerts_include", ())) <= alerts
