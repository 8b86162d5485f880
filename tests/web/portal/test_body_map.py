"""The body maps draw every choice of their checkbox list, and hide themselves from assistive technology."""

from __future__ import annotations

import re

from django.utils import translation
from django.utils.functional import lazy
from hypothesis import given
from hypothesis import strategies as st

from acuback.core.intake import PainRegion, RadiationArea
from acuback.web.intake.forms import SITE_CHOICES
from acuback.web.intake.models import IntakeForm
from acuback.web.portal.bodymap import (
    Ellipse,
    Figure,
    Path,
    Rect,
    Shape,
    mirror,
    pain_figures,
    spreading_figures,
)
from acuback.web.portal.bodymap_html import (
    Choice,
    ChoiceGroup,
    choice_groups,
    figure_shapes,
    site_choices,
)
from tests.web.conftest import World, client_for


def test_every_pain_site_choice_is_drawn_and_nothing_else() -> None:
    drawn = {shape.value for figure in pain_figures() for shape in figure.shapes}

    assert drawn == {value for value, _label in SITE_CHOICES}
    assert {value.split(":")[0] for value in drawn} == {region.value for region in PainRegion}


def test_every_radiation_area_is_drawn() -> None:
    drawn = {shape.value for figure in spreading_figures() for shape in figure.shapes}

    assert drawn == {area.value for area in RadiationArea}


def test_the_patients_left_is_on_the_viewers_left_from_behind_and_right_from_the_front() -> None:
    back, front = pain_figures()
    back_left = next(s for s in back.shapes if s.value == "buttock:left")
    front_left = next(s for s in front.shapes if s.value == "hip:left")

    assert float(back_left.d.split(",")[0][1:]) < 100
    assert float(front_left.d.split(",")[0][1:]) > 100


def test_mirroring_reflects_across_the_midline() -> None:
    assert mirror(Rect(10, 5, 20, 8, 2)) == Rect(170, 5, 20, 8, 2)
    assert mirror(Ellipse(37, 263, 11, 15)) == Ellipse(163, 263, 11, 15)
    assert mirror(Path("M50,74 L24,106 C24,88 34,76 50,74 Z")) == Path(
        "M150,74 L176,106 C176,88 166,76 150,74 Z"
    )


def test_the_map_is_hidden_from_screen_readers_and_the_list_is_labelled(
    world: World, draft: IntakeForm
) -> None:
    page = (
        client_for(world.paula_user)
        .get(f"/portal/questionnaire/{draft.pk}/step/where/")
        .content.decode()
    )

    svgs = re.findall(r"<svg[^>]*>", page)
    assert len(svgs) == 2
    assert all('aria-hidden="true"' in svg and 'focusable="false"' in svg for svg in svgs)
    bodymap = page[page.index('<div class="bodymap') : page.index('<fieldset class="site-list">')]
    assert "tabindex" not in bodymap
    assert page.count('<fieldset class="site-row">') == len(PainRegion)
    assert "<legend>Lower back</legend>" in page
    assert page.count('type="checkbox" name="sites"') == len(SITE_CHOICES)


def test_saved_sites_are_ticked_and_painted(world: World, draft: IntakeForm) -> None:
    IntakeForm.objects.filter(pk=draft.pk).update(
        answers={"pain_sites": [{"region": "knee", "side": "both"}]}
    )

    page = (
        client_for(world.paula_user)
        .get(f"/portal/questionnaire/{draft.pk}/step/where/")
        .content.decode()
    )

    assert (
        page.count('class="bm-region on" data-value="knee:left"') == 2
    )  # on the back and the front
    assert page.count('class="bm-region on"') == 4
    assert 'value="knee:right" data-label="Knee (right)" checked' in page


def test_saved_areas_are_ticked_and_painted_on_the_spreading_step(
    world: World, draft: IntakeForm
) -> None:
    IntakeForm.objects.filter(pk=draft.pk).update(
        answers={"radiation": {"areas": ["calf", "big_toe"], "side": "left"}}
    )

    page = (
        client_for(world.paula_user)
        .get(f"/portal/questionnaire/{draft.pk}/step/spreading/")
        .content.decode()
    )

    painted = set(re.findall(r'class="bm-region on" data-value="([a-z_]+)"', page))
    ticked = set(re.findall(r'name="areas" value="([a-z_]+)" data-label="[^"]*" checked', page))
    assert painted == ticked == {"calf", "big_toe"}
    assert page.count('type="checkbox" name="areas"') == len(RadiationArea)


@given(st.sets(st.sampled_from(sorted(value for value, _label in SITE_CHOICES))))
def test_exactly_the_checked_values_are_marked(checked: set[str]) -> None:
    name, groups = site_choices()
    boxes = choice_groups((name, groups), checked)
    shapes = "".join(figure_shapes(figure, checked) for figure in pain_figures())

    assert set(re.findall(r'value="([a-z_]+:[a-z]+)" data-label="[^"]*" checked', boxes)) == checked
    assert boxes.count('type="checkbox"') == len(SITE_CHOICES)
    assert set(re.findall(r'class="bm-region on" data-value="([^"]+)"', shapes)) == checked
    assert shapes.count("<path") == sum(len(f.shapes) + len(f.decoration) for f in pain_figures())


def test_labels_are_escaped_and_drawn_in_the_language_of_the_request() -> None:
    in_language = lazy(lambda: f'<b>&"{translation.get_language()}"', str)()
    figure = Figure(title="t", view_box="0 0 1 1", shapes=(Shape("a:b", "M0,0 Z", in_language),))
    groups = (ChoiceGroup(in_language, (Choice("a:b", in_language, in_language),)),)

    with translation.override("en"):
        english = figure_shapes(figure, {"a:b"}) + choice_groups(("x", groups), ())
    with translation.override("de"):
        german = figure_shapes(figure, ()) + choice_groups(("x", groups), {"a:b"})

    assert "<b>" not in english + german
    assert "&lt;b&gt;&amp;&quot;en&quot;" in english
    assert "&lt;b&gt;&amp;&quot;de&quot;" in german
    assert "bm-region on" in english
    assert "bm-region on" not in german
    assert " checked>" in german
    assert " checked>" not in english
