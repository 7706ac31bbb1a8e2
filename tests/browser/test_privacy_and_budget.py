"""What a page asks for when it loads: nothing from another host, and little enough for a phone.

Every request on every page must go to the loopback server (no fonts, scripts, styles, images or
API calls from third parties). A chapter's first load, without the search index that the search
worker fetches in the background, stays within 400 KB, counted as uncompressed bodies: the budget
holds even where a server does not compress.
"""

from __future__ import annotations

import pytest
from pages import CHAPTERS, PAGES, page_id
from playwright.sync_api import Browser, Request
from siteserver import SiteServer

pytestmark = pytest.mark.browser

BUDGET = 400 * 1024
# Search: the worker script and the index it loads, fetched after the page is usable.
SEARCH = ("/search/search_index.json", "/assets/javascripts/workers/")


@pytest.mark.parametrize("path", PAGES, ids=page_id)
def test_a_page_asks_no_other_host_for_anything(browser: Browser, served: SiteServer, path: str) -> None:
    context = browser.new_context()
    # Workers' requests (the search index) reach the context, not the page.
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    try:
        page = context.new_page()
        page.goto(served.url + path, wait_until="networkidle")
        page.mouse.wheel(0, 20_000)  # anything loaded lazily further down the page
        page.wait_for_load_state("networkidle")
    finally:
        context.close()
    elsewhere = [url for url in requests if not (url.startswith(served.origin + "/") or url.startswith("data:"))]
    assert requests, "the page made no requests at all"
    assert not elsewhere, f"{path or '/'} fetched from other hosts:\n" + "\n".join(elsewhere)


def _load(browser: Browser, url: str) -> list[tuple[str, int, int]]:
    """(url, uncompressed body bytes, bytes on the wire) for each response on first load."""
    context = browser.new_context()
    finished: list[Request] = []
    context.on("requestfinished", lambda request: finished.append(request))
    try:
        page = context.new_page()
        page.goto(url, wait_until="networkidle")
        rows = []
        for request in finished:
            response = request.response()
            if response is None or request.url.startswith("data:"):
                continue
            body = len(response.body()) if response.status == 200 else 0
            rows.append((request.url, body, request.sizes()["responseBodySize"]))
        return rows
    finally:
        context.close()


@pytest.mark.parametrize("path", CHAPTERS, ids=page_id)
def test_a_chapter_loads_within_the_budget(browser: Browser, served: SiteServer, path: str) -> None:
    rows = [row for row in _load(browser, served.url + path) if not any(part in row[0] for part in SEARCH)]
    total = sum(body for _, body, _ in rows)
    wire = sum(sent for _, _, sent in rows)
    listing = "\n".join(f"  {body:>8} {sent:>8}  {url}" for url, body, sent in sorted(rows, key=lambda row: -row[1]))
    print(f"{path}: {total} bytes uncompressed, {wire} on the wire\n{listing}")
    assert total <= BUDGET, f"{path} loads {total} bytes (budget {BUDGET}):\n{listing}"


def test_images_are_svg_or_small(served: SiteServer) -> None:
    from conftest import ROOT

    images = [
        p
        for p in (ROOT / "docs").rglob("*")
        if p.suffix.lower() in {".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".svg"}
    ]
    assert images, "no images found under docs/"
    for image in images:
        if image.suffix.lower() != ".svg":
            assert image.stat().st_size <= 100 * 1024, f"{image.name}: compress it or use SVG"
