"""A patient's outcome measure over time, drawn as a small self-contained SVG.

One chart per measure: the scores as a line of dots with their values, the visits as marks along
the bottom, the baseline as a dashed line and the minimal important change as a shaded band around
it (a change inside the band is smaller than the smallest change that matters). Black, grey and one
accent colour, with shapes and words carrying the meaning, so the chart reads in print and without
colour. No script, no external font; a <title> and <desc> describe it for screen readers.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from html import escape

INK = "#1f2933"
GRID = "#d5dbe3"
ACCENT = "#175cd3"
BAND = "#dcfae6"
BAND_EDGE = "#6ce9a6"
MUTED = "#5d6b82"
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"


@dataclass(frozen=True)
class ChartPoint:
    when: dt.date
    value: float
    label: str = ""  # e.g. "Baseline", "Week 4"


@dataclass(frozen=True)
class ProgressSeries:
    """What one chart shows. ``low``/``high`` are the measure's range; ``better`` is 'lower' or 'higher'."""

    title: str
    low: float
    high: float
    better: str
    points: tuple[ChartPoint, ...]
    visits: tuple[dt.date, ...] = ()
    baseline: float | None = None
    band: tuple[float, float] | None = None
    band_label: str = "Minimal important change"
    decimals: int = 0
    notes: tuple[str, ...] = field(default=())


def _fmt(value: float, decimals: int) -> str:
    return f"{value:.{decimals}f}"


def _nice_step(span: float, ticks: int = 5) -> float:
    raw = span / max(ticks, 1)
    magnitude = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * magnitude:
            return factor * magnitude
    return 10 * magnitude


def _date_ticks(start: dt.date, end: dt.date) -> list[dt.date]:
    days = (end - start).days
    if days <= 70:
        step = 7
    elif days <= 200:
        step = 28
    else:
        step = 56
    ticks, day = [], start
    while day <= end:
        ticks.append(day)
        day += dt.timedelta(days=step)
    return ticks


def render_progress_chart(
    series: ProgressSeries, *, width: int = 480, height: int = 250, chart_id: str = "progress"
) -> str:
    """The SVG text of one progress chart. An empty series gives a chart that says so."""
    left, right, top, bottom = 48, 16, 46, 58
    plot_w, plot_h = width - left - right, height - top - bottom
    dates = [p.when for p in series.points] + list(series.visits)
    start = min(dates) if dates else dt.date.today()
    end = max(dates) if dates else start
    if (end - start).days < 14:
        end = start + dt.timedelta(days=14)
    span_days = (end - start).days

    def x(day: dt.date) -> float:
        return left + plot_w * (day - start).days / span_days

    low, high = series.low, series.high

    def y(value: float) -> float:
        clamped = min(max(value, low), high)
        return top + plot_h * (high - clamped) / (high - low)

    title_id, desc_id = f"{chart_id}-title", f"{chart_id}-desc"
    described = "; ".join(
        f"{p.label or p.when.isoformat()} {p.when.isoformat()}: {_fmt(p.value, series.decimals)}"
        for p in series.points
    )
    direction = "lower is better" if series.better == "lower" else "higher is better"
    desc = f"{series.title}, {direction}. " + (f"{described}." if described else "No answers yet.")
    if series.visits:
        desc += f" {len(series.visits)} visits marked."
    out: list[str] = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img" aria-labelledby="{title_id} {desc_id}" '
        f'font-family="{FONT}" font-size="13" class="progress-chart">',
        f'<title id="{title_id}">{escape(series.title)}</title>',
        f'<desc id="{desc_id}">{escape(desc)}</desc>',
        f'<rect x="0" y="0" width="{width}" height="{height}" fill="#ffffff"/>',
        f'<text x="{left}" y="16" font-weight="600" fill="{INK}">{escape(series.title)}</text>',
        f'<text x="{left}" y="32" font-size="11" fill="{MUTED}">{escape(direction.capitalize())}</text>',
    ]
    if series.band is not None:
        band_low, band_high = series.band
        y1, y2 = y(band_high), y(band_low)
        out.append(
            f'<rect x="{left}" y="{y1:.1f}" width="{plot_w}" height="{max(y2 - y1, 0):.1f}" '
            f'fill="{BAND}" stroke="{BAND_EDGE}" stroke-dasharray="2 3"/>'
        )
    step = _nice_step(high - low)
    tick = math.ceil(low / step) * step
    while tick <= high + 1e-9:
        ty = y(tick)
        out.append(
            f'<line x1="{left}" x2="{left + plot_w}" y1="{ty:.1f}" y2="{ty:.1f}" stroke="{GRID}"/>'
        )
        label = f"{tick:g}"
        out.append(
            f'<text x="{left - 6}" y="{ty + 4:.1f}" text-anchor="end" fill="{MUTED}">{label}</text>'
        )
        tick += step
    out.append(
        f'<line x1="{left}" x2="{left}" y1="{top}" y2="{top + plot_h}" stroke="{INK}"/>'
        f'<line x1="{left}" x2="{left + plot_w}" y1="{top + plot_h}" y2="{top + plot_h}" stroke="{INK}"/>'
    )
    for day in _date_ticks(start, end):
        tx = x(day)
        out.append(
            f'<line x1="{tx:.1f}" x2="{tx:.1f}" y1="{top + plot_h}" y2="{top + plot_h + 4}" stroke="{INK}"/>'
            f'<text x="{tx:.1f}" y="{top + plot_h + 16}" text-anchor="middle" fill="{MUTED}">'
            f"{day.day} {day.strftime('%b')}</text>"
        )
    if series.baseline is not None:
        by = y(series.baseline)
        out.append(
            f'<line x1="{left}" x2="{left + plot_w}" y1="{by:.1f}" y2="{by:.1f}" stroke="{MUTED}" '
            f'stroke-dasharray="6 4"/>'
        )
    # Visits: small upward triangles under the axis, so they never hide a score.
    for visit in series.visits:
        vx, vy = x(visit), top + plot_h + 26
        out.append(
            f'<path d="M{vx:.1f},{vy - 6:.1f} L{vx - 4:.1f},{vy:.1f} L{vx + 4:.1f},{vy:.1f} Z" fill="{INK}">'
            f"<title>Visit {visit.isoformat()}</title></path>"
        )
    points = sorted(series.points, key=lambda p: p.when)
    if len(points) > 1:
        path = " ".join(f"{x(p.when):.1f},{y(p.value):.1f}" for p in points)
        out.append(f'<polyline points="{path}" fill="none" stroke="{ACCENT}" stroke-width="2.5"/>')
    for p in points:
        px, py = x(p.when), y(p.value)
        text = _fmt(p.value, series.decimals)
        label_y = py - 9 if py - 9 > top + 4 else py + 18
        # Keep the value clear of the axis labels at the left edge and of the frame at the right.
        anchor, label_x = "middle", px
        if px - left < 14:
            anchor, label_x = "start", px + 6
        elif left + plot_w - px < 14:
            anchor, label_x = "end", px - 6
        out.append(
            f'<circle cx="{px:.1f}" cy="{py:.1f}" r="4.5" fill="#ffffff" stroke="{ACCENT}" stroke-width="2.5">'
            f"<title>{escape(p.label)} {p.when.isoformat()}: {text}</title></circle>"
            f'<text x="{label_x:.1f}" y="{label_y:.1f}" text-anchor="{anchor}" font-weight="600" '
            f'fill="{INK}">{escape(text)}</text>'
        )
    if not points:
        out.append(
            f'<text x="{left + plot_w / 2:.1f}" y="{top + plot_h / 2:.1f}" text-anchor="middle" '
            f'fill="{MUTED}">No answers yet</text>'
        )
    # Legend: words and shapes, so that colour is never the only signal.
    ly = height - 10
    legend = [
        f'<circle cx="{left + 5}" cy="{ly - 4}" r="4" fill="#ffffff" stroke="{ACCENT}" stroke-width="2"/>'
        f'<text x="{left + 14}" y="{ly}" fill="{INK}">score</text>',
        f'<path d="M{left + 62},{ly - 8} L{left + 58},{ly} L{left + 66},{ly} Z" fill="{INK}"/>'
        f'<text x="{left + 71}" y="{ly}" fill="{INK}">visit</text>',
    ]
    if series.baseline is not None:
        legend.append(
            f'<line x1="{left + 108}" x2="{left + 128}" y1="{ly - 4}" y2="{ly - 4}" stroke="{MUTED}" '
            f'stroke-dasharray="6 4"/><text x="{left + 133}" y="{ly}" fill="{INK}">baseline</text>'
        )
    if series.band is not None:
        legend.append(
            f'<rect x="{left + 196}" y="{ly - 10}" width="16" height="10" fill="{BAND}" stroke="{BAND_EDGE}"/>'
            f'<text x="{left + 217}" y="{ly}" fill="{INK}">{escape(series.band_label)}</text>'
        )
    out.extend(legend)
    out.append("</svg>")
    return "".join(out)
