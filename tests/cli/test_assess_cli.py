"""``acuback assess`` and ``acuback schema intake``: good input, and one clear line with exit 2 for bad."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from acuback.cli.assess import assess_command, schema_group
from acuback.cli.main import cli

GOOD = {
    "age": 45,
    "sex": "female",
    "pregnant": "no",
    "pain_sites": [{"region": "lower_back", "side": "left"}],
    "radiation": {"areas": ["calf", "little_toe"], "side": "left"},
    "onset": {"date": "2025-01-01", "how": "lifting"},
}


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def good_file(tmp_path: Path) -> Path:
    path = tmp_path / "intake.json"
    path.write_text(json.dumps(GOOD), encoding="utf-8")
    return path


def test_the_lead_registers_both_commands() -> None:
    assert cli.commands["assess"] is assess_command
    assert cli.commands["schema"] is schema_group


def test_assess_prints_a_report_for_the_practitioner(runner: CliRunner, good_file: Path) -> None:
    result = runner.invoke(cli, ["assess", str(good_file), "--as-of", "2025-02-20"])

    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("Acuback assessment, as of 2025-02-20 (knowledge ")
    assert "TRIAGE: NONE" in lines
    assert (
        "  Duration: subacute (7.1 weeks; acute under 6 weeks, subacute 6 to 12 weeks, chronic over 12 weeks)"
        in lines
    )
    assert "    icd10cm  M54.42   Lumbago with sciatica, left side" in lines
    assert "EVIDENCE" in lines


def test_assess_json_is_the_whole_assessment(runner: CliRunner, good_file: Path) -> None:
    result = runner.invoke(cli, ["assess", str(good_file), "--json", "--as-of", "2025-02-20"])

    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    assert document["as_of"] == "2025-02-20"
    assert document["classification"]["duration"] == "subacute"
    assert document["triage"]["level"] == "none"
    assert document["prescription"]["points"]


def test_assess_reads_standard_input(runner: CliRunner) -> None:
    result = runner.invoke(
        cli, ["assess", "-", "--json", "--as-of", "2025-02-20"], input=json.dumps(GOOD)
    )

    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["classification"]["radicular"]["side"] == "left"


def test_an_emergency_report_withholds_the_points(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "ces.json"
    path.write_text(json.dumps({**GOOD, "red_flags": {"saddle_numbness": "yes"}}), encoding="utf-8")

    result = runner.invoke(cli, ["assess", str(path), "--as-of", "2025-02-20"])

    assert result.exit_code == 0, result.output
    assert "TRIAGE: EMERGENCY" in result.output
    assert "No prescription: the triage found an emergency." in result.output


@pytest.mark.parametrize(
    ("intake", "expected"),
    [
        (
            {"age": 40, "intensity": {"now": 14}},
            "error: Intake field 'intensity.now': Input should be less than or equal to 10.",
        ),
        ({"age": -3}, "error: Intake field 'age': Input should be greater than or equal to 0."),
        ({"age": 40, "colour": "red"}, "error: Intake field 'colour' is not a known field."),
        ({"sex": "female"}, "error: Intake field 'age' is required."),
    ],
    ids=["score_of_14", "negative_age", "unknown_field", "missing_age"],
)
def test_a_bad_field_is_one_line_naming_it_with_exit_2(
    runner: CliRunner, tmp_path: Path, intake: dict[str, object], expected: str
) -> None:
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(intake), encoding="utf-8")

    result = runner.invoke(cli, ["assess", str(path)])

    assert result.exit_code == 2, result.output
    assert result.output.strip() == expected
    assert "Traceback" not in result.output


def test_broken_json_is_one_line_with_exit_2(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["assess", "-"], input='{"age": 40,')

    assert result.exit_code == 2
    assert result.output.strip() == "error: The intake is not valid JSON at line 1, column 12."


def test_a_missing_file_is_one_line_with_exit_2(runner: CliRunner, tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.json"

    result = runner.invoke(cli, ["assess", str(missing)])

    assert result.exit_code == 2
    assert result.output.strip() == f"error: cannot read {missing}: No such file or directory"


def test_a_bad_date_is_one_line_with_exit_2(runner: CliRunner, good_file: Path) -> None:
    result = runner.invoke(cli, ["assess", str(good_file), "--as-of", "2025-02-30"])

    assert result.exit_code == 2
    assert result.output.strip() == "error: --as-of: '2025-02-30' is not a date; use YYYY-MM-DD"


def test_an_onset_after_the_assessment_date_is_one_line_with_exit_2(
    runner: CliRunner, good_file: Path
) -> None:
    result = runner.invoke(cli, ["assess", str(good_file), "--as-of", "2024-12-31"])

    assert result.exit_code == 2
    assert (
        result.output.strip()
        == "error: Intake field 'onset.date' is after the assessment date 2024-12-31."
    )


def test_an_unknown_protocol_is_one_line_with_exit_2(runner: CliRunner, good_file: Path) -> None:
    result = runner.invoke(cli, ["assess", str(good_file), "--protocol", "acme"])

    assert result.exit_code == 2
    assert result.output.startswith("error: No protocol is called 'acme'. Known protocols: ")
    assert len(result.output.strip().splitlines()) == 1


def test_schema_intake_prints_the_json_schema(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["schema", "intake"])

    assert result.exit_code == 0, result.output
    schema = json.loads(result.output)
    assert schema["title"] == "Acuback intake"
    assert schema["required"] == ["age"]
