"""Plain factory functions for engine tests: intakes as dicts, built from readable overrides.

``answered_intake`` answers every red-flag question "no" (a fully screened patient with ordinary
mechanical low back pain); ``blank_intake`` answers nothing. Overrides use dotted paths, so a test
reads as the clinical story: ``answered_intake(**{"red_flags.saddle_numbness": "yes"})``.
"""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from acuback.core.intake import Conditions, Intake, Medicines, RedFlags, parse_intake

AS_OF = dt.date(2025, 3, 1)


def _set(data: dict[str, Any], path: str, value: Any) -> None:
    *parents, leaf = path.split(".")
    node = data
    for part in parents:
        node = node.setdefault(part, {})
    if value is _DELETE:
        node.pop(leaf, None)
    else:
        node[leaf] = value


class _Delete:
    def __repr__(self) -> str:
        return "DELETE"


_DELETE: Any = _Delete()
DELETE: Any = _DELETE  # an override value that removes the field


def apply(data: dict[str, Any], overrides: dict[str, Any]) -> dict[str, Any]:
    """A deep copy of ``data`` with each dotted-path override set (or removed with DELETE)."""
    result = copy.deepcopy(data)
    for path, value in overrides.items():
        _set(result, path, value)
    return result


def answered_data(**overrides: Any) -> dict[str, Any]:
    """A 40-year-old man with ordinary mechanical low back pain, every red-flag question answered no."""
    base: dict[str, Any] = {
        "age": 40,
        "sex": "male",
        "pregnant": "no",
        "pain_sites": [{"region": "lower_back", "side": "central"}],
        "radiation": {"areas": [], "numbness": "no", "tingling": "no", "weakness": "no"},
        "intensity": {"now": 4, "average": 4, "worst": 6},
        "onset": {"date": "2025-02-15", "how": "posture", "sudden": "no"},
        "previous_episodes": "yes",
        "medicines": {name: "no" for name in Medicines.model_fields if name != "other"},
        "conditions": dict.fromkeys(Conditions.model_fields, "no"),
        "red_flags": dict.fromkeys(RedFlags.model_fields, "no"),
    }
    return apply(base, overrides)


def answered_intake(**overrides: Any) -> Intake:
    return parse_intake(answered_data(**overrides))


def blank_intake(**overrides: Any) -> Intake:
    """Only what the overrides give (and an age of 40): every question unanswered."""
    return parse_intake(apply({"age": 40}, overrides))


def weeks_before(weeks: float, as_of: dt.date = AS_OF) -> str:
    """The ISO date ``weeks`` weeks before ``as_of``."""
    return (as_of - dt.timedelta(days=round(weeks * 7))).isoformat()
