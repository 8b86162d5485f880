"""After a knowledge update, `acuback outcomes recompute` refreshes results made with old thresholds."""

from __future__ import annotations

from typing import Any

from click.testing import CliRunner

from acuback.cli.outcomes import outcomes_group
from acuback.web.outcomes.models import EpisodeOutcome
from acuback.web.outcomes.services import catalogue
from tests.web.outcomes.conftest import BASELINE, WEEK_12, answer


def test_stale_results_are_recomputed_and_current_ones_left(world: Any, episode: Any) -> None:
    answer(episode, "baseline", BASELINE)
    answer(episode, "follow_up", WEEK_12, week=12)
    EpisodeOutcome.objects.filter(rule="pain_30pct_or_2pt").update(
        rules_version="old", responder=False
    )

    first = CliRunner().invoke(outcomes_group, ["recompute"])
    second = CliRunner().invoke(outcomes_group, ["recompute"])

    assert (first.exit_code, first.output) == (0, "recomputed 1 episode(s)\n")
    assert second.output == "recomputed 0 episode(s)\n"
    result = EpisodeOutcome.objects.get(rule="pain_30pct_or_2pt")
    assert (result.rules_version, result.responder) == (catalogue().version, True)
