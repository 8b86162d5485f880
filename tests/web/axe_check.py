"""axe-core (bundled with axe-playwright-python, nothing downloaded) run on a page in the browser."""

from __future__ import annotations

from collections.abc import Collection

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

AXE = Axe()


def violations(page: Page, impacts: Collection[str]) -> list[str]:
    """axe-core's violations of the given impacts on the page, one line per rule and element."""
    found = AXE.run(page).response["violations"]
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {', '.join(node['target'])}"
        for v in found
        if v["impact"] in impacts
        for node in v["nodes"]
    ]
