"""Draw points on body charts as one standalone SVG: figures side by side, coloured markers, code
labels that never overlap, a legend and the caveat that chart positions are approximate."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from acuback.charts import style
from acuback.charts.errors import ChartError
from acuback.charts.labels import Box, LabelRequest, Marker, PlacedLabel, place_labels, text_width
from acuback.charts.selection import ViewPlan, plan_chart
from acuback.knowledge.atlas import Atlas
from acuback.knowledge.models import Point

FIGURE_HEIGHT = 720.0
FIGURE_MAX_WIDTH = 600.0
SIDE_MARGIN = 62.0
PANEL_GAP = 12.0
PAGE_PAD = 18.0
MIN_PAGE_WIDTH = 520.0
TITLE_SIZE = 17.0
TITLE_LINE = 22.0
MAX_TITLE_LINES = 3
TITLE_BAND = 40.0
VIEW_TITLE_BAND = 26.0
LINE = 16.0
CLOSE_UP_HEIGHT = 500.0  # a close-up beside whole-body views is drawn smaller
CROP_MIN_VIEW_HEIGHT = 600.0  # only whole-body views are cropped
CROP_PAD = 0.1  # room kept above and below the points, as a share of the body's height
CROP_MIN_SHARE = 0.42
CROP_MAX_SHARE = 0.75
NOTE = "Chart positions are approximate; locate points by palpation and the location text."


@dataclass(frozen=True)
class Panel:
    """One view on the page."""

    plan: ViewPlan
    x: float  # left edge of the panel on the page
    top: float  # top of the figure area
    scale: float  # page px per figure unit
    width: float
    window: tuple[float, float, float, float]  # the part of the view shown (x, y, w, h)

    @property
    def height(self) -> float:
        return self.window[3] * self.scale

    @property
    def cropped(self) -> bool:
        return self.window != self.plan.view.viewbox

    def to_page(self, x: float, y: float) -> tuple[float, float]:
        wx, wy, _, _ = self.window
        return (self.x + SIDE_MARGIN + (x - wx) * self.scale, self.top + (y - wy) * self.scale)


def _fmt(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in {"-0", ""} else text


def _resolve(atlas: Atlas, points: Iterable[Point | str]) -> list[Point]:
    resolved: list[Point] = []
    for item in points:
        point = atlas.point(item) if isinstance(item, str) else item
        if point not in resolved:
            resolved.append(point)
    return resolved


def _window(plan: ViewPlan) -> tuple[float, float, float, float]:
    """The band of a whole-body view worth showing: the points' levels with room around them.

    Close-up views and points spread over most of the body keep the whole figure.
    """
    vx, vy, w, h = plan.view.viewbox
    ys = [placement.y for _, placements in plan.points for placement in placements]
    if h < CROP_MIN_VIEW_HEIGHT or not ys:
        return plan.view.viewbox
    top, bottom = min(ys) - CROP_PAD * h, max(ys) + CROP_PAD * h
    missing = CROP_MIN_SHARE * h - (bottom - top)
    if missing > 0:
        top, bottom = top - missing / 2, bottom + missing / 2
    top, bottom = max(vy, top), min(vy + h, bottom)
    if bottom - top < CROP_MIN_SHARE * h:  # pushed against an end: grow the other way
        top, bottom = (
            (vy, vy + CROP_MIN_SHARE * h) if top == vy else (bottom - CROP_MIN_SHARE * h, bottom)
        )
    if bottom - top > CROP_MAX_SHARE * h:
        return plan.view.viewbox
    return (vx, top, w, bottom - top)


def _layout(plans: Sequence[ViewPlan], top: float) -> tuple[list[Panel], float]:
    panels = []
    x = PAGE_PAD
    alone = len(plans) == 1
    for plan in plans:
        window = _window(plan)
        _, _, w, h = window
        whole_body = plan.view.viewbox[3] >= CROP_MIN_VIEW_HEIGHT
        height = FIGURE_HEIGHT if whole_body or alone else CLOSE_UP_HEIGHT
        scale = min(height / h, FIGURE_MAX_WIDTH / w)
        width = w * scale + 2 * SIDE_MARGIN
        panels.append(Panel(plan, x, top, scale, width, window))
        x += width + PANEL_GAP
    return panels, x - PANEL_GAP + PAGE_PAD


def _figure(panel: Panel, clip_id: str) -> list[str]:
    view = panel.plan.view
    wx, wy, ww, wh = panel.window
    s = panel.scale
    tx, ty = panel.x + SIDE_MARGIN - wx * s, panel.top - wy * s
    out = []
    clip = ""
    if panel.cropped:
        out.append(
            f'<clipPath id="{clip_id}"><rect x="{_fmt(wx)}" y="{_fmt(wy)}" '
            f'width="{_fmt(ww)}" height="{_fmt(wh)}"/></clipPath>'
        )
        clip = f' clip-path="url(#{clip_id})"'
    out.append(f'<g transform="translate({_fmt(tx)} {_fmt(ty)}) scale({_fmt(s)})"{clip}>')
    stroke = _fmt(2 * style.OUTLINE_WIDTH / s)
    for layer in view.outline_layers:
        out += [
            f'<path d="{d}" fill="none" stroke="{style.OUTLINE}" stroke-width="{stroke}" '
            'stroke-linejoin="round"/>'
            for d in layer
        ]
        out += [f'<path d="{d}" fill="{style.SKIN}"/>' for d in layer]
    fine = _fmt(style.DETAIL_WIDTH / s)
    for kind, d in view.detail_paths:
        if kind == "fill":
            out.append(f'<path d="{d}" fill="{style.HAIR}"/>')
    for kind, d in view.detail_paths:
        if kind != "fill":
            colour = style.DETAIL_LINE if kind in ("line", "outline") else style.DETAIL_SOFT
            out.append(
                f'<path d="{d}" fill="none" stroke="{colour}" stroke-width="{fine}" '
                'stroke-linecap="round" stroke-linejoin="round"/>'
            )
    out.append("</g>")
    return out


def _text(x: float, y: float, text: str, size: float, **attrs: str) -> str:
    extra = "".join(f' {k.replace("_", "-")}="{v}"' for k, v in attrs.items())
    return (
        f'<text x="{_fmt(x)}" y="{_fmt(y)}" font-size="{_fmt(size)}"{extra}>{escape(text)}</text>'
    )


def _wrap(text: str, width: float, size: float, em: float = 0.58) -> list[str]:
    """Break ``text`` into lines of about ``width`` px (``em``: mean character width in ems)."""
    per_line = max(20, int(width / (size * em)))
    lines: list[str] = []
    current = ""
    for word in text.split():
        if current and len(current) + 1 + len(word) > per_line:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    if current:
        lines.append(current)
    return lines


def _markers_and_labels(
    panels: Sequence[Panel],
) -> tuple[list[Marker], list[str], list[PlacedLabel]]:
    markers: list[Marker] = []
    colours: list[str] = []
    requests: list[LabelRequest] = []
    for panel in panels:
        vx, _, w, _ = panel.plan.view.viewbox
        centre_x = panel.to_page(vx + w / 2, 0)[0]
        bounds = Box(panel.x, panel.top - 6, panel.width, panel.height + 12)
        for point, placements in panel.plan.points:
            anchors = []
            outward = []
            for placement in placements:
                px, py = panel.to_page(placement.x, placement.y)
                anchors.append(len(markers))
                markers.append(Marker(px, py, style.MARKER_RADIUS))
                colours.append(style.MERIDIAN_COLOURS.get(point.meridian, style.INK))
                offset = px - centre_x
                outward.append(0 if abs(offset) < 4 else (1 if offset > 0 else -1))
            width = text_width(point.code, style.LABEL_SIZE) + 2
            requests.append(
                LabelRequest(
                    point.code, tuple(anchors), bounds, width, style.LABEL_HEIGHT, tuple(outward)
                )
            )
    return markers, colours, place_labels(markers, requests)


@dataclass(frozen=True)
class ChartLayout:
    """Everything a chart puts on the page, in page pixels: panels, point markers and labels."""

    heading: str
    heading_lines: tuple[str, ...]
    panels: tuple[Panel, ...]
    markers: tuple[Marker, ...]
    colours: tuple[str, ...]
    labels: tuple[PlacedLabel, ...]
    missing: tuple[Point, ...]
    width: float


def _on_sides(plan: ViewPlan, sides: Mapping[str, str]) -> ViewPlan:
    """The plan with each one-sided point marked on its side only. A view that shows only the other
    side of the body (a side view) keeps its marker, the only place it has there."""
    rows = []
    for point, placements in plan.points:
        wanted = sides.get(point.code)
        if wanted in ("left", "right"):
            kept = tuple(p for p in placements if p.side in (wanted, "midline"))
            placements = kept or placements
        rows.append((point, placements))
    return ViewPlan(plan.view, tuple(rows))


def layout_chart(
    atlas: Atlas,
    points: Iterable[Point | str],
    views: Sequence[str] | None = None,
    title: str | None = None,
    sides: Mapping[str, str] | None = None,
) -> ChartLayout:
    """Lay a chart out without drawing it (see :func:`render_chart`)."""
    chosen = _resolve(atlas, points)
    plans, missing = plan_chart(atlas, chosen, views)
    if sides:
        plans = [_on_sides(plan, sides) for plan in plans]
    if not any(plan.points for plan in plans):
        codes = ", ".join(p.code for p in chosen)
        raise ChartError(
            f"None of {codes} can be placed on {'these views' if views else 'a chart'}."
        )
    heading = (
        title if title is not None else "Acupuncture points: " + ", ".join(p.code for p in chosen)
    )
    _, width = _layout(plans, 0.0)
    width = max(width, MIN_PAGE_WIDTH)
    wrapped = _wrap(heading, width - 2 * PAGE_PAD, TITLE_SIZE, em=0.68)
    lines = tuple(wrapped[:MAX_TITLE_LINES])
    if len(wrapped) > MAX_TITLE_LINES:
        lines = (*lines[:-1], lines[-1].rstrip(",") + " …")
    top = PAGE_PAD + TITLE_BAND + (len(lines) - 1) * TITLE_LINE + VIEW_TITLE_BAND
    panels, _ = _layout(plans, top)
    markers, colours, labels = _markers_and_labels(panels)
    return ChartLayout(
        heading,
        lines,
        tuple(panels),
        tuple(markers),
        tuple(colours),
        tuple(labels),
        tuple(missing),
        width,
    )


def _label_svg(label: PlacedLabel) -> str:
    x = label.box.x + 1
    y = label.box.y + label.box.h - 2.5
    halo = _text(
        x,
        y,
        label.text,
        style.LABEL_SIZE,
        font_weight="bold",
        fill="none",
        stroke="#ffffff",
        stroke_width="3",
        stroke_linejoin="round",
    )
    ink = _text(x, y, label.text, style.LABEL_SIZE, font_weight="bold", fill=style.INK)
    return halo + ink


def _legend(
    atlas: Atlas, panels: Sequence[Panel], missing: Sequence[Point], top: float, width: float
) -> tuple[list[str], float]:
    out: list[str] = []
    x, y = PAGE_PAD, top + 14
    present: list[str] = []
    for panel in panels:
        for point, _ in panel.plan.points:
            if point.meridian not in present:
                present.append(point.meridian)
    names = {m.code: m.name for m in atlas.meridians}
    for code in present:
        name = f"{code} {names.get(code, 'Extra points' if code == 'EX' else code)}"
        item_width = 16 + text_width(name, 10.5) * 0.9 + 18
        if x + item_width > width - PAGE_PAD and x > PAGE_PAD:
            x, y = PAGE_PAD, y + LINE
        colour = style.MERIDIAN_COLOURS.get(code, style.INK)
        out.append(
            f'<circle cx="{_fmt(x + 5)}" cy="{_fmt(y - 4)}" r="4.6" fill="{colour}" '
            'stroke="#ffffff" stroke-width="1.2"/>'
        )
        out.append(_text(x + 14, y, name, 11, fill=style.INK))
        x += item_width
    notes = [
        "Views: " + "; ".join(f"{p.plan.view.title} ({p.plan.view.caption})" for p in panels) + "."
    ]
    if any(len(placed) > 1 for p in panels for _, placed in p.plan.points):
        notes.append("Bilateral points are marked on both sides and labelled on one.")
    if any(
        p.plan.view.mirrored and pt.bilateral and len(placed) == 1
        for p in panels
        for pt, placed in p.plan.points
    ):
        notes.append("Points needled on one side only are marked on that side.")
    if missing:
        notes.append(
            "Not charted (no position on these views): " + ", ".join(p.code for p in missing) + "."
        )
    y += 6
    for note in notes:
        for line in _wrap(note, width - 2 * PAGE_PAD, 11):
            y += LINE
            out.append(_text(PAGE_PAD, y, line, 11, fill=style.MUTED))
    y += LINE + 2
    out.append(_text(PAGE_PAD, y, NOTE, 11.5, fill=style.INK, font_style="italic"))
    return out, y + PAGE_PAD


def _chart_id(layout: ChartLayout) -> str:
    """An id prefix unique to this chart's content, so that several charts can share a web page."""
    key = "|".join(
        [layout.heading]
        + [
            f"{p.plan.view.id}:{','.join(pt.code for pt, _ in p.plan.points)}"
            for p in layout.panels
        ]
    )
    return "acuback-chart-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:10]


def render_chart(
    atlas: Atlas,
    points: Iterable[Point | str],
    views: Sequence[str] | None = None,
    title: str | None = None,
    sides: Mapping[str, str] | None = None,
) -> str:
    """A standalone SVG chart of ``points`` (points or codes) on ``views`` (ids), chosen if None.

    ``sides`` maps a code to the patient's side it is needled on (``left``, ``right``, ``both``):
    a one-sided point is then marked on that side only; without it bilateral points are marked on
    both. Raises :class:`ChartError` for an unknown view, no points, or points that no view can show.
    """
    layout = layout_chart(atlas, points, views, title, sides)
    width = layout.width
    chart_id = _chart_id(layout)
    body: list[str] = [
        _text(
            PAGE_PAD,
            PAGE_PAD + 20 + number * TITLE_LINE,
            line,
            TITLE_SIZE,
            font_weight="bold",
            fill=style.INK,
        )
        for number, line in enumerate(layout.heading_lines)
    ]
    for number, panel in enumerate(layout.panels):
        centre = panel.x + panel.width / 2
        body.append(
            _text(
                centre,
                panel.top - 12,
                panel.plan.view.title,
                13,
                text_anchor="middle",
                font_weight="bold",
                fill=style.MUTED,
            )
        )
        body += _figure(panel, f"{chart_id}-{number}")
    body += [
        f'<line x1="{_fmt(a[0])}" y1="{_fmt(a[1])}" x2="{_fmt(b[0])}" y2="{_fmt(b[1])}" '
        f'stroke="{style.LEADER}" stroke-width="0.8"/>'
        for a, b in (label.leader for label in layout.labels if label.leader is not None)
    ]
    body += [
        f'<circle cx="{_fmt(m.x)}" cy="{_fmt(m.y)}" r="{_fmt(m.r)}" fill="{colour}" '
        'stroke="#ffffff" stroke-width="1.4"/>'
        for m, colour in zip(layout.markers, layout.colours, strict=True)
    ]
    body += [_label_svg(label) for label in layout.labels]
    figure_bottom = max(p.top + p.height for p in layout.panels)
    legend, height = _legend(atlas, layout.panels, layout.missing, figure_bottom + 10, width)
    body += legend
    page_w, page_h = _fmt(width), _fmt(height)
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{page_w}" height="{page_h}" '
        f'viewBox="0 0 {page_w} {page_h}" font-family="{style.FONT_FAMILY}">'
    )
    parts = [
        head,
        f"<title>{escape(layout.heading)}</title>",
        f'<rect width="{page_w}" height="{page_h}" fill="#ffffff"/>',
        *body,
        "</svg>",
    ]
    return "\n".join(parts) + "\n"
