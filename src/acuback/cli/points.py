"""``acuback points``: look points up, list the atlas, draw charts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from acuback.cli.errors import CliError, domain_errors, write_output
from acuback.knowledge import Atlas, load_atlas
from acuback.knowledge.document import atlas_document, point_document
from acuback.knowledge.models import Point

CHART_FORMATS = (".svg", ".png")


def _echo_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def _cite(atlas: Atlas, source_id: str) -> str:
    source = atlas.sources.get(source_id)
    if source is None:
        return source_id
    return "expert opinion" if source.kind == "expert_opinion" else source_id


def _chart_positions(atlas: Atlas, point: Point) -> list[dict[str, Any]]:
    from acuback.charts import load_views, place

    rows = []
    for view in load_views().values():
        for placement in place(atlas, point, view):
            rows.append(
                {
                    "view": view.id,
                    "x": round(placement.x, 1),
                    "y": round(placement.y, 1),
                    "side": placement.side,
                }
            )
    return rows


def _print_point(atlas: Atlas, point: Point) -> None:
    codes = atlas.codes_of(point)
    hanzi = point.hanzi + (f" ({point.hanzi_traditional})" if point.hanzi_traditional else "")
    click.secho(f"{point.code}  {point.pinyin}  {hanzi}  {point.english}", bold=True)
    if len(codes) > 1:
        click.echo(f"  Also written  {', '.join(codes[1:])}")
    if point.other_names:
        click.echo(f"  Other names   {', '.join(point.other_names)}")
    meridian = "extra point" if point.meridian == "EX" else atlas.meridian(point.meridian).name
    side = "bilateral" if point.bilateral else "single, on the midline"
    click.echo(f"  Meridian      {meridian}; {point.region.value.replace('_', ' ')}, {side}")
    click.echo(f"  Location      {point.location}  [{_cite(atlas, point.location_source)}]")
    needling = point.needling
    depth = (
        f" {needling.depth_cun[0]:g}–{needling.depth_cun[1]:g} cun" if needling.depth_cun else ""
    )
    note = f"; {needling.note}" if needling.note else ""
    click.echo(
        f"  Needling      {needling.angle.value}{depth}{note}  [{_cite(atlas, needling.source)}]"
    )
    if point.categories:
        cats = "; ".join(
            c.kind.value.replace("_", " ") + (f" ({c.detail})" if c.detail else "")
            for c in point.categories
        )
        click.echo(f"  Categories    {cats}")
    for caution in point.cautions:
        depth_note = (
            f" Safe depth: needle tip at most {caution.max_depth_cun:g} cun below the skin."
            if caution.max_depth_cun
            else ""
        )
        click.secho(
            f"  Caution       {caution.kind.value}: {caution.text}{depth_note}  [{_cite(atlas, caution.source)}]",
            fg="red",
        )
    for indication in point.indications:
        click.echo(f"  Indication    {indication.text}  [{_cite(atlas, indication.source)}]")
    if point.note:
        click.echo(f"  Note          {point.note}")


@click.group("points")
def points_group() -> None:
    """Look up acupuncture points and draw them on body charts.

    A point can be named by any spelling of its code (BL40, UB40, bl 40), its pinyin with or
    without tone marks (Wěizhōng, wei zhong), its characters (委中) or its English name.
    """


@points_group.command("show")
@click.argument("query", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="Print the point as JSON.")
@domain_errors
def show_command(query: tuple[str, ...], as_json: bool) -> None:
    """Show one point: names, location, needling, categories, cautions and indications."""
    atlas = load_atlas()
    point = atlas.point(" ".join(query))
    if as_json:
        data = point_document(atlas, point)
        data["chart_positions"] = _chart_positions(atlas, point)
        _echo_json(data)
    else:
        _print_point(atlas, point)


@points_group.command("search")
@click.argument("text", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="Print the matches as JSON.")
@domain_errors
def search_command(text: tuple[str, ...], as_json: bool) -> None:
    """Find points whose code or any name contains TEXT (case, spaces and tones ignored)."""
    atlas = load_atlas()
    found = atlas.search(" ".join(text))
    if as_json:
        _echo_json([point_document(atlas, p) for p in found])
        return
    if not found:
        raise CliError(f"no point matches {' '.join(text)!r}")
    for point in found:
        click.echo(f"{point.code:<8} {point.pinyin:<16} {point.hanzi:<6} {point.english}")


@points_group.command("list")
@click.option("--meridian", "meridian_query", help="Only this meridian (e.g. BL, UB, Bladder).")
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help="The whole atlas as one JSON document, with chart positions.",
)
@domain_errors
def list_command(meridian_query: str | None, as_json: bool) -> None:
    """List the points of the atlas, or print it whole as JSON for other tools."""
    atlas = load_atlas()
    points = atlas.points
    if meridian_query:
        points = atlas.points_of(atlas.meridian(meridian_query).code)
    if as_json:
        document = atlas_document(atlas)
        wanted = {p.code for p in points}
        document["points"] = [
            {**point_document(atlas, p), "chart_positions": _chart_positions(atlas, p)}
            for p in atlas.points
            if p.code in wanted
        ]
        _echo_json(document)
        return
    for point in points:
        click.echo(f"{point.code:<8} {point.pinyin:<16} {point.hanzi:<6} {point.english}")


@points_group.command("meridians")
@domain_errors
def meridians_command() -> None:
    """List the fourteen meridians with their abbreviations and point counts."""
    atlas = load_atlas()
    for meridian in atlas.meridians:
        aliases = ", ".join(meridian.aliases) or "-"
        click.echo(
            f"{meridian.code:<4} {meridian.name:<22} {meridian.point_count:>3} points   also {aliases}"
        )


@points_group.command("chart")
@click.argument("codes", nargs=-1, required=True)
@click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(dir_okay=False),
    help="Where to write the chart; .svg or .png.",
)
@click.option(
    "--view",
    "views",
    multiple=True,
    help="A view to draw (repeatable); chosen for you if left out.",
)
@click.option("--title", help="A title above the figures.")
@domain_errors
def chart_command(
    codes: tuple[str, ...], out: str, views: tuple[str, ...], title: str | None
) -> None:
    """Draw points on body charts: acuback points chart BL23 BL40 GV4 --out chart.png"""
    from acuback.charts import ChartError, render_chart, svg_to_png

    suffix = Path(out).suffix.lower()
    if suffix not in CHART_FORMATS:
        raise CliError(f"--out must end in .svg or .png, not {suffix or 'no extension'!r}")
    atlas = load_atlas()
    points = [atlas.point(code) for code in codes]
    try:
        svg = render_chart(atlas, points, views=list(views) or None, title=title)
    except ChartError as exc:
        raise CliError(str(exc)) from exc
    data = svg.encode() if suffix == ".svg" else svg_to_png(svg)
    write_output(out, data)
    click.echo(f"wrote {out} ({', '.join(p.code for p in points)})")
