"""The site's own Content-Security-Policy in a real browser (issue #18): in force on every page
(no bypass), and nothing a reader uses needs more than it allows.

Each context gets two init scripts, which Chromium runs through the DevTools protocol (the page's
policy does not apply to them; test_init_scripts_run_and_the_policy_is_enforced checks both):
Playwright's waits are given as functions, "() => ...": a bare expression is polled through
eval, which the policy (rightly) refuses.
a listener that records every `securitypolicyviolation` event, and a stub of window.print.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from pages import CHAPTERS, PAGES, page_id
from playwright.sync_api import Browser, ConsoleMessage, Page
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from siteserver import SiteServer

pytestmark = pytest.mark.browser

WATCH = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__violations.push(`${e.effectiveDirective} blocked ${e.blockedURI || "inline"} at ${e.sourceFile}:${e.lineNumber}`);
}, true);
window.__printed = 0;
window.print = () => { window.__printed += 1; };
"""


@contextmanager
def policed(browser: Browser, **options: object) -> Iterator[tuple[Page, list[str]]]:
    """A tab with the site's policy in force, and the console's CSP complaints."""
    context = browser.new_context(**options)
    assert not options.get("bypass_csp")
    context.add_init_script(WATCH)
    console: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text or "Content-Security-Policy" in message.text:
            console.append(message.text)

    try:
        page = context.new_page()
        page.on("console", on_console)
        yield page, console
    finally:
        context.close()


def violations(page: Page, console: list[str]) -> list[str]:
    return page.evaluate("window.__violations") + console


def test_init_scripts_run_and_the_policy_is_enforced(browser: Browser, served: SiteServer) -> None:
    """The controls for the rest: the listener runs, and an inline script the theme did not write
    is refused and reported (so "no violation" below means the page asked for nothing refused)."""
    with policed(browser) as (page, _):
        page.goto(served.url + "treatment/")
        first = page.evaluate("document.head.firstElementChild.outerHTML")
        assert first.startswith('<meta http-equiv="Content-Security-Policy"'), first
        assert "'unsafe-inline'" not in first
        assert page.evaluate("typeof window.__violations") == "object"
        page.evaluate("""() => {
            const s = document.createElement("script");
            s.textContent = "window.PWN = 1";
            document.body.append(s);
            const img = document.createElement("img");
            img.setAttribute("src", "data:,");
            img.setAttribute("onerror", "window.PWN = 2");
            img.setAttribute("onload", "window.PWN = 2");
            document.body.append(img);
        }""")
        page.wait_for_function("() => window.__violations.length >= 2")
        assert page.evaluate("window.PWN") is None
        assert all("script-src" in v for v in page.evaluate("window.__violations"))


def test_search_finds_a_term_under_the_policy(browser: Browser, served: SiteServer) -> None:
    with policed(browser) as (page, console):
        page.goto(served.url)
        page.keyboard.press("/")
        page.wait_for_function(
            "() => !document.querySelector('.md-search-result__meta').textContent.includes('Initializing')",
            timeout=30_000,
        )
        page.get_by_role("textbox", name="Search").press_sequentially("patella", delay=20)
        try:
            page.locator('.md-search-result__link[href*="anatomy/"]').first.wait_for(timeout=30_000)
        except PlaywrightTimeoutError:
            pytest.fail(f"search found nothing for 'patella' under the policy; violations: {violations(page, console)}")
        assert not violations(page, console)


def test_the_palette_toggle_switches_the_scheme(browser: Browser, served: SiteServer) -> None:
    with policed(browser, color_scheme="light") as (page, console):
        page.goto(served.url + "anatomy/")
        before = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
        # The toggle cycles automatic -> light -> dark: at most three clicks reach the other scheme.
        schemes = []
        for _ in range(3):
            label = page.locator('[data-md-component="palette"] label:visible')
            assert label.count() == 1, "one palette toggle is shown at a time"
            title = label.get_attribute("title")
            label.click()
            page.wait_for_function(
                "(title) => [...document.querySelectorAll('[data-md-component=palette] label')]"
                ".some(l => !l.hidden && l.title !== title)",
                arg=title,
            )
            schemes.append(page.evaluate("document.body.getAttribute('data-md-color-scheme')"))
            if schemes[-1] != before:
                break
        after = schemes[-1]
        assert {before, after} == {"default", "slate"}, (before, after)
        # Material remembers the choice (its inline palette script reads it on the next page).
        page.goto(served.url + "treatment/")
        assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == after
        assert not violations(page, console)


def test_a_citation_tooltip_opens_under_the_policy(browser: Browser, served: SiteServer) -> None:
    with policed(browser) as (page, console):
        page.goto(served.url + "treatment/")
        citation = page.locator("article sup a.footnote-ref").first
        citation.hover()
        tooltip = page.locator(".md-tooltip2").filter(has_text="doi").first
        tooltip.wait_for(state="visible", timeout=10_000)
        assert "The source says:" in tooltip.inner_text()
        assert not violations(page, console)


@pytest.mark.parametrize("path", CHAPTERS, ids=page_id)
def test_print_calls_window_print_and_the_pdf_link_is_there(browser: Browser, served: SiteServer, path: str) -> None:
    with policed(browser) as (page, console):
        page.goto(served.url + path)
        actions = page.locator(".guide-print-actions")
        pdf = actions.get_by_role("link", name="PDF")
        assert pdf.count() == 1 and (pdf.get_attribute("href") or "").endswith(f"pdf/{path.strip('/')}.pdf")
        assert page.evaluate("window.__printed") == 0
        actions.get_by_role("button", name="Print").click()
        page.wait_for_function("() => window.__printed === 1")  # print.js ran under the policy and called print()
        assert not violations(page, console)


@pytest.mark.parametrize("path", PAGES, ids=page_id)
def test_no_page_violates_its_policy(browser: Browser, served: SiteServer, path: str) -> None:
    with policed(browser) as (page, console):
        page.goto(served.url + path, wait_until="networkidle")
        page.mouse.wheel(0, 20_000)  # what loads further down
        page.wait_for_load_state("networkidle")
        first = page.evaluate("document.head.firstElementChild.outerHTML")
        assert first.startswith('<meta http-equiv="Content-Security-Policy"'), f"{path}: {first[:120]}"
        # Material's own scripts ran (they build the header's search and the palette).
        page.wait_for_function("() => !!document.querySelector('.md-search__form') && typeof document$ === 'object'")
        found = violations(page, console)
        assert not found, f"{path or '/'}:\n" + "\n".join(found)
