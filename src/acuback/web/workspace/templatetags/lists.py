"""Filters for the rows of long lists (today's appointments, alerts, patients), where a template
``{% include %}`` or ``{% url %}`` per row was most of the page's time.

* ``level|triage_badge``: the badge of a triage level, built once per level and language (there are
  five levels) instead of an included template per row.
* ``pk|pk_url:"name"``: the URL of a route taking one primary key, from a pattern reversed once per
  route and script prefix instead of the resolver on every row.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django import template
from django.urls import get_script_prefix, reverse
from django.utils import translation
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext

register = template.Library()

_LEVEL_WORDS = {
    "emergency": "Emergency",
    "urgent": "Urgent",
    "routine_review": "Routine review",
}
_PLACEHOLDER = 918273645


@lru_cache(maxsize=64)
def _badge(level: str, language: str | None) -> SafeString:
    if not level:
        return format_html('<span class="muted" title="{}">—</span>', gettext("No assessment yet"))
    return format_html(
        '<span class="badge {}" title="{}">{}</span>',
        level,
        gettext("Latest triage level"),
        gettext(_LEVEL_WORDS.get(level, "No referral")),
    )


@register.filter
def triage_badge(level: Any) -> SafeString:
    """The badge for a triage level (``emergency``, ``urgent``, ``routine_review``, ``none``), or a
    dash when there is no assessment."""
    text = str(getattr(level, "value", level) or "")
    return _badge(text, translation.get_language())


@lru_cache(maxsize=64)
def _pattern(name: str, prefix: str) -> tuple[str, str]:
    url = reverse(name, args=[_PLACEHOLDER])
    head, _, tail = url.partition(str(_PLACEHOLDER))
    return head, tail


@register.filter
def pk_url(pk: Any, name: str) -> str:
    """The URL of route ``name`` for primary key ``pk`` (a route taking one integer argument)."""
    head, tail = _pattern(name, get_script_prefix())
    return f"{head}{int(pk)}{tail}"
