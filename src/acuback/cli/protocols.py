"""``acuback protocols``: the named acupuncture protocols the engine can follow, with their sources."""

from __future__ import annotations

import json
from typing import Any

import click

from acuback.cli.errors import CliError, domain_errors
from acuback.core.errors import UnknownProtocol
from acuback.core.prescribe import protocol_named
from acuback.knowledge.engine_data import EngineData, load_engine_data
from acuback.knowledge.protocols_data import Protocol


def protocol_document(data: EngineData, protocol: Protocol) -> dict[str, Any]:
    """One protocol as JSON-ready data, with the full citation of its source."""
    document = protocol.model_dump(mode="json")
    source = data.sources[protocol.source]
    document["source"] = source.model_dump(mode="json", exclude_none=True)
    document["regimen"] = protocol.regimen
    return document


def _print_protocol(data: EngineData, protocol: Protocol) -> None:
    click.secho(f"{protocol.id}  {protocol.name}", bold=True)
    population = protocol.population
    where = ", ".join(r.replace("_", " ") for r in population.regions)
    click.echo(f"  For          {population.duration} pain of the {where}")
    if protocol.regimen:
        click.echo(f"  Regimen      {protocol.regimen}")
    for selection in protocol.selection:
        pick = "all of" if selection.pick == "all" else f"{selection.pick} of"
        side = "both sides" if selection.side == "bilateral" else "on the painful side"
        click.echo(f"  Points       {pick} {', '.join(selection.pool)} ({side})")
    if protocol.ashi:
        click.echo("  Points       ashi points: tender points found by palpation")
    if protocol.individual_points:
        click.echo("  Points       points for the patient's TCM pattern")
    if not protocol.points_sourced:
        click.secho("  Points       the protocol's own point list was not found", fg="yellow")
    click.echo(f"  Verified     {protocol.verified}")
    for note in protocol.notes:
        click.echo(f"  Note         {note}")
    click.echo(f"  Source       {data.sources[protocol.source].citation}")


@click.command("protocols")
@click.argument("name", required=False)
@click.option("--json", "as_json", is_flag=True, help="Print the protocols as JSON.")
@domain_errors
def protocols_command(name: str | None, as_json: bool) -> None:
    """List the named protocols that `--protocol NAME` can follow, or show one in full.

    Each protocol comes from a trial or a consensus and names its source; where a trial's point
    list could not be found, the listing says so.
    """
    data = load_engine_data()
    protocols = data.protocols
    if name is not None:
        try:
            protocols = (protocol_named(name, data),)
        except UnknownProtocol as exc:
            raise CliError(str(exc)) from exc
    if as_json:
        documents = [protocol_document(data, p) for p in protocols]
        payload: Any = documents[0] if name is not None else documents
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
        return
    if name is not None:
        _print_protocol(data, protocols[0])
        return
    for protocol in protocols:
        source = data.sources[protocol.source]
        marker = "" if protocol.points_sourced else "  (point list not found)"
        click.echo(f"{protocol.id:<30} {protocol.name}{marker}")
        click.echo(f"{'':<30} {source.citation}")
