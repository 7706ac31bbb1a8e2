"""What a reader sees, in a real browser: Debian's chromium driven by Playwright."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from conftest import Build

pytestmark = pytest.mark.browser


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def base_url(site: Build) -> Iterator[str]:
    """The built site served on loopback."""
    handler = functools.partial(_QuietHandler, directory=str(site.site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_a_chapter_shows_the_notice_and_numbered_citations(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/treatment/")
    notice = page.get_by_role("note", name="Medical disclaimer")
    assert notice.is_visible() and "Not medical advice" in notice.inner_text()
    first = page.locator("sup a.footnote-ref").first
    assert first.inner_text().strip() == "1"
    first.click()
    target = page.locator(f'[id="{(first.get_attribute("href") or "").lstrip("#")}"]')
    assert "doi" in target.inner_text().lower() or "pubmed" in target.inner_text().lower()
    assert page.get_by_role("heading", name="References").is_visible()


def test_following_a_citation_on_a_phone_shows_its_reference(page: Page, base_url: str) -> None:
    """The reference list is laid out only once it is needed (guide.css, content-visibility):
    following a citation from the top of a long chapter must still land on the entry, shown."""
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{base_url}/research/")
    last = page.locator("sup a.footnote-ref").last
    last.scroll_into_view_if_needed()
    last.click()
    target = page.locator(f'[id="{(last.get_attribute("href") or "").lstrip("#")}"]')
    expect(target).to_be_in_viewport()
    box = target.bounding_box()
    assert box is not None and box["height"] > 20, "the entry is laid out, not a placeholder"
    assert "doi" in target.inner_text().lower() or "pubmed" in target.inner_text().lower()
    page.go_back()
    page.goto(f"{base_url}/research/#{target.get_attribute('id')}")
    expect(target).to_be_in_viewport()


def test_hovering_a_citation_previews_its_reference(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/treatment/")
    first = page.locator("sup a.footnote-ref").first
    first.hover()
    tooltip = page.locator(".md-tooltip2--active, .md-tooltip2").filter(has_text="doi").first
    tooltip.wait_for(state="visible", timeout=5_000)
    assert "doi" in tooltip.inner_text().lower()


def test_pointing_at_a_glossary_term_shows_its_definition(page: Page, base_url: str) -> None:
    """The browser shows an abbreviation's title on hover (Material's own tooltips, the
    `content.tooltips` feature, cost the chapters 4 to 10 Lighthouse points on a phone)."""
    from conftest import ROOT
    from evidence.glossary import definitions, glossary_terms

    glossary = definitions(glossary_terms((ROOT / "docs" / "glossary.md").read_text(encoding="utf-8")))
    page.goto(f"{base_url}/treatment/")
    terms = page.locator("article abbr")
    assert terms.count() >= 3
    marked = [t.casefold().removesuffix("s") for t in terms.all_inner_texts()]
    assert len(marked) == len(set(marked)), f"a term is marked at its first use only: {marked}"
    term = terms.first
    assert term.get_attribute("title") == glossary[term.inner_text()], "a term carries its glossary definition"
    style = term.evaluate("e => { const s = getComputedStyle(e); return [s.cursor, s.borderBottomStyle]; }")
    assert style == ["help", "dotted"], "a term is marked so a reader knows to point at it"
