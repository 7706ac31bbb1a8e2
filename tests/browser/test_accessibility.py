"""Every page passes axe-core's WCAG 2.2 A and AA rules, in the light and the dark palette.

axe-core comes from npm (pinned in package-lock.json; `make test` runs `npm ci`) and is injected
into the real page in Debian's Chromium, after Material's JavaScript has run.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pages import MISSING, PAGES, page_id
from playwright.sync_api import Browser, Page
from siteserver import SiteServer

from conftest import ROOT, Build

pytestmark = pytest.mark.browser

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# Material follows the system preference (the first palette entry), so the browser's
# prefers-color-scheme picks the palette; the body says which one it applied.
SCHEMES = {"light": "default", "dark": "slate"}
PHONE = {"viewport": {"width": 412, "height": 823}, "is_mobile": True, "has_touch": True}


@pytest.fixture(scope="session")
def axe_source() -> Path:
    if not AXE.is_file():
        pytest.fail("axe-core is missing: run `npm ci` in the repository (make test does)")
    return AXE


def open_page(browser: Browser, url: str, **context: object) -> Iterator[Page]:
    # The site's Content-Security-Policy (rightly) refuses the inline script that injects axe-core;
    # the audit's context sets it aside. tests/browser/test_security.py checks the policy itself.
    ctx = browser.new_context(bypass_csp=True, **context)
    try:
        page = ctx.new_page()
        page.goto(url, wait_until="load")
        yield page
    finally:
        ctx.close()


def axe_violations(page: Page, axe: Path) -> list[dict]:
    page.add_script_tag(path=str(axe))
    return page.evaluate(
        """async (tags) => {
            const result = await axe.run(document, {runOnly: {type: "tag", values: tags}});
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                targets: v.nodes.map(n => n.target.join(" ")),
            }));
        }""",
        WCAG_TAGS,
    )


def report(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']} [{len(v['targets'])} element(s)]")
        lines.extend(f"    {target}" for target in v["targets"][:10])
        if len(v["targets"]) > 10:
            lines.append(f"    ... and {len(v['targets']) - 10} more")
        lines.append(f"    {v['helpUrl']}")
    return "\n".join(lines)


# The ledger's tables hold a row per claim of the guide (about 950), every row built alike: the
# light palette checks them all; the dark palette and the phone check the first 12 rows of each
# page's table (passages, suppressions and uncited claims among them), in half the time.
LEDGER, LEDGER_ROWS = "claims/", 12


def keep_first_ledger_rows(page: Page, path: str) -> None:
    if path == LEDGER:
        kept = page.evaluate(
            """(n) => { let kept = 0;
                for (const body of document.querySelectorAll("table.guide-ledger tbody")) {
                    [...body.rows].slice(n).forEach(r => r.remove()); kept += body.rows.length; }
                return kept; }""",
            LEDGER_ROWS,
        )
        assert kept > LEDGER_ROWS, "the ledger's tables were not found"


@pytest.mark.parametrize("scheme", list(SCHEMES))
@pytest.mark.parametrize("path", PAGES, ids=page_id)
def test_no_axe_violations(browser: Browser, served: SiteServer, axe_source: Path, path: str, scheme: str) -> None:
    for page in open_page(browser, served.url + path, color_scheme=scheme):
        applied = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
        assert applied == SCHEMES[scheme], f"asked for {scheme}, Material applied {applied!r}"
        if scheme == "dark":
            keep_first_ledger_rows(page, path)
        violations = axe_violations(page, axe_source)
        assert not violations, (
            f"{path or '/'} in the {scheme} palette breaks WCAG 2.2 A/AA rules:\n{report(violations)}"
        )


@pytest.mark.parametrize("path", PAGES, ids=page_id)
def test_no_axe_violations_on_a_phone(browser: Browser, served: SiteServer, axe_source: Path, path: str) -> None:
    for page in open_page(browser, served.url + path, **PHONE):
        keep_first_ledger_rows(page, path)
        violations = axe_violations(page, axe_source)
        assert not violations, f"{path or '/'} on a phone breaks WCAG rules:\n{report(violations)}"


def test_every_built_page_is_checked(site: Build) -> None:
    built = {
        ("" if p.parent == site.site else p.parent.relative_to(site.site).as_posix() + "/")
        for p in Path(site.site).rglob("index.html")
        if p.parent.name != "search"
    }
    assert built == set(PAGES) - {MISSING}, "update PAGES in tests/browser/conftest.py"
    assert (Path(site.site) / "404.html").is_file()


def test_the_404_page_is_served_and_styled(browser: Browser, served: SiteServer) -> None:
    ctx = browser.new_context()
    try:
        page = ctx.new_page()
        response = page.goto(served.url + MISSING)
        assert response is not None and response.status == 404
        assert page.get_by_role("heading", level=1).inner_text() == "Page not found"
        # Material's stylesheet loaded (the 404 page uses absolute asset paths).
        assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky"
        page.get_by_role("article").get_by_role("link", name="Treatment").click()
        page.wait_for_url("**/treatment/")
    finally:
        ctx.close()


@pytest.mark.parametrize("scheme", list(SCHEMES))
def test_the_skip_link_moves_focus_past_the_navigation(browser: Browser, served: SiteServer, scheme: str) -> None:
    for page in open_page(browser, served.url + "treatment/", color_scheme=scheme):
        page.keyboard.press("Tab")
        skip = page.locator("a.md-skip")
        assert page.evaluate("document.activeElement.classList.contains('md-skip')")
        assert skip.is_visible() and skip.inner_text().strip() == "Skip to content"
        box = skip.bounding_box()
        assert box and box["width"] > 0 and box["y"] >= 0, "the focused skip link is off screen"
        target = (skip.get_attribute("href") or "").split("#")[1]
        page.keyboard.press("Enter")
        page.wait_for_function(f"location.hash === '#{target}'")
        heading = page.locator(f'[id="{target}"]')
        assert heading.evaluate("el => el.tagName") == "H1"
        assert heading.is_visible()
        # The next Tab lands in the content, not back in the header.
        page.keyboard.press("Tab")
        assert page.evaluate("!!document.activeElement.closest('.md-content')"), page.evaluate(
            "document.activeElement.outerHTML.slice(0, 200)"
        )


def test_the_search_dialog_and_its_input_have_names(browser: Browser, served: SiteServer) -> None:
    for page in open_page(browser, served.url):
        page.keyboard.press("/")
        assert page.get_by_role("dialog", name="Search").count() == 1
        assert page.get_by_role("textbox", name="Search").is_visible()
