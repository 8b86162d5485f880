"""The pages anyone may open: home, sign-in, the atlas."""

from __future__ import annotations

from django.test import Client


def test_home_says_what_acuback_is_and_is_not(db: None) -> None:
    response = Client().get("/")

    assert response.status_code == 200
    body = response.content.decode()
    assert "not a diagnosis" in body
    assert "<svg" in body
    assert "BL23" in body


def test_atlas_search_finds_toneless_pinyin(db: None) -> None:
    response = Client().get("/atlas/", {"q": "wei zhong"})

    assert response.status_code == 200
    assert 'href="/atlas/BL40/"' in response.content.decode()


def test_atlas_search_answers_htmx_with_the_results_fragment_only(db: None) -> None:
    response = Client().get("/atlas/", {"q": "BL23"}, headers={"HX-Request": "true"})

    body = response.content.decode()
    assert "<html" not in body
    assert 'href="/atlas/BL23/"' in body


def test_point_page_shows_location_cautions_and_chart(db: None) -> None:
    response = Client().get("/atlas/GB21/")

    body = response.content.decode()
    assert response.status_code == 200
    assert "Jiānjǐng" in body
    assert "Cautions" in body
    assert "<svg" in body


def test_point_page_accepts_any_spelling(db: None) -> None:
    assert Client().get("/atlas/ub40/").status_code == 200


def test_an_unknown_point_is_a_404_page(db: None) -> None:
    response = Client().get("/atlas/XX99/")

    assert response.status_code == 404
    assert "Not found" in response.content.decode()


def test_sign_in_with_a_wrong_password_says_so(db: None) -> None:
    response = Client().post("/accounts/login/", {"username": "nobody", "password": "x"})

    assert response.status_code == 200
    assert "correct username and password" in response.content.decode()
