"""Printed chapters (issue 7): print media in a real browser, and `make pdf` read back with pypdf."""

from __future__ import annotations

import concurrent.futures
import datetime as dt
import functools
import re
import shutil
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import Browser, Page, sync_playwright
from pypdf import PdfReader

import print_pdf
from conftest import ROOT, Build, Parsed, copy_project, mkdocs_build
from evidence.site_config import nav_files, read_mkdocs_yml

pytestmark = pytest.mark.browser

CONFIG = read_mkdocs_yml(ROOT / "mkdocs.yml")
SITE_URL = CONFIG["site_url"].rstrip("/") + "/"
# The same chapters as tests/site/test_site.py: every nav page but home, references and the ledger.
CHAPTERS = [
    (title, md) for title, md in nav_files(CONFIG["nav"]) if md not in ("index.md", "references.md", "claims.md")
]
HIDDEN_IN_PRINT = (
    ".md-header",
    ".md-tabs",
    ".md-sidebar--primary",
    ".md-sidebar--secondary",
    ".md-search",
    ".md-footer",
    ".md-top",
    ".md-content__button",
    ".guide-print-actions",
    ".md-skip",
)
# A page with what the real chapters do not have yet: a collapsed ??? block and tabs.
SAMPLE = """---
title: Print sample
description: A page that exercises printing of collapsed blocks and tabs.
reviewed: {today}
claims: exempt
claims_reason: "Test page for printing; makes no health claims."
---

# Print sample

??? note "Hidden until opened"

    Text inside a collapsed block that paper must still show.

=== "First tab"

    Words in the first tab.

=== "Second tab"

    Words in the second tab.

See the [licence](https://creativecommons.org/licenses/by/4.0/).
"""


def front_matter(md: str) -> dict:
    text = (ROOT / "docs" / md).read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---", 2)[1])


@pytest.fixture(scope="module")
def served(site: Build) -> Iterator[str]:
    with print_pdf.serve(site.site) as url:
        yield url


@pytest.fixture(scope="module")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A copy of the guide with one extra page holding a ??? block and tabs, built and served."""
    project = copy_project(tmp_path_factory.mktemp("print-sample"))
    (project / "docs" / "print-sample.md").write_text(SAMPLE.format(today=dt.date.today()), encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "  - About this guide: about.md\n", "  - About this guide: about.md\n  - Print sample: print-sample.md\n"
        ),
        encoding="utf-8",
    )
    build = mkdocs_build(project, project / "site")
    assert build.ok, build.log
    with print_pdf.serve(build.site) as url:
        yield url


@pytest.fixture(scope="module")
def browser(chromium_path: str) -> Iterator[Browser]:
    # Module scope: closed before the next module starts its own Playwright in this thread.
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=print_pdf.CHROMIUM_ARGS)
        yield browser
        browser.close()


def after_content(page: Page, selector: str) -> str:
    return page.locator(selector).first.evaluate("el => getComputedStyle(el, '::after').content")


# --- On screen --------------------------------------------------------------------------------


def test_chapter_has_a_print_button_and_a_pdf_link(page: Page, served: str) -> None:
    page.goto(f"{served}treatment/")
    button = page.get_by_role("button", name="Print")
    assert button.is_visible()
    assert button.evaluate("b => b.type") == "button" and button.get_attribute("onclick") is None
    page.evaluate("() => { window.print = () => { window.__printed = (window.__printed || 0) + 1; }; }")
    button.click()
    assert page.evaluate("window.__printed") == 1
    pdf = page.get_by_role("link", name="PDF", exact=True)
    assert pdf.is_visible() and pdf.evaluate("a => a.href") == f"{served}pdf/treatment.pdf"
    assert not page.locator(".guide-print-source").is_visible()


def test_home_and_reference_list_print_but_have_no_pdf(page: Page, served: str) -> None:
    for url in ("", "references/"):
        page.goto(served + url)
        assert page.get_by_role("button", name="Print").is_visible(), url
        assert page.locator(".guide-pdf-link").count() == 0, url


# --- Print media ------------------------------------------------------------------------------


def test_print_hides_navigation_and_keeps_notice_references_and_source(page: Page, served: str) -> None:
    page.goto(f"{served}treatment/")
    page.emulate_media(media="print")
    for selector in HIDDEN_IN_PRINT:
        shown = [el.is_visible() for el in page.locator(selector).all()]
        assert not any(shown), f"{selector} is printed"
    assert page.get_by_role("note", name="Medical disclaimer").is_visible()
    assert page.get_by_role("heading", name="References").is_visible()
    assert page.locator(".footnote li").first.is_visible()
    assert page.locator("sup .footnote-ref").first.is_visible()
    source = page.locator(".guide-print-source")
    reviewed = front_matter("treatment.md")["reviewed"].isoformat()
    assert source.is_visible()
    assert f"{SITE_URL}treatment/" in source.inner_text() and reviewed in source.inner_text()


def test_two_and_three_digit_reference_numbers_fit_on_paper(page: Page, served: str) -> None:
    """The list's numbers sit left of its items: on paper there must be room for "112." between
    the page's edge and the text, or the page margin cuts the first digit."""
    page.goto(f"{served}research/")
    page.emulate_media(media="print")
    room, needed = page.evaluate(
        """() => {
          const ol = document.querySelector(".footnote > ol");
          const item = ol.querySelector("li");
          const probe = document.createElement("span");
          probe.textContent = "112.\u00a0";
          probe.style.font = getComputedStyle(item).font;
          probe.style.position = "absolute";
          document.body.append(probe);
          const needed = probe.getBoundingClientRect().width;
          probe.remove();
          return [item.getBoundingClientRect().left - document.querySelector("article").getBoundingClientRect().left, needed];
        }"""
    )
    assert room >= needed, f"{room:.1f}px before the reference text, {needed:.1f}px needed for '112.'"


def test_print_is_black_on_white_in_dark_mode(page: Page, served: str) -> None:
    page.emulate_media(color_scheme="dark")
    page.goto(f"{served}treatment/")
    assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"
    page.emulate_media(media="print", color_scheme="dark")
    colours = page.evaluate(
        """() => [getComputedStyle(document.body).backgroundColor,
                  getComputedStyle(document.querySelector('article p')).color]"""
    )
    assert colours == ["rgb(255, 255, 255)", "rgb(0, 0, 0)"]


def test_external_links_print_their_address(page: Page, served: str) -> None:
    page.goto(f"{served}about/")
    page.emulate_media(media="print")
    licence = 'article a[href="https://creativecommons.org/licenses/by/4.0/"]'
    assert after_content(page, licence) == '" (https://creativecommons.org/licenses/by/4.0/)"'
    assert after_content(page, "article a.headerlink") == "none"

    page.goto(f"{served}treatment/")
    assert after_content(page, "article a.footnote-ref") == "none"
    assert after_content(page, 'article a[href^="https://doi.org/"]') == "none"  # shown as doi:10.x
    assert after_content(page, ".guide-print-source a") == "none"  # its text is the address
    bare = page.locator("article a.guide-link--bare")
    assert bare.count() > 1 and all(
        a.evaluate("a => getComputedStyle(a, '::after').content") == "none" for a in bare.all()
    )
    assert after_content(page, 'article a[href^="../"]') in ("none", "normal")


def test_collapsed_details_and_tabs_are_printed(page: Page, sample_site: str) -> None:
    page.goto(f"{sample_site}print-sample/")
    details = page.locator("article details")
    assert details.count() == 1 and not details.evaluate("d => d.open")
    page.emulate_media(media="print")
    # CSS alone shows it in Chromium (::details-content); print.js opens it for every browser.
    assert page.get_by_text("Text inside a collapsed block").is_visible()
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert details.evaluate("d => d.open")
    assert page.get_by_text("Text inside a collapsed block").is_visible()
    for words in ("First tab", "Second tab", "Words in the first tab.", "Words in the second tab."):
        assert page.get_by_text(words, exact=True).is_visible(), words
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    assert not details.evaluate("d => d.open")  # the reader's page is as it was


# --- make pdf ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def printed(site: Build, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the session's build for `make pdf` to write into (the build itself stays as
    mkdocs wrote it: tests/site compares it with a second build)."""
    copy = tmp_path_factory.mktemp("printed") / "site"
    shutil.copytree(site.site, copy)
    return copy


@pytest.fixture(scope="module")
def pdfs(printed: Path, chromium_path: str) -> print_pdf.PrintReport:
    """What `make pdf` writes. In its own thread: Playwright's sync API allows one instance per
    thread, and this module's browser may be running."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(print_pdf.make_pdfs, printed, chromium=chromium_path, log=lambda line: None).result()


def texts(path: Path) -> list[str]:
    """Each page's text, typographic ligatures (the "fl" of "inflammation") as plain letters."""
    return [unicodedata.normalize("NFKC", page.extract_text() or "") for page in PdfReader(path).pages]


def test_one_pdf_per_chapter_and_the_guide(printed: Path, pdfs: print_pdf.PrintReport) -> None:
    written = sorted(p.name for p in (printed / "pdf").glob("*.pdf"))
    expected = sorted([Path(md).stem + ".pdf" for _, md in CHAPTERS] + ["guide.pdf"])
    assert written == expected
    assert all(p.pages > 0 for p in pdfs.chapters) and pdfs.guide and pdfs.guide.pages > len(CHAPTERS)
    # Every PDF link on the site now leads to a file.
    for html in printed.rglob("*.html"):
        for href in re.findall(r'class="md-button guide-pdf-link" href="([^"]+)"', html.read_text(encoding="utf-8")):
            assert (html.parent / href).resolve().is_file(), f"{html}: {href}"


@pytest.mark.parametrize(("title", "md"), CHAPTERS, ids=[md for _, md in CHAPTERS])
def test_chapter_pdf_reads_like_the_chapter(printed: Path, pdfs: print_pdf.PrintReport, title: str, md: str) -> None:
    path = printed / "pdf" / f"{Path(md).stem}.pdf"
    reader = PdfReader(path)
    pages = texts(path)
    heading = print_pdf.chapters(printed, CONFIG)
    heading = next(c.title for c in heading if c.url == f"{Path(md).stem}/")
    assert reader.metadata.title == heading
    for number, text in enumerate(pages, 1):
        assert f"Page {number} of {len(pages)}" in text, f"{md} page {number}"
    first = " ".join(pages[0].split())
    assert f"Web version: {SITE_URL}{Path(md).stem}/" in first
    assert f"Last reviewed on {front_matter(md)['reviewed'].isoformat()}" in first
    assert "Not medical advice." in first and heading in first
    whole = "\n".join(pages)
    chapter_html = (printed / Path(md).stem / "index.html").read_text(encoding="utf-8")
    if "footnote-ref" in chapter_html:
        assert "References" in whole and re.search(r"10\.\d{4,9}/\S+", whole), md
        # Every entry prints, not only those a reader scrolled to (guide.css lays them out late).
        links = Parsed(chapter_html).links
        dois = [link.removeprefix("https://doi.org/") for link in links if link.startswith("https://doi.org/")]
        assert dois, md
        unbroken = "".join(whole.split())
        missing = [doi for doi in dois if doi not in unbroken]
        assert not missing, f"{md}: references missing from the PDF: {missing}"
    for label in ("Skip to content", "Back to top", "Edit this page", "Evidence ledger", "Type to start searching"):
        if label not in (ROOT / "docs" / md).read_text(encoding="utf-8"):
            assert label not in whole, f"{md}: navigation text '{label}' printed"
    assert reader.outline, f"{md} has no bookmarks"
    if md == "anatomy.md":  # its drawing is lazy-loaded on screen; it must print all the same
        assert "Quadriceps" in whole and "Femur" in whole, "the knee drawing is missing from the PDF"


def test_guide_pdf_has_title_page_contents_and_every_chapter(printed: Path, pdfs: print_pdf.PrintReport) -> None:
    reader = PdfReader(printed / "pdf" / "guide.pdf")
    total = len(reader.pages)

    @functools.cache
    def text(number: int) -> str:  # reading all 50 pages is slow: only the pages that matter
        return " ".join(unicodedata.normalize("NFKC", reader.pages[number - 1].extract_text() or "").split())

    assert reader.metadata.title == CONFIG["site_name"]
    title_page = text(1)
    assert CONFIG["site_name"] in title_page and f"Web version: {SITE_URL}" in title_page
    assert "Not medical advice." in title_page and f"Printed on {dt.date.today().isoformat()}" in title_page
    assert "Contents" in text(2)
    found = print_pdf.chapters(printed, CONFIG)
    assert len(found) == len(CHAPTERS)
    starts = []
    for chapter in found:
        match = re.search(re.escape(chapter.title) + r" (\d+)", text(2))
        assert match, f"{chapter.title} missing from the contents"
        starts.append(int(match.group(1)))
        assert f"Web version: {SITE_URL}{chapter.url}" in text(starts[-1]), f"{chapter.title}: wrong page"
    assert starts == sorted(starts) and starts[0] == 3
    # One numbering from the title page to the end, not one per chapter.
    for number in (1, 2, *starts, starts[-1] + 1, total):
        assert f"Page {number} of {total}" in text(number), f"guide page {number}"
        assert "Skip to content" not in text(number)
    outline = [item.title for item in reader.outline if not isinstance(item, list)]
    assert all(chapter.title in outline for chapter in found), outline
