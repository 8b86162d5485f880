"""``acuback points``: lookups, the JSON atlas, charts, and clear errors with exit code 2."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from acuback.cli.main import cli


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_show_prints_the_point_card(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["points", "show", "bl40"])

    assert result.exit_code == 0, result.output
    assert result.output.startswith("BL40  Wěizhōng  委中")
    assert "popliteal" in result.output.lower()


def test_search_finds_by_toneless_pinyin(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["points", "search", "wei zhong"])

    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0].startswith("BL40")


def test_list_json_is_the_whole_atlas_with_chart_positions(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["points", "list", "--json"])

    assert result.exit_code == 0, result.output[-500:]
    document = json.loads(result.output)
    assert len(document["meridians"]) == 14
    assert len([p for p in document["points"] if p["meridian"] != "EX"]) == 361
    bl23 = next(p for p in document["points"] if p["code"] == "BL23")
    assert bl23["codes"] == ["BL23", "UB23", "B23"]
    assert {pos["view"] for pos in bl23["chart_positions"]} >= {"back"}
    assert all(p["chart_positions"] for p in document["points"]), "a point with no chart position"
    assert document["knowledge_version"]


def test_unknown_point_is_exit_2_without_traceback(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["points", "show", "BL99"])

    assert result.exit_code == 2
    assert result.output.startswith("error: No acupuncture point matches 'BL99'.")
    assert "Traceback" not in result.output


def test_chart_with_an_unknown_point_is_exit_2(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(
        cli, ["points", "chart", "BL23", "XX1", "--out", str(tmp_path / "c.svg")]
    )

    assert result.exit_code == 2
    assert "No acupuncture point matches 'XX1'" in result.output
    assert not (tmp_path / "c.svg").exists()


def test_chart_writes_svg_and_png(runner: CliRunner, tmp_path: Path) -> None:
    svg_path, png_path = tmp_path / "c.svg", tmp_path / "c.png"

    svg = runner.invoke(cli, ["points", "chart", "BL23", "BL40", "GV4", "--out", str(svg_path)])
    png = runner.invoke(cli, ["points", "chart", "BL23", "BL40", "GV4", "--out", str(png_path)])

    assert svg.exit_code == 0, svg.output
    assert png.exit_code == 0, png.output
    assert svg_path.read_text().lstrip().startswith(("<svg", "<?xml"))
    assert png_path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write anywhere")
def test_chart_to_an_unwritable_folder_is_exit_2_as_user(runner: CliRunner, tmp_path: Path) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(stat.S_IRUSR | stat.S_IXUSR)

    result = runner.invoke(cli, ["points", "chart", "BL23", "--out", str(locked / "c.svg")])

    assert result.exit_code == 2
    assert result.output.startswith(f"error: cannot write {locked / 'c.svg'}")


def test_chart_into_a_missing_folder_is_exit_2(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "no" / "such" / "folder" / "c.png"

    result = runner.invoke(cli, ["points", "chart", "BL23", "--out", str(target)])

    assert result.exit_code == 2
    assert result.output == f"error: cannot write {target}: No such file or directory\n"


def test_chart_with_an_unknown_format_is_exit_2(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["points", "chart", "BL23", "--out", str(tmp_path / "c.gif")])

    assert result.exit_code == 2
    assert result.output == "error: --out must end in .svg or .png, not '.gif'\n"


def test_malformed_data_is_exit_2_naming_file_point_and_field(
    runner: CliRunner, data_copy: Path
) -> None:
    path = data_copy / "points" / "BL.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("angle: perpendicular", "angle: upright", 1)
    )

    result = runner.invoke(cli, ["points", "show", "BL1"], env={"ACUBACK_DATA_DIR": str(data_copy)})

    assert result.exit_code == 2
    assert result.output.startswith("error: BL.yaml: item BL")
    assert "field 'needling.angle'" in result.output
    assert "Traceback" not in result.output


def test_help_groups_commands_by_concern(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["--help"])

    assert result.exit_code == 0
    assert "Atlas and charts:" in result.output
    assert "does not make a diagnosis" in result.output
