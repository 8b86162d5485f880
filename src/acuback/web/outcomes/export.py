"""The dashboard's figures as JSON, CSV or a standalone HTML page, for ``acuback report outcomes``."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.template.loader import render_to_string

from acuback.core.outcomes_stats import Rate
from acuback.web.outcomes.dashboard import Dashboard

CSV_COLUMNS = (
    "section",
    "group",
    "at_risk",
    "judged",
    "responders",
    "rate",
    "ci_low",
    "ci_high",
    "completeness",
    "worst_case",
)


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def rate_document(rate: Rate) -> dict[str, Any]:
    return {
        "at_risk": rate.due,
        "judged": rate.judged,
        "responders": rate.responders,
        "rate": _round(rate.rate),
        "ci_low": _round(rate.low),
        "ci_high": _round(rate.high),
        "completeness": _round(rate.completeness),
        "worst_case": _round(rate.worst_case),
    }


def dashboard_document(board: Dashboard, clinic: Any, cat: Any) -> dict[str, Any]:
    f = board.filters
    trials = []
    for row in board.trials:
        entry: dict[str, Any] = {
            "trial": row.trial.id,
            "name": row.trial.name,
            "source": row.trial.source,
            "trial_week": row.trial.week,
            "clinic_week": row.week,
            "definition": row.trial.definition,
            "differences": row.trial.differences,
            "arms": [{"name": a.name, "n": a.n, "value": a.value} for a in row.trial.arms],
        }
        if row.rate is not None and row.rule is not None:
            entry["clinic"] = {"rule": row.rule.id, **rate_document(row.rate)}
        if row.mean is not None:
            scale = row.scale
            entry["clinic"] = {
                "n": row.mean.n,
                "mean_change": _round(row.mean.mean * scale) if row.mean.mean is not None else None,
                "ci_low": _round(row.mean.low * scale) if row.mean.low is not None else None,
                "ci_high": _round(row.mean.high * scale) if row.mean.high is not None else None,
                "scale": scale,
            }
        trials.append(entry)
    return {
        "clinic": clinic.slug,
        "knowledge_version": cat.version,
        "filters": {
            "rule": f.rule,
            "week": f.week,
            "practitioner_id": f.practitioner_id,
            "started_from": f.started_from.isoformat() if f.started_from else None,
            "started_to": f.started_to.isoformat() if f.started_to else None,
            "as_of": f.as_of.isoformat() if f.as_of else None,
        },
        "rule": {
            "id": board.rule.id,
            "name": board.rule.name,
            "description": board.rule.description,
            "source": board.rule.source,
        },
        "interval": "Wilson score, 95 % (wilson1927)",
        "overall": rate_document(board.overall),
        "groups": {
            table.key: [
                {
                    "group": "" if row.key is None else str(row.key),
                    "label": row.label,
                    **rate_document(row.rate),
                }
                for row in table.rows
            ]
            for table in board.groups
        },
        "trials": trials,
        "note": "Definitions differ between the trials and this clinic's rules; see 'differences'.",
    }


def dashboard_csv(board: Dashboard) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)

    def write(section: str, group: str, rate: Rate) -> None:
        doc = rate_document(rate)
        writer.writerow(
            [section, group, *(doc[c] if doc[c] is not None else "" for c in CSV_COLUMNS[2:])]
        )

    write("overall", "", board.overall)
    for table in board.groups:
        for row in table.rows:
            write(table.key, row.label, row.rate)
    for trial in board.trials:
        if trial.rate is not None:
            write(
                f"trial:{trial.trial.id}:week{trial.week}",
                trial.rule.id if trial.rule else "",
                trial.rate,
            )
    return out.getvalue()


def dashboard_html(board: Dashboard, clinic: Any) -> str:
    return render_to_string("outcomes/report.html", {"board": board, "clinic": clinic})
