"""The practitioner's own combinations: listed, deleted one at a time, never another's."""

from __future__ import annotations

from acuback.web.charting.models import SavedCombination
from acuback.web.charting.services import save_combination
from tests.factories import make_user
from tests.web.conftest import World, client_for


def test_the_page_lists_only_the_practitioners_own_combinations(world: World) -> None:
    save_combination(world.alice, "Acute lumbar", [("BL23", "both"), ("GB30", "left")])
    olga = make_user(world.clinic_a, "practitioner", "olga")
    save_combination(olga, "Olga's neck", [("GB20", "both")])

    page = client_for(world.alice).get("/charting/combinations/").content.decode()

    assert "Acute lumbar" in page
    assert "GB30 (left)" in page
    assert "Olga" not in page


def test_deleting_removes_it_and_says_so(world: World) -> None:
    saved = save_combination(world.alice, "Acute lumbar", [("BL23", "both")])

    response = client_for(world.alice).post(
        f"/charting/combinations/{saved.pk}/delete/", follow=True
    )

    assert not SavedCombination.objects.filter(pk=saved.pk).exists()
    assert "Deleted “Acute lumbar”" in response.content.decode()
    assert "No saved combinations yet" in response.content.decode()


def test_another_practitioners_combination_is_not_found_and_stays(world: World) -> None:
    olga = make_user(world.clinic_a, "practitioner", "olga")
    theirs = save_combination(olga, "Olga's neck", [("GB20", "both")])
    other_clinic = save_combination(world.bruno, "Bruno's", [("BL40", "both")])

    for pk in (theirs.pk, other_clinic.pk, 999999):
        assert (
            client_for(world.alice).post(f"/charting/combinations/{pk}/delete/").status_code == 404
        )
    assert SavedCombination.objects.count() == 2


def test_other_roles_have_no_combinations_page(world: World) -> None:
    assert client_for(world.fiona).get("/charting/combinations/").status_code == 403
    assert client_for(world.adam).get("/charting/combinations/").status_code == 403
    assert client_for(world.paula_user).get("/charting/combinations/").status_code == 403
