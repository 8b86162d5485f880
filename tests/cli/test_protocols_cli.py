"""``acuback protocols``: the named protocols with their sources, as text or JSON; clear errors."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from acuback.cli.main import cli
from acuback.cli.protocols import protocols_command

IDS = [
    "art_brinkhaus_2006",
    "cherkin_2009_standardised",
    "gerac_2007",
    "expert_consensus_chronic_lbp",
]


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_the_listing_names_every_protocol_with_its_citation(runner: CliRunner) -> None:
    result = runner.invoke(protocols_command, [])

    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert [line.split()[0] for line in lines[::2]] == IDS
    assert (
        lines[3].strip().startswith("Cherkin DC, Sherman KJ, Avins AL, et al. A randomized trial")
    )


def test_the_listing_marks_the_protocol_whose_points_were_not_found(runner: CliRunner) -> None:
    result = runner.invoke(protocols_command, [])

    gerac = next(line for line in result.output.splitlines() if line.startswith("gerac_2007"))
    assert gerac.endswith("(point list not found)")


def test_json_lists_every_protocol_with_its_full_source(runner: CliRunner) -> None:
    result = runner.invoke(protocols_command, ["--json"])

    assert result.exit_code == 0, result.output
    documents = json.loads(result.output)
    assert [d["id"] for d in documents] == IDS
    assert documents[1]["source"]["id"] == "cherkin2009"
    assert documents[1]["selection"][1]["pool"] == ["GV3"]
    assert documents[1]["regimen"].startswith("10 sessions")


def test_one_protocol_is_shown_in_full(runner: CliRunner) -> None:
    result = runner.invoke(protocols_command, ["cherkin-2009-standardised"])

    assert result.exit_code == 0, result.output
    assert (
        result.output.splitlines()[0]
        == "cherkin_2009_standardised  Cherkin 2009 standardised acupuncture"
    )
    assert "  Points       all of BL23, BL40, KI3 (both sides)" in result.output
    assert "Du3 is GV3 (Yaoyangguan), not GV4" in result.output


def test_one_protocol_as_json_is_a_single_object(runner: CliRunner) -> None:
    result = runner.invoke(protocols_command, ["gerac_2007", "--json"])

    document = json.loads(result.output)
    assert document["id"] == "gerac_2007"
    assert document["points_sourced"] is False


def test_an_unknown_protocol_is_one_error_line_and_exit_2(runner: CliRunner) -> None:
    result = runner.invoke(protocols_command, ["skonnord_2020"])

    assert result.exit_code == 2
    assert result.output.strip() == (
        "error: No protocol is called 'skonnord_2020'. Known protocols: " + ", ".join(IDS) + "."
    )


def test_the_command_is_registered_on_the_main_cli(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["protocols"])

    assert result.exit_code == 0, result.output
    assert result.output.startswith("art_brinkhaus_2006")
