"""Chinese characters never show as empty boxes: the vendored font (a subset of Noto Sans CJK SC,
scripts/subset-hanzi-font) covers every character of the data files, the stylesheet falls back to it,
and a browser without a Chinese font of its own draws the characters with it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.contrib.staticfiles import finders
from playwright.sync_api import Page

from tests.e2e import chromium
from tests.e2e.chromium import shot

DATA = Path(__file__).resolve().parents[2] / "src" / "acuback" / "data"


def _cjk(text: str) -> set[str]:
    return {c for c in text if "\u2e80" <= c <= "\u9fff" or "\uf900" <= c <= "\ufaff"}


def _static(path: str) -> Path:
    found = finders.find(path)
    assert isinstance(found, str), f"{path} is not among the static files"
    return Path(found)


def test_the_font_covers_every_character_of_the_data_files() -> None:
    used = set().union(*(_cjk(p.read_text(encoding="utf-8")) for p in DATA.rglob("*.yaml")))
    covered = _cjk(_static("acuback/fonts/acuback-hanzi.txt").read_text(encoding="utf-8"))

    assert len(used) > 300  # the atlas's names, simplified and traditional
    missing = "".join(sorted(used - covered))
    assert not missing, f"not in the vendored font: {missing} (run scripts/subset-hanzi-font)"


def test_the_font_is_a_woff2_file_with_its_licence() -> None:
    font = _static("acuback/fonts/acuback-hanzi.woff2").read_bytes()
    licence = _static("acuback/fonts/NOTO-CJK-LICENSE").read_text(encoding="utf-8")

    assert font[:4] == b"wOF2"
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence


def test_the_stylesheet_falls_back_to_it_for_chinese_characters_only() -> None:
    css = _static("acuback/css/app.css").read_text(encoding="utf-8")

    assert 'url("../fonts/acuback-hanzi.woff2") format("woff2")' in css
    assert "unicode-range: U+2E80-9FFF, U+F900-FAFF;" in css
    assert '"Acuback Hanzi", var(--pico-font-family-emoji)' in css


# --- in the browser (Debian's Chromium here has no Chinese font of its own) ----------------------

# The vendored font, and the device fonts its @font-face names as local() sources.
DRAWS_CHINESE = {
    "Acuback Hanzi",
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "PingFang SC",
    "Microsoft YaHei",
    "Hiragino Sans GB",
}

_triggers_restored_after_flush = chromium._triggers_restored_after_flush
transactional_db = chromium.transactional_db
browser = chromium.browser
desktop = chromium.desktop


@pytest.mark.e2e
def test_a_point_page_draws_its_characters_with_the_font(desktop: Page, live_server: Any) -> None:
    desktop.goto("/atlas/BL23/")
    loaded = desktop.evaluate(
        """async () => {
            const faces = await document.fonts.load("24px 'Acuback Hanzi'", "肾俞腎俞");
            return faces.map(face => face.status);
        }"""
    )
    shot(desktop, "atlas-point-hanzi", full_page=False)

    assert loaded == ["loaded"]
    assert desktop.evaluate("document.fonts.check(\"24px 'Acuback Hanzi'\", '肾俞')")
    # The fonts the browser really drew each name with (simplified, and traditional).
    cdp = desktop.context.new_cdp_session(desktop)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    for selector, text in (("h1 [lang=zh]", "肾俞"), ("dd[lang=zh-Hant]", "腎俞")):
        node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
        assert desktop.locator(selector).inner_text() == text
        fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
        # The vendored font here (Debian's Chromium has no Chinese font of its own); on a machine
        # with one, the @font-face's local() sources take it instead: either way not a Latin font.
        assert {f["familyName"] for f in fonts} <= DRAWS_CHINESE, (selector, fonts)
