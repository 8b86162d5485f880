"""Template filters for clinical pages: source citations, words for codes, point names."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django import template
from django.utils.html import format_html

from acuback.knowledge import UnknownPoint, load_atlas
from acuback.knowledge.engine_data import ASHI
from acuback.web.charting.citations import short_citation, sources
from acuback.web.workspace.intake_display import words as _words

register = template.Library()


@register.filter
def cite(source_id: Any) -> str:
    """A source id as a short citation, the full reference in its title (and a link when there is one)."""
    return _cite(str(source_id or ""))


@lru_cache(maxsize=1024)  # the sources are data files read once per process
def _cite(key: str) -> str:
    source = sources().get(key)
    if source is None:
        return format_html('<span class="source">{}</span>', key) if key else ""
    short = short_citation(source)
    if source.url:
        return format_html(
            '<a class="source" href="{}" title="{}" rel="noopener">{}</a>',
            source.url,
            source.citation,
            short,
        )
    return format_html('<span class="source" title="{}">{}</span>', source.citation, short)


@register.filter
def words(value: Any) -> str:
    """snake_case codes in words: routine_review -> Routine review."""
    text = getattr(value, "value", value)
    return _words(str(text or ""))


@register.filter
def point_name(code: Any) -> str:
    """A point's pinyin and English name, or an empty string for Ashi or an unknown code.

    Stored codes are WHO codes and are found by the exact lookup; only what a person typed (another
    spelling, in a form being filled) goes through the forgiving search, and Ashi never does: a miss
    there searches every point (about 8 ms).
    """
    text = str(code or "").strip()
    atlas = load_atlas()
    point = atlas.get(text)
    if point is None:
        if not text or text.upper() == ASHI:
            return ""
        try:
            point = atlas.point(text)
        except UnknownPoint:
            return ""
    return f"{point.pinyin} · {point.english}"


@register.filter
def percent(value: Any) -> str:
    try:
        return f"{float(value) * 100:.0f}%"
    except (TypeError, ValueError):
        return ""


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    """``mapping[key]``, or an empty list when absent (for per-point alerts)."""
    try:
        return mapping.get(key, [])
    except AttributeError:
        return []


@register.filter
def first_sentence(text: Any) -> str:
    """The engine's own words before the atlas's detail ("... Atlas: ..."), for a compact table cell."""
    return str(text or "").split(" Atlas: ", 1)[0]
