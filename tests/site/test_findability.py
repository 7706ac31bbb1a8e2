"""Findability in the built HTML, read with a real parser: descriptions, canonical URLs, Open
Graph tags, the sitemap, robots.txt, the language, image text alternatives and the 404 page."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, Build

SITE_URL = "https://runners-knee-guide.github.io/runners-knee-guide/"
CHAPTERS = ["anatomy", "runners-knee", "treatment", "prevention", "research"]


class Head(HTMLParser):
    """The parts of a page that search engines and link previews read."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.lang: str | None = None
        self.meta: dict[str, str] = {}
        self.canonical: str | None = None
        self.images: list[dict[str, str | None]] = []
        self.links: list[tuple[str, str]] = []
        self.h1: list[str] = []
        self._link: str | None = None
        self._h1 = False
        self._text: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        elif tag == "meta" and (a.get("name") or a.get("property")):
            self.meta[a.get("name") or a.get("property") or ""] = a.get("content") or ""
        elif tag == "link" and a.get("rel") == "canonical":
            self.canonical = a.get("href")
        elif tag == "img":
            self.images.append(a)
        elif tag == "a" and a.get("href"):
            self._link, self._text = a["href"], []
        elif tag == "h1":
            self._h1, self._text = True, []

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._link is not None:
            self.links.append((self._link, "".join(self._text).strip()))
            self._link = None
        elif tag == "h1" and self._h1:
            self.h1.append("".join(self._text).strip())
            self._h1 = False

    def handle_data(self, data: str) -> None:
        self._text.append(data)


def front_matter(md: Path) -> dict:
    text = md.read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---", 2)[1]) if text.startswith("---") else {}


def pages(site: Build) -> dict[str, Head]:
    """Built pages by URL path ("" for home), the search folder excluded."""
    found = {}
    for html in Path(site.site).rglob("index.html"):
        path = html.parent.relative_to(site.site).as_posix()
        if path != "search":
            found["" if path == "." else path + "/"] = Head(html.read_text(encoding="utf-8"))
    return found


def test_every_page_has_its_description_language_and_canonical_url(site: Build) -> None:
    built = pages(site)
    for md in (ROOT / "docs").glob("*.md"):
        path = "" if md.stem == "index" else f"{md.stem}/"
        head, meta = built[path], front_matter(md)
        assert meta.get("description"), f"{md.name}: add a description to the front matter"
        assert head.meta.get("description") == meta["description"].strip(), md.name
        assert head.canonical == SITE_URL + path, md.name
        assert head.lang == "en", md.name
    ledger = built["claims/"]
    assert len(ledger.meta.get("description", "")) > 40, "the evidence ledger needs a description"
    assert ledger.canonical == SITE_URL + "claims/"


def test_every_page_has_open_graph_tags(site: Build) -> None:
    for path, head in pages(site).items():
        assert head.meta.get("og:url") == SITE_URL + path, path
        assert head.meta.get("og:type") == ("website" if path == "" else "article"), path
        assert head.meta.get("og:title"), path
        assert head.meta.get("og:description") == head.meta.get("description"), path


def test_the_sitemap_lists_every_page(site: Build) -> None:
    tree = ET.parse(Path(site.site) / "sitemap.xml")
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    listed = {loc.text for loc in tree.getroot().findall("s:url/s:loc", ns)}
    assert listed == {SITE_URL + path for path in pages(site)}


def test_robots_txt_points_to_the_sitemap(site: Build) -> None:
    robots = (Path(site.site) / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert f"Sitemap: {SITE_URL}sitemap.xml" in robots
    assert "User-agent: *" in robots
    assert not any(line.strip() == "Disallow: /" for line in robots)


def test_every_image_has_a_text_alternative(site: Build) -> None:
    images = [(path, img) for path, head in pages(site).items() for img in head.images]
    assert images, "expected the knee drawing at least"
    for path, img in images:
        assert img.get("alt") is not None, f"{path}: <img src={img.get('src')}> has no alt"
        if "md-" not in (img.get("class") or ""):
            assert len(img.get("alt") or "") > 10, f"{path}: {img.get('src')} needs a real description"


@pytest.mark.parametrize("path", ["", *[c + "/" for c in CHAPTERS]])
def test_a_page_has_one_h1(site: Build, path: str) -> None:
    assert len(pages(site)[path].h1) == 1


def test_the_404_page_helps_the_reader_on(site: Build) -> None:
    head = Head((Path(site.site) / "404.html").read_text(encoding="utf-8"))
    assert head.lang == "en"
    assert head.h1 == ["Page not found"]
    article = dict(head.links)
    assert article.get("/runners-knee-guide/.") == "home page" or ("/runners-knee-guide/", "home page") in head.links
    for chapter in CHAPTERS:
        assert f"/runners-knee-guide/{chapter}/" in article, chapter
    text = (Path(site.site) / "404.html").read_text(encoding="utf-8")
    assert "search" in text.lower() and "<kbd>/</kbd>" in text
