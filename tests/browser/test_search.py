"""Search in a real browser with no network: a glossary term finds the glossary."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
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
        # The list is redrawn as each letter arrives: wait for the expected result itself, and
        # read the whole list in one step if it never comes (counting, then reading each link,
        # raced a redraw).
        found = page.locator(f'.md-search-result__link[href*="{expected}"]').first
        try:
            found.wait_for(timeout=30_000)
        except PlaywrightTimeoutError:
            hrefs = page.eval_on_selector_all(".md-search-result__link", "links => links.map(a => a.href)")
            pytest.fail(f"searching '{term}' did not list {expected}; it listed {hrefs}")
    finally:
        context.close()
