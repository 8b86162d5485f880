"""``acuback report outcomes`` gives the dashboard's figures as JSON, CSV or HTML."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from click.testing import CliRunner
from django.utils import timezone

from acuback.cli.report import report_group
from tests.factories import make_patient
from tests.web.outcomes.conftest import answer, make_episode


@pytest.fixture
def followed_up(world: Any) -> Any:
    started = timezone.localdate() - dt.timedelta(weeks=13)
    for before, after in [(8, 4), (5, 4)]:
        episode = make_episode(make_patient(world.clinic_a), world.alice, started=started)
        answer(
            episode, "baseline", {"pain_nrs": {"now": before, "average": before, "worst": before}}
        )
        answer(
            episode,
            "follow_up",
            {"pain_nrs": {"now": after, "average": after, "worst": after}},
            week=12,
        )
    return world


def test_json_holds_rates_intervals_and_trials(followed_up: Any) -> None:
    result = CliRunner().invoke(
        report_group, ["outcomes", "--clinic", followed_up.clinic_a.slug, "--format", "json"]
    )

    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert doc["overall"] == {
        "at_risk": 2,
        "judged": 2,
        "responders": 1,
        "rate": 0.5,
        "ci_low": 0.0945,
        "ci_high": 0.9055,
        "completeness": 1.0,
        "worst_case": 0.5,
    }
    assert doc["rule"]["id"] == "pain_30pct_or_2pt"
    assert [t["trial"] for t in doc["trials"]] == ["gerac", "cherkin", "art"]
    assert doc["trials"][2]["clinic"]["mean_change"] == -25.0


def test_csv_has_one_row_per_group(followed_up: Any) -> None:
    result = CliRunner().invoke(
        report_group, ["outcomes", "--clinic", followed_up.clinic_a.slug, "--format", "csv"]
    )

    lines = result.output.splitlines()
    assert result.exit_code == 0, result.output
    assert (
        lines[0]
        == "section,group,at_risk,judged,responders,rate,ci_low,ci_high,completeness,worst_case"
    )
    assert lines[1] == "overall,,2,2,1,0.5,0.0945,0.9055,1.0,0.5"
    assert "pattern,cold damp,2,2,1,0.5,0.0945,0.9055,1.0,0.5" in lines


def test_html_is_a_standalone_page(followed_up: Any, tmp_path: Any) -> None:
    out = tmp_path / "report.html"

    result = CliRunner().invoke(
        report_group,
        ["outcomes", "--clinic", followed_up.clinic_a.slug, "--format", "html", "--out", str(out)],
    )

    assert result.exit_code == 0, result.output
    page = out.read_text()
    assert page.startswith("<!doctype html>")
    assert "<script" not in page
    assert "GERAC (Haake 2007)" in page


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--clinic", "nowhere"], "error: no clinic is called 'nowhere'"),
        (["--rule", "magic"], "error: no responder rule 'magic'"),
        (["--week", "5"], "error: the clinic's follow-up weeks are 4, 12, 26, not 5"),
    ],
)
def test_bad_options_give_one_line_and_exit_2(world: Any, args: list[str], message: str) -> None:
    base = ["outcomes", "--clinic", world.clinic_a.slug]

    result = CliRunner().invoke(report_group, base + args)

    assert result.exit_code == 2
    assert result.output.startswith(message)
