"""Choosing views: the fewest that show every point, preferring views that chart the region well."""

from __future__ import annotations

import pytest

from acuback.charts import ChartError, choose_views, plan_chart

from .helpers import atlas, require


@pytest.mark.parametrize(
    ("codes", "expected"),
    [
        ("BL23 BL25 GV4 EX-B2 BL52 BL40", ("back",)),
        ("BL23 BL25 BL40 GV4 EX-B2 BL52 GB30 BL60", ("back", "foot_lateral")),
        ("BL23 BL25 GB25 GB30", ("back", "side")),
        ("GB20 GB21 BL10 BL11 BL13 SI11 GV14 EX-B2 SI3", ("back", "hand_dorsal")),
        ("ST36 SP6 CV4 CV6", ("front",)),
        ("BL23 ST36", ("back", "front")),
        ("GB34 GB39 GB25 LR13", ("side",)),
        ("LI4", ("hand_dorsal",)),
        ("BL60", ("foot_lateral",)),
        ("SP6 SP9 SP10", ("front",)),
        ("PC6 HT7 LU9", ("hand_palmar",)),
        ("KI1", ("foot_sole",)),
        ("LR3 ST44", ("foot_dorsal",)),
        ("KI3 SP4", ("foot_medial",)),
        ("GV20 GB8 TE17", ("head_side",)),
        ("GV20", ("head_side",)),
        ("EX-HN3 ST2 LI20", ("head_front",)),
    ],
)
def test_the_fewest_sensible_views_are_chosen(codes, expected):
    assert choose_views(atlas(), require(codes)) == expected


def test_each_point_of_a_two_view_chart_is_drawn_where_it_is_charted_best():
    plans, missing = plan_chart(atlas(), require("BL23 BL40 GB25"))
    drawn = {plan.view.id: [p.code for p, _ in plan.points] for plan in plans}
    assert drawn == {"back": ["BL23", "BL40"], "side": ["GB25"]}
    assert missing == []


def test_asked_for_views_show_every_point_they_can():
    plans, missing = plan_chart(atlas(), require("BL23 ST36 BL60"), ["back", "side"])
    drawn = {plan.view.id: [p.code for p, _ in plan.points] for plan in plans}
    assert drawn == {"back": ["BL23", "BL60"], "side": ["BL60"]}
    assert [p.code for p in missing] == ["ST36"]


def test_an_unknown_view_is_refused_with_the_list_of_views():
    with pytest.raises(ChartError, match=r"^Unknown view 'top'; the views are back, front, side"):
        plan_chart(atlas(), require("BL23"), ["top"])


def test_charting_no_points_is_refused():
    with pytest.raises(ChartError, match="at least one point"):
        plan_chart(atlas(), [], None)


def test_what_a_view_shows_is_remembered_per_loaded_view_not_per_name():
    """``shown`` remembers its answers; a view loaded apart (other outlines) gets its own answer."""
    from acuback.charts.selection import shown
    from acuback.charts.views import load_views

    back = load_views()["back"]
    (bl23,) = require("BL23")
    first = shown(atlas(), bl23, back)
    assert first
    assert shown(atlas(), bl23, back) is first
    # The same view id with a figure shrunk to nothing: the point falls outside it.
    empty = back.model_copy(update={"outlines": ()})
    empty.__dict__.pop("polygons", None)
    assert shown(atlas(), bl23, empty) == ()
    assert shown(atlas(), bl23, back) == first
