"""Print the built guide to PDF: one file per chapter and the whole guide (`make pdf`, issue 7).

A command-line script, NOT a MkDocs hook: it is deliberately not listed under `hooks:` in
mkdocs.yml, and `make build` never runs it. It reads a site that `mkdocs build` already wrote:

    python scripts/print_pdf.py [--site site] [--config mkdocs.yml] [--paper a4|letter]

It serves the site on 127.0.0.1 (a free port, for this run only), opens each chapter in headless
Chromium through Playwright (Debian's `chromium`, or $CHROMIUM), prints it with the site's print
stylesheet and collapsed blocks opened, and writes

- `site/pdf/<chapter>.pdf` for every page whose "PDF" link (overrides/main.html) points there:
  the nav pages with a `reviewed` date except the home page and the full reference list;
- `site/pdf/guide.pdf`: a title page, a table of contents with page numbers, then every chapter
  in nav order, laid out as ONE document so Chromium numbers its pages "Page N of M" throughout.

Every page carries the chapter (or guide) title at the top and "Page N of M" at the bottom; the
PDFs have the chapter title as their title and an outline (bookmarks) built from the headings.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import html
import http.server
import os
import shutil
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "hooks"))  # the guide's shared modules
from evidence.site_config import nav_files, read_mkdocs_yml

ROOT = Path(__file__).resolve().parent.parent
PAPER = {"a4": "A4", "letter": "Letter"}
# The same margins as print.css's @page rule: room for the header and footer lines.
MARGIN = {"top": "18mm", "bottom": "18mm", "left": "16mm", "right": "16mm"}
# Without these, Chromium keeps trying to reach Google's hosts on a closed network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
_LINE = "font-family: system-ui, sans-serif; font-size: 8pt; color: #444; width: 100%; margin: 0 16mm;"
HEADER = f'<div style="{_LINE} text-align: left;"><span class="title"></span></div>'
FOOTER = (
    f'<div style="{_LINE} text-align: right;">'
    'Page <span class="pageNumber"></span> of <span class="totalPages"></span></div>'
)


@dataclass(frozen=True)
class Chapter:
    title: str
    url: str  # the page's path in the site, e.g. "treatment/"
    pdf: str  # where its PDF goes, e.g. "pdf/treatment.pdf"

    @property
    def slug(self) -> str:
        return self.url.strip("/").replace("/", "-") or "home"


@dataclass
class Printed:
    path: Path
    pages: int
    seconds: float


@dataclass
class PrintReport:
    chapters: list[Printed] = field(default_factory=list)
    guide: Printed | None = None

    def lines(self) -> list[str]:
        out = [f"{p.path.name}: {p.pages} pages in {p.seconds:.1f} s" for p in self.chapters]
        if self.chapters:
            mean = sum(p.seconds for p in self.chapters) / len(self.chapters)
            out.append(f"{len(self.chapters)} chapters, {mean:.1f} s per chapter")
        if self.guide:
            out.append(f"{self.guide.path.name}: {self.guide.pages} pages in {self.guide.seconds:.1f} s")
        return out


# ---------------------------------------------------------------------------------------------
# Which pages are chapters


def page_url(md: str, directory_urls: bool = True) -> str:
    stem = md.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return f"{stem}/" if directory_urls else f"{stem}.html"


def html_file(site: Path, url: str) -> Path:
    return site / (url + "index.html" if url == "" or url.endswith("/") else url)


class _PdfLink(HTMLParser):
    """Finds the page's "PDF" link (class guide-pdf-link) and its <h1>."""

    def __init__(self) -> None:
        super().__init__()
        self.href: str | None = None
        self.h1: list[str] = []
        self._in_h1 = 0
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        classes = (attributes.get("class") or "").split()
        if tag == "a" and "guide-pdf-link" in classes and self.href is None:
            self.href = attributes.get("href")
        if tag == "h1" and not self.h1:
            self._in_h1 = 1
        elif self._in_h1 and tag == "a" and "headerlink" in classes:
            self._skip = 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "a":
            self._skip = 0
        if tag == "h1" and self._in_h1:
            self._in_h1 = 0
            self.h1.append("")

    def handle_data(self, data: str) -> None:
        if self._in_h1 and not self._skip:
            self.h1.append(data)


def chapters(site: Path, config: dict) -> list[Chapter]:
    """Nav pages that link to their own PDF, in nav order (the template decides which do)."""
    directory_urls = config.get("use_directory_urls", True)
    out = []
    for title, md in nav_files(config.get("nav") or []):
        url = page_url(md, directory_urls)
        path = html_file(site, url)
        if not path.is_file():
            continue
        parser = _PdfLink()
        parser.feed(path.read_text(encoding="utf-8"))
        if not parser.href:
            continue
        pdf = urlsplit(urljoin(f"http://site/{url}", parser.href)).path.lstrip("/")
        heading = " ".join("".join(parser.h1).split())
        out.append(Chapter(heading or title, url, pdf))
    return out


# ---------------------------------------------------------------------------------------------
# Serving and printing


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serve(site: Path) -> Iterator[str]:
    """The built site on loopback, on a free port, for as long as the block runs."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def find_chromium() -> str:
    path = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not path and Path("/usr/bin/chromium").exists():
        path = "/usr/bin/chromium"
    if not path:
        raise SystemExit(
            "make pdf needs Chromium: install Debian's package (sudo apt-get install chromium) "
            "or set CHROMIUM=/path/to/chromium"
        )
    return path


# Run in the printed page: what print.js does on "beforeprint" (open every <details>), plus what
# only a PDF needs: links to other pages of the site point at the published site, not at the
# temporary local server (and are marked so print.css does not print their address).
PREPARE_JS = """
([title, siteUrl]) => {
  document.querySelectorAll("details").forEach((d) => { d.open = true; });
  const local = location.origin + "/";
  document.querySelectorAll("a[href]").forEach((a) => {
    const raw = a.getAttribute("href");
    if (raw.startsWith("#")) return;
    const url = new URL(raw, location.href);
    if (url.href.startsWith(local)) {
      a.href = siteUrl + url.href.slice(local.length);
      a.setAttribute("data-guide-internal", "");
    }
  });
  if (window.guideMarkBareLinks) window.guideMarkBareLinks();
  document.title = title;
}
"""

# Run in the site's home page: replaces its article with the whole guide (title page, contents,
# every chapter's article). Ids are prefixed per chapter so footnotes and anchors stay unique,
# and links between chapters become links inside the document.
BOOK_JS = """
async ({chapters, siteUrl, frontHtml, style}) => {
  const local = location.origin + "/";
  const bySlug = new Map(chapters.map((c) => [local + c.url, c.slug]));
  const article = document.querySelector("article.md-content__inner");
  const sheet = document.createElement("style");
  sheet.textContent = style;
  document.head.append(sheet);
  article.innerHTML = frontHtml;
  for (const chapter of chapters) {
    const base = local + chapter.url;
    const text = await (await fetch(base)).text();
    const doc = new DOMParser().parseFromString(text, "text/html");
    const source = doc.querySelector("article.md-content__inner");
    const section = document.createElement("section");
    section.className = "guide-chapter";
    section.id = "chapter-" + chapter.slug;
    const prefix = chapter.slug + "--";
    source.querySelectorAll("[id]").forEach((el) => { el.id = prefix + el.id; });
    source.querySelectorAll("label[for]").forEach((el) => {
      el.htmlFor = prefix + el.htmlFor;
    });
    source.querySelectorAll("input[name]").forEach((el) => { el.name = prefix + el.name; });
    source.querySelectorAll("[src]").forEach((el) => {
      el.setAttribute("src", new URL(el.getAttribute("src"), base).href);
    });
    source.querySelectorAll("a[href]").forEach((a) => {
      const raw = a.getAttribute("href");
      if (raw.startsWith("#")) { a.setAttribute("href", "#" + prefix + raw.slice(1)); return; }
      const url = new URL(raw, base);
      if (!url.href.startsWith(local)) return;
      const page = url.href.split("#")[0];
      if (bySlug.has(page)) {
        const target = bySlug.get(page);
        a.setAttribute("href", url.hash ? "#" + target + "--" + url.hash.slice(1) : "#chapter-" + target);
      } else {
        a.href = siteUrl + url.href.slice(local.length);
        a.setAttribute("data-guide-internal", "");
      }
    });
    section.append(...source.childNodes);
    article.append(section);
  }
  document.querySelectorAll("details").forEach((d) => { d.open = true; });
  document.title = document.querySelector(".guide-title-page h1").textContent;
  // A lazy image far down the assembled book would load (and decode) only when scrolled to.
  for (const img of document.images) img.loading = "eager";
  await Promise.all([...document.images].map((img) => img.complete ? null : img.decode().catch(() => null)));
}
"""

BOOK_STYLE = """
.guide-title-page { break-after: page; padding-top: 30mm; }
.md-typeset .guide-title-page h1 { font-size: 2.6em; margin-bottom: 0.4em; }
.guide-title-page .guide-subtitle { font-size: 1.2em; margin-bottom: 3em; }
.guide-toc { break-after: page; }
.guide-toc ol { list-style: none; margin: 0 !important; padding: 0; }
.md-typeset .guide-toc li { display: flex; align-items: baseline; gap: 0.4em; margin: 0 0 0.7em !important; }
.guide-toc li a { flex: none; }
.guide-toc li .guide-toc__dots { flex: 1; border-bottom: 1px dotted #000; }
.guide-toc li .guide-toc__page { flex: none; min-width: 2em; text-align: right; }
.guide-chapter { break-before: page; }
"""


def front_matter_html(config: dict, notice: str, toc: list[tuple[Chapter, int]], today: dt.date) -> str:
    name = html.escape(config.get("site_name") or "The guide")
    url = html.escape(config.get("site_url") or "")
    description = html.escape(" ".join(str(config.get("site_description") or "").split()))
    rights = html.escape(config.get("copyright") or "")
    items = "\n".join(
        f'<li><a href="#chapter-{c.slug}">{html.escape(c.title)}</a>'
        f'<span class="guide-toc__dots"></span><span class="guide-toc__page">{page}</span></li>'
        for c, page in toc
    )
    return f"""
<section class="guide-title-page">
  <h1>{name}</h1>
  <p class="guide-subtitle">{description}</p>
  <p>Printed on <time datetime="{today.isoformat()}">{today.isoformat()}</time>. Each chapter says when
  it was last reviewed.<br>Web version: <a href="{url}">{url}</a></p>
  {notice}
  <p>{rights}</p>
</section>
<nav class="guide-toc" aria-label="Contents">
  <h2 id="contents">Contents</h2>
  <ol>
{items}
  </ol>
</nav>
"""


def chapter_starts(pdf: Path, chapters: list[Chapter]) -> list[int | None]:
    """The 1-based page where each chapter begins, from the PDF's named destinations: Chromium
    writes one for every element that a link inside the document points to, such as the
    contents' links to #chapter-<slug>."""
    from pypdf import PdfReader

    reader = PdfReader(pdf)
    pages = {
        str(name).lstrip("/"): (reader.get_destination_page_number(dest) or 0) + 1
        for name, dest in reader.named_destinations.items()
    }
    return [pages.get(f"chapter-{chapter.slug}") for chapter in chapters]


def page_count(pdf: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(pdf).pages)


def make_pdfs(
    site: Path,
    *,
    config_file: Path = ROOT / "mkdocs.yml",
    paper: str = "a4",
    chromium: str | None = None,
    guide: bool = True,
    log=print,
) -> PrintReport:
    """Write site/pdf/<chapter>.pdf for every chapter and site/pdf/guide.pdf; return what was made."""
    from playwright.sync_api import sync_playwright

    config = read_mkdocs_yml(config_file)
    site_url = (config.get("site_url") or "").rstrip("/") + "/"
    found = chapters(site, config)
    if not found:
        raise SystemExit(f"no chapter in {site} links to a PDF: build the site first (make build)")
    options: dict[str, Any] = dict(
        format=PAPER[paper],
        display_header_footer=True,
        header_template=HEADER,
        footer_template=FOOTER,
        margin=MARGIN,
        print_background=True,
        outline=True,
        tagged=True,
    )
    report = PrintReport()
    with serve(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium or find_chromium(), args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(color_scheme="light")
            page = context.new_page()
            page.emulate_media(media="print")
            for chapter in found:
                start = time.perf_counter()
                target = site / chapter.pdf
                target.parent.mkdir(parents=True, exist_ok=True)
                page.goto(base + chapter.url, wait_until="load")
                page.evaluate(PREPARE_JS, [chapter.title, site_url])
                page.pdf(path=target, **options)
                printed = Printed(target, page_count(target), time.perf_counter() - start)
                report.chapters.append(printed)
                log(f"{chapter.pdf}: {printed.pages} pages in {printed.seconds:.1f} s")
            if guide:
                report.guide = _print_guide(page, base, site, config, site_url, found, report, options)
                log(f"pdf/guide.pdf: {report.guide.pages} pages in {report.guide.seconds:.1f} s")
        finally:
            browser.close()
    return report


def _print_guide(
    page, base: str, site: Path, config: dict, site_url: str, found: list[Chapter], report: PrintReport, options: dict
) -> Printed:
    """The whole guide as one document, so page numbers run from the title page to the end."""
    start = time.perf_counter()
    target = site / "pdf" / "guide.pdf"
    page.goto(base, wait_until="load")
    notice = page.locator(".guide-notice").first.evaluate("el => el.outerHTML")
    # Title page and contents take a page each; every chapter starts on a new page and is laid
    # out exactly as in its own PDF, so its length is known. The result is checked below.
    first, guess = 3, []
    for printed, chapter in zip(report.chapters, found, strict=False):
        guess.append((chapter, first))
        first += printed.pages
    today = dt.date.today()
    for _attempt in range(3):
        page.goto(base, wait_until="load")
        front = front_matter_html(config, notice, guess, today)
        chapters_js = [{"url": c.url, "slug": c.slug} for c in found]
        page.evaluate(BOOK_JS, {"chapters": chapters_js, "siteUrl": site_url, "frontHtml": front, "style": BOOK_STYLE})
        page.evaluate(PREPARE_JS, [page.title(), site_url])
        page.pdf(path=target, **options)
        starts = chapter_starts(target, found)
        if all(s is not None for s in starts) and starts == [p for _, p in guess]:
            break
        guess = [(c, s if s is not None else p) for (c, p), s in zip(guess, starts, strict=False)]
    else:
        print("warning: the guide's table of contents may show wrong page numbers", file=sys.stderr)
    return Printed(target, page_count(target), time.perf_counter() - start)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python scripts/print_pdf.py",
        description="Print every chapter of a built guide, and the whole guide, to PDF in SITE/pdf/.",
    )
    parser.add_argument("--site", type=Path, default=ROOT / "site", help="the built site (default: site)")
    parser.add_argument("--config", type=Path, default=ROOT / "mkdocs.yml", help="mkdocs.yml (nav, site_url)")
    parser.add_argument("--paper", choices=sorted(PAPER), default="a4", help="paper size (default: a4)")
    parser.add_argument("--no-guide", action="store_true", help="only the chapters, not guide.pdf")
    args = parser.parse_args(argv)
    if not (args.site / "index.html").is_file():
        parser.error(f"{args.site} is not a built site: run make build (or mkdocs build) first")
    start = time.perf_counter()
    report = make_pdfs(args.site, config_file=args.config, paper=args.paper, guide=not args.no_guide)
    for line in report.lines()[len(report.chapters) :]:
        print(line)
    print(f"done in {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
