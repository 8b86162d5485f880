"""The outcome catalogue: instruments, thresholds and trials load, cite sources, and fail loudly."""

from __future__ import annotations

from pathlib import Path

import pytest

from acuback.knowledge.errors import DataFileError
from acuback.knowledge.instruments import Licence, build_outcome_catalogue, load_outcome_catalogue


def test_the_bundled_catalogue_holds_every_instrument_of_the_issue() -> None:
    cat = load_outcome_catalogue()

    assert sorted(cat.instruments) == sorted(
        [
            "pain_nrs",
            "peg",
            "rmdq",
            "odi",
            "psfs",
            "pgic",
            "promis_gh10",
            "sleep",
            "mood",
            "medicine",
        ]
    )


def test_licensed_instruments_ship_structure_only() -> None:
    cat = load_outcome_catalogue()

    structure_only = sorted(
        i.id for i in cat.instruments.values() if i.licence is Licence.STRUCTURE_ONLY
    )

    assert structure_only == ["odi", "peg", "promis_gh10", "rmdq"]
    for instrument_id in structure_only:
        instrument = cat.instrument(instrument_id)
        assert instrument.instructions is None
        assert all(item.text is None for item in instrument.items)
        assert instrument.licence_source in cat.sources


def test_every_threshold_and_rule_cites_a_known_source() -> None:
    cat = load_outcome_catalogue()

    cited = (
        [m.source for m in cat.mic.values()]
        + [r.source for r in cat.rules.values()]
        + [t.source for t in cat.trials]
    )

    assert all(source in cat.sources for source in cited)
    assert cat.mic["pain_average"].absolute == 2
    assert cat.mic["pain_average"].relative == 0.30
    assert cat.mic["rmdq"].absolute == 5
    assert cat.mic["odi"].absolute == 10


def test_trials_hold_the_published_figures() -> None:
    trials = {t.id: t for t in load_outcome_catalogue().trials}

    assert [a.value for a in trials["gerac"].arms] == [47.6, 44.2, 27.4]
    assert [a.value for a in trials["cherkin"].arms] == [60, 39]
    assert [a.value for a in trials["art"].arms] == [-28.7, -23.6, -6.9]


def test_a_rule_naming_an_unknown_measure_is_refused(data_copy: Path) -> None:
    path = data_copy / "outcome_thresholds.yaml"
    path.write_text(
        path.read_text().replace(
            "measure: rmdq, kind: improved_by, threshold: 5",
            "measure: rmdqq, kind: improved_by, threshold: 5",
        )
    )

    with pytest.raises(DataFileError) as excinfo:
        build_outcome_catalogue(data_copy)

    assert (
        str(excinfo.value)
        == "outcome_thresholds.yaml: item rmdq_5pt: field 'criteria.0.measure': names unknown measure 'rmdqq'"
    )


def test_wording_in_a_structure_only_instrument_is_refused(data_copy: Path) -> None:
    path = data_copy / "instruments" / "odi.yaml"
    path.write_text(
        path.read_text().replace(
            'label: "Section 1: Pain intensity"',
            'label: "Section 1: Pain intensity"\n    text: "I have no pain"',
            1,
        )
    )

    with pytest.raises(DataFileError) as excinfo:
        build_outcome_catalogue(data_copy)

    assert "has wording, but the instrument is structure_only" in str(excinfo.value)
    assert str(excinfo.value).startswith("odi.yaml: item odi")
