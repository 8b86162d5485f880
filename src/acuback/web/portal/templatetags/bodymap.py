"""Template tags of the body map steps: the figures' shapes and the checkbox lists, built in
:mod:`acuback.web.portal.bodymap_html` (once per language; a request only marks what is checked)."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from django import template
from django.utils.safestring import SafeString

from acuback.web.portal import bodymap_html
from acuback.web.portal.bodymap import Figure

register = template.Library()


@register.simple_tag
def figure_shapes(figure: Figure, checked: Collection[str]) -> SafeString:
    return bodymap_html.figure_shapes(figure, checked)


@register.simple_tag
def choice_groups(
    named: tuple[str, Sequence[bodymap_html.ChoiceGroup]], checked: Collection[str]
) -> SafeString:
    return bodymap_html.choice_groups(named, checked)
