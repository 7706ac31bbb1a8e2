"""Search in a real browser with no network: a glossary term finds the glossary."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser

from siteserver import SiteServer

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("term", ["cytokine", "patella"])
def test_search_finds_a_term(browser: Browser, served: SiteServer, term: str) -> None:
    expected = {"cytokine": "glossary/", "patella": "anatomy/"}[term]
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(served.url)
        page.keyboard.press("/")  # Material's search shortcut
        # The index loads in a worker; a query typed while it says "Initializing search" is lost.
        page.wait_for_function(
            "() => !document.querySelector('.md-search-result__meta').textContent.includes('Initializing')",
            timeout=30_000,
        )
        page.get_by_role("textbox", name="Search").press_sequentially(term, delay=20)
        results = page.locator(".md-search-result__link")
        results.first.wait_for(timeout=30_000)
        hrefs = [results.nth(i).get_attribute("href") or "" for i in range(results.count())]
        assert any(expected in href for href in hrefs), hrefs
    finally:
        context.close()
