"""Number formats for outcome pages: percentages and signed changes."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def pct(value: float | None, decimals: int = 1) -> str:
    """0.476 -> '47.6 %'; None -> '–'."""
    if value is None:
        return "–"
    return f"{value * 100:.{decimals}f} %"


@register.filter
def signed(value: float | None, decimals: int = 1) -> str:
    """A change with its sign: -3 -> '−3.0', 2 -> '+2.0'."""
    if value is None:
        return "–"
    text = f"{abs(value):.{decimals}f}"
    return ("+" if value > 0 else "−" if value < 0 else "±") + text


@register.filter
def times(value: float | None, factor: float) -> float | None:
    return None if value is None else value * factor
