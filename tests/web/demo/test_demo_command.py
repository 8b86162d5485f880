"""``acuback demo``: builds with a progress bar and a summary; a second run with one seed fails cleanly."""

from __future__ import annotations

import re

from click.testing import CliRunner

from acuback.cli.demo import demo_command
from acuback.web.care.models import Visit
from acuback.web.patients.models import Patient

ARGS = ["--patients", "12", "--visits-per-patient", "3", "--seed", "5", "--templates", "4"]


def test_it_builds_and_reports_the_counts(db: None) -> None:
    result = CliRunner().invoke(demo_command, ARGS)

    assert result.exit_code == 0, result.output
    assert (Patient.objects.count(), Visit.objects.count()) == (12, 36)
    assert re.search(r"^  patients +12$", result.output, re.M)
    assert re.search(r"^  visits +36$", result.output, re.M)
    assert "scale-5-1-practitioner1" in result.output


def test_a_second_run_with_the_same_seed_is_refused_in_one_line(db: None) -> None:
    CliRunner().invoke(demo_command, ARGS)

    result = CliRunner().invoke(demo_command, ARGS)

    assert result.exit_code == 2
    assert result.output.strip().splitlines()[-1] == (
        "error: a scale demo with seed 5 is already in this database (1 clinics); "
        "use another --seed, or a fresh database"
    )
    assert Patient.objects.count() == 12


def test_zero_patients_is_a_usage_error(db: None) -> None:
    result = CliRunner().invoke(demo_command, ["--patients", "0"])

    assert result.exit_code == 2
    assert "--patients" in result.output
