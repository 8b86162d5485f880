"""The body maps and their checkbox lists as HTML, built once per language: only "checked" changes.

A step with a body map draws ~100 tappable shapes and as many checkboxes. Drawn by a template loop
that took ~2 ms of a ~5 ms page, every time, though nothing in them changes from one request to the
next but which places are marked. Here each shape and each checkbox is written once per language
(escaped by ``format_html``); a request only joins the pieces, adding `` on`` to a marked shape and
`` checked`` to a marked box (~0.05 ms).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.utils import translation
from django.utils.functional import Promise
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import format_lazy

from acuback.core.intake import PainRegion
from acuback.web.intake import questions as q
from acuback.web.intake.forms import AREA_GROUPS, region_sides
from acuback.web.portal.bodymap import Figure


@dataclass(frozen=True)
class Choice:
    value: str
    label: str | Promise  # next to the box
    data_label: str | Promise  # the whole name, which the map's summary line reads


@dataclass(frozen=True)
class ChoiceGroup:
    legend: str | Promise
    choices: tuple[Choice, ...]


# (value, markup before the marker, markup after it): a piece is marked by inserting a word.
_Piece = tuple[str, str, str]

# Pieces by (id of the figure or groups, language). Figures and groups are built once (module
# constants, cached functions) and kept alive here with their pieces, so their ids stay theirs.
# Hashing them instead would translate every label of a figure at each lookup.
_made: dict[tuple[int, str], tuple[object, Any]] = {}


def _pieces(thing: object, language: str, make: Any) -> Any:
    key = (id(thing), language)
    kept = _made.get(key)
    if kept is None or kept[0] is not thing:
        kept = _made[key] = (thing, make(thing))
    return kept[1]


def _make_figure_pieces(figure: Figure) -> tuple[str, tuple[_Piece, ...]]:
    decoration = "".join(
        format_html('<path class="bm-decoration" d="{}"/>', d) for d in figure.decoration
    )
    return decoration, tuple(
        (
            shape.value,
            '<path class="bm-region',
            format_html(
                '" data-value="{}" d="{}"><title>{}</title></path>',
                shape.value,
                shape.d,
                shape.label,
            ),
        )
        for shape in figure.shapes
    )


def figure_shapes(figure: Figure, checked: Collection[str]) -> SafeString:
    """The figure's decoration and shapes, the marked ones with the class ``on``."""
    decoration: str
    pieces: tuple[_Piece, ...]
    decoration, pieces = _pieces(figure, translation.get_language() or "", _make_figure_pieces)
    return mark_safe(  # pieces escaped by format_html above
        decoration
        + "".join(
            f"{head}{' on' if value in checked else ''}{tail}" for value, head, tail in pieces
        )
    )


def _make_group_pieces(
    named: tuple[str, Sequence[ChoiceGroup]],
) -> tuple[tuple[str, tuple[_Piece, ...]], ...]:
    name, groups = named
    return tuple(
        (
            format_html("<legend>{}</legend>", group.legend),
            tuple(
                (
                    choice.value,
                    format_html(
                        '<label><input type="checkbox" name="{}" value="{}" data-label="{}"',
                        name,
                        choice.value,
                        choice.data_label,
                    ),
                    format_html("> {}</label>", choice.label),
                )
                for choice in group.choices
            ),
        )
        for group in groups
    )


def choice_groups(named: tuple[str, Sequence[ChoiceGroup]], checked: Collection[str]) -> SafeString:
    """One ``fieldset.site-row`` per group of ``named`` (the checkboxes' name and their groups, a
    constant), the marked boxes checked."""
    html = []
    for legend, pieces in _pieces(named, translation.get_language() or "", _make_group_pieces):
        boxes = "".join(
            f"{head}{' checked' if value in checked else ''}{tail}" for value, head, tail in pieces
        )
        html.append(f'<fieldset class="site-row">{legend}{boxes}</fieldset>')
    return mark_safe("\n".join(html))  # pieces escaped by format_html above


@cache
def site_choices() -> tuple[str, tuple[ChoiceGroup, ...]]:
    """The "where it hurts" checkboxes: a row per region, a box per side it has."""
    return "sites", tuple(
        ChoiceGroup(
            q.REGION_LABELS[region.value],
            tuple(
                Choice(
                    f"{region.value}:{side}",
                    q.SIDE_LABELS[side],
                    format_lazy("{} ({})", q.REGION_LABELS[region.value], q.SIDE_LABELS[side]),
                )
                for side in region_sides(region.value)
            ),
        )
        for region in PainRegion
    )


@cache
def area_choices() -> tuple[str, tuple[ChoiceGroup, ...]]:
    """The "where it spreads" checkboxes, by part of the limb."""
    return "areas", tuple(
        ChoiceGroup(
            title,
            tuple(Choice(value, q.AREA_LABELS[value], q.AREA_LABELS[value]) for value in values),
        )
        for title, values in AREA_GROUPS
    )
