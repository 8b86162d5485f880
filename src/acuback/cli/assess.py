"""``acuback assess INTAKE.json`` and ``acuback schema intake``: the assessment engine on the command line.

Every failure the user can act on (a missing file, broken JSON, an intake field out of range, an
unknown protocol, a bad date) is one ``error:`` line on stderr naming the problem, and exit code 2.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import textwrap

import click

from acuback.cli.errors import CliError
from acuback.core.assess import Assessment, assess
from acuback.core.errors import AssessmentError
from acuback.core.intake import Intake, intake_json_schema, parse_intake_json
from acuback.knowledge import load_atlas
from acuback.knowledge.errors import KnowledgeError


def _read_intake(path: str) -> Intake:
    if path == "-":
        text = sys.stdin.read()
    else:
        try:
            with open(path, encoding="utf-8") as handle:
                text = handle.read()
        except OSError as exc:
            raise CliError(f"cannot read {path}: {exc.strerror or exc}") from exc
        except UnicodeDecodeError as exc:
            raise CliError(f"cannot read {path}: it is not UTF-8 text") from exc
    return parse_intake_json(text)


def _as_of(value: str | None) -> dt.date:
    if value is None:
        return dt.date.today()  # the face reads the clock; the core never does
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CliError(f"--as-of: {value!r} is not a date; use YYYY-MM-DD") from exc


@click.command("assess")
@click.argument("intake_file", metavar="INTAKE.json")
@click.option("--json", "as_json", is_flag=True, help="Print the whole assessment as JSON.")
@click.option(
    "--protocol",
    metavar="NAME",
    help="Build the prescription on a trial protocol (see `acuback protocols`).",
)
@click.option(
    "--as-of",
    "as_of",
    metavar="DATE",
    help="Assessment date (YYYY-MM-DD) that durations are counted to. Default: today.",
)
def assess_command(
    intake_file: str, as_json: bool, protocol: str | None, as_of: str | None
) -> None:
    """Assess an intake: triage, classification, patterns, points, safety.

    INTAKE.json is a file holding one intake (see `acuback schema intake`), or - for standard
    input. Prints a report for the practitioner, or JSON with --json.

    \b
    Examples:
      acuback assess intake.json
      acuback assess intake.json --json --as-of 2025-03-01
      jq .intake tests/vignettes/aaa_leak.json | acuback assess -
      acuback assess intake.json --protocol art_brinkhaus_2006
    """
    date = _as_of(as_of)
    try:
        intake = _read_intake(intake_file)
        result = assess(intake, load_atlas(), as_of=date, protocol=protocol)
    except (AssessmentError, KnowledgeError) as exc:
        # One error path: the domain's sentence, one line on stderr, exit code 2.
        raise CliError(str(exc)) from exc
    if as_json:
        click.echo(result.model_dump_json(indent=2))
    else:
        click.echo(render_report(result))


@click.group("schema")
def schema_group() -> None:
    """Print the JSON Schemas of the engine's inputs."""


@schema_group.command("intake")
def schema_intake_command() -> None:
    """Print the JSON Schema of an intake."""
    click.echo(json.dumps(intake_json_schema(), indent=2, ensure_ascii=False))


# --- the human-readable report --------------------------------------------------------------


def _wrap(text: str, indent: str = "    ") -> list[str]:
    return textwrap.wrap(text, width=96, initial_indent=indent, subsequent_indent=indent) or [
        indent
    ]


def render_report(result: Assessment) -> str:
    """The assessment as plain text for a practitioner: the most urgent things first."""
    lines: list[str] = [
        f"Acuback assessment, as of {result.as_of.isoformat()} (knowledge {result.knowledge_version})",
        *_wrap(result.disclaimer, ""),
        "",
    ]
    verdict = result.triage
    lines.append(f"TRIAGE: {verdict.level.value.upper().replace('_', ' ')}")
    lines += _wrap(verdict.summary, "  ")
    for flag in verdict.flags:
        lines.append(f"  ! [{flag.level.value}] {flag.condition} ({flag.code})")
        lines += _wrap(flag.reason)
        lines += _wrap(f"Action: {flag.action}")
        lines += _wrap(f"Answers: {', '.join(flag.answers)}. Sources: {', '.join(flag.sources)}.")
        if flag.contested:
            lines += _wrap(f"Contested: {flag.contested}")
    if verdict.ask_before_treating:
        lines.append(f"  Ask before treating ({len(verdict.ask_before_treating)}):")
        for question in verdict.ask_before_treating:
            lines += _wrap(f"- [{question.level.value}] {question.question} ({question.field})")
    lines.append("")

    c = result.classification
    lines.append("CLASSIFICATION")
    regions = ", ".join(r.value.replace("_", " ") for r in c.regions) or "none marked"
    spinal = ", ".join(s.value for s in c.spinal_regions) or "none"
    lines.append(f"  Regions: {regions} (spine: {spinal})")
    detail = c.duration_detail
    weeks = f"{detail.weeks:g} weeks; " if detail.weeks is not None else ""
    lines.append(f"  Duration: {c.duration.value} ({weeks}{detail.definition})")
    if c.radicular.present:
        side = f", {c.radicular.side.value}" if c.radicular.side else ""
        lines.append(f"  Radicular pattern suggested ({c.radicular.region}{side}):")
        lines += _wrap("; ".join(c.radicular.basis))
        for root in c.radicular.likely_roots:
            lines += _wrap(f"{root.root} (score {root.score}): {'; '.join(root.reasons)}")
    else:
        lines.append("  Radicular pattern: not suggested by the answers and findings")
    if c.codes:
        lines.append("  Codes (suggestions):")
        for code in c.codes:
            mark = "" if code.verified else "  [unverified]"
            lines.append(f"    {code.system.value:<8} {code.code:<8} {code.title}{mark}")
    for note in c.notes:
        lines += _wrap(note, "  ")
    lines.append("")

    lines.append("TCM PATTERNS")
    lines += _wrap(result.pattern_summary.message, "  ")
    for rank, pattern in enumerate(result.patterns[:5], start=1):
        lines.append(f"  {rank}. {pattern.name}: {pattern.score:.2f} ({pattern.status.value})")
    lines.append("")

    lines.append("PRESCRIPTION")
    for note in result.notes:
        lines += _wrap(note, "  ")
    if result.prescription is None:
        lines += _wrap(result.withheld or "Withheld.", "  ")
    else:
        for point in result.prescription.points:
            lines.append(
                f"  {point.code:<7} {point.side.value:<8} {point.role.value:<9} {point.rationale}"
            )
        for note in result.prescription.notes:
            lines += _wrap(note, "  ")
    if result.safety is not None:
        report = result.safety
        for alert in report.patient_alerts:
            lines += _wrap(f"! [{alert.level.value}] {alert.message}", "  ")
        for removed in report.removed:
            lines += _wrap(f"- removed {removed.point}: {removed.reason}", "  ")
        for point_alert in report.point_alerts:
            lines += _wrap(f"* {point_alert.point}: {point_alert.message}", "  ")
        for ask in report.ask_before_needling:
            lines += _wrap(f"? {ask.field}: {ask.why}", "  ")
    lines.append("")

    lines.append("EVIDENCE")
    for evidence in result.evidence:
        lines += _wrap(f"- {evidence.text} [{', '.join(evidence.sources)}]", "  ")
    return "\n".join(lines)
