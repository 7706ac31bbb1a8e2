"""Each chapter tells the reader when a person last checked it against the evidence, and offers
the "Edit this page" link through which a contributor proposes a change."""

from __future__ import annotations

import datetime as dt
from html.parser import HTMLParser

import pytest
from test_site import chapters, uri_of

from conftest import ROOT, Build
from evidence.frontmatter import parse_front_matter
from evidence.site_config import read_mkdocs_yml


class ReviewAndEdit(HTMLParser):
    """The "Last reviewed on" paragraph (its text and <time datetime>) and the edit links."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.reviewed_text = ""
        self.reviewed_datetime: str | None = None
        self.edit_links: list[dict[str, str | None]] = []
        self._in_reviewed = False
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "p" and "guide-reviewed" in (a.get("class") or "").split():
            self._in_reviewed = True
        if tag == "time" and self._in_reviewed:
            self.reviewed_datetime = a.get("datetime")
        if tag == "a" and a.get("rel") == "edit":
            self.edit_links.append(a)

    def handle_endtag(self, tag: str) -> None:
        if tag == "p":
            self._in_reviewed = False

    def handle_data(self, data: str) -> None:
        if self._in_reviewed:
            self.reviewed_text += data


def config() -> dict:
    return read_mkdocs_yml(ROOT / "mkdocs.yml")


@pytest.mark.parametrize("md", chapters())
def test_chapter_shows_its_review_date_and_edit_link(site: Build, md: str) -> None:
    reviewed = parse_front_matter((ROOT / "docs" / md).read_text(encoding="utf-8")).data["reviewed"]
    assert isinstance(reviewed, dt.date)
    uri = uri_of(md)
    parsed = ReviewAndEdit((site.site / uri / "index.html").read_text(encoding="utf-8"))

    assert " ".join(parsed.reviewed_text.split()) == f"Last reviewed on {reviewed.isoformat()}.", md
    assert parsed.reviewed_datetime == reviewed.isoformat(), md

    settings = config()
    expected = f"{settings['repo_url'].rstrip('/')}/{settings['edit_uri'].strip('/')}/{md}"
    assert [link.get("href") for link in parsed.edit_links] == [expected], md
    assert parsed.edit_links[0].get("title") == "Edit this page", md
