"""The real guide, built strictly once: every page rendered, citations numbered, the
References page and the evidence ledger complete, nothing left half-rendered."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from conftest import ROOT, Build, Parsed
from evidence.site_config import nav_files, read_mkdocs_yml


def page(site: Build, uri: str) -> Parsed:
    path = site.site / uri / "index.html" if uri else site.site / "index.html"
    return Parsed(path.read_text(encoding="utf-8"))


def nav_pages() -> list[str]:
    return [md for _, md in nav_files(read_mkdocs_yml(ROOT / "mkdocs.yml").get("nav"))]


def uri_of(md: str) -> str:
    return "" if md == "index.md" else md.removesuffix(".md")


def chapters() -> list[str]:
    return [md for md in nav_pages() if md not in ("index.md", "references.md", "claims.md")]


def test_build_log_has_no_warning_or_error(site: Build) -> None:
    bad = [line for line in site.log.splitlines() if line.startswith(("WARNING", "ERROR"))]
    assert not bad, "\n".join(bad)


def test_every_nav_page_is_rendered_with_title_and_notice(site: Build) -> None:
    for md in nav_pages():
        parsed = page(site, uri_of(md))
        assert parsed.title.strip(), md
        assert "guide-notice" in parsed.classes, f"{md} has no not-medical-advice notice"
        assert "Not medical advice." in parsed.all_text, md


def test_search_index_and_404_are_written(site: Build) -> None:
    index = site.site / "search" / "search_index.json"
    assert index.is_file() and '"docs"' in index.read_text(encoding="utf-8")
    assert (site.site / "404.html").is_file()


def test_no_page_contains_citation_syntax(site: Build) -> None:
    for html in site.site.rglob("*.html"):
        text = Parsed(html.read_text(encoding="utf-8")).all_text
        leftover = re.findall(r"\[@[^\]]*\]|\[\^[^\]\s]+\]|\{\.nocase\}", text)
        assert not leftover, f"{html.relative_to(site.site)}: {leftover}"


def test_citations_are_numbered_footnotes_with_references(site: Build) -> None:
    cited_pages = 0
    for md in chapters():
        parsed = page(site, uri_of(md))
        if not parsed.footnote_refs:
            continue
        cited_pages += 1
        for href in parsed.footnote_refs:
            assert href.startswith("#fn:") and href[1:] in parsed.ids, f"{md}: dangling {href}"
        assert "references" in parsed.ids, f"{md} has citations but no References heading"
    assert cited_pages, "no chapter renders a citation"


def test_references_page_lists_every_entry_with_anchor_label_and_backlinks(site: Build) -> None:
    from evidence.bibliography import EVIDENCE_TYPES, load_bibliography

    bibliography = load_bibliography(ROOT / "references.bib")
    parsed = page(site, "references")
    text = parsed.all_text
    for key, reference in bibliography.references.items():
        assert f"ref-{key}" in parsed.ids, f"no anchor for {key}"
        assert EVIDENCE_TYPES[reference.evidence] in text
    backlinks = [href for href in parsed.links if "#fnref:" in href]
    assert len({href.split("#fnref:")[1] for href in backlinks}) == len(bibliography.references)
    # Alphabetical by first author.
    order = [i for i in parsed.ids if i.startswith("ref-")]
    assert order  # ids are a set; the order check reads the HTML instead
    html = (site.site / "references" / "index.html").read_text(encoding="utf-8")
    positions = [
        html.index(f'id="ref-{r.key}"') for r in sorted(bibliography.references.values(), key=lambda r: r.sort_key)
    ]
    assert positions == sorted(positions)


def test_doi_and_pubmed_links_render(site: Build) -> None:
    links = page(site, "references").links
    assert any(link.startswith("https://doi.org/10.") for link in links)
    assert any(link.startswith("https://pubmed.ncbi.nlm.nih.gov/") for link in links)


def test_ledger_lists_every_claim(site: Build) -> None:
    from evidence.analysis import analyze, load_bibliography_file, read_tree

    sources, blocked = read_tree(ROOT / "docs", ROOT)
    assert not blocked
    report = analyze(sources, load_bibliography_file(ROOT / "references.bib", ROOT))
    html = (site.site / "claims" / "index.html").read_text(encoding="utf-8")
    rows = html.count("<tr><td>")
    assert rows == report.counts()["claims"]
    assert f"<strong>{report.counts()['claims']}</strong>" in html


def test_glossary_terms_show_their_definition_on_chapter_pages(site: Build) -> None:
    from evidence.glossary import glossary_terms

    terms = {
        t.term.lower(): t.definition
        for t in glossary_terms((ROOT / "docs" / "glossary.md").read_text(encoding="utf-8"))
    }
    html = (site.site / "treatment" / "index.html").read_text(encoding="utf-8")

    class Abbrs(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.found: list[tuple[str, str]] = []
            self._title: str | None = None

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag == "abbr":
                self._title = dict(attrs).get("title") or ""

        def handle_data(self, data: str) -> None:
            if self._title is not None:
                self.found.append((data, self._title))
                self._title = None

    parser = Abbrs()
    parser.feed(html)
    assert parser.found, "no glossary term is marked on the treatment page"
    for text, title in parser.found:
        assert terms.get(text.lower()) == title or terms.get(text.lower().rstrip("s")) == title, text


def test_search_index_has_chapter_text_without_citation_numbers(site: Build) -> None:
    import json

    docs = json.loads((site.site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    chapter_text = " ".join(d["text"] for d in docs if d["location"].startswith("treatment/"))
    # treatment.md: "Surgery is a last resort for runner's knee [@gaitonde2019patellofemoral]."
    assert "Surgery is a last resort for runner's knee." in chapter_text
    assert "<sup" not in chapter_text and "footnote" not in chapter_text
    assert "\ue043" not in chapter_text  # no reference token escaped into the index
    assert not re.search(r"\w \.", chapter_text), "a space is left where a citation stood"


def test_a_chapter_with_its_own_footnote_and_a_footnote_shown_in_code(project, tmp_path) -> None:
    """Such a page keeps Python-Markdown's footnotes for everything; code shows what is written."""
    from conftest import mkdocs_build

    chapter = project / "docs" / "treatment.md"
    chapter.write_text(
        chapter.read_text(encoding="utf-8")
        + "\nMost runners recover with exercise therapy [@willy2019patellofemoral].[^aside]\n\n"
        + "[^aside]: This guide's editors wrote this note to show an aside.\n\n"
        + "```markdown\nA footnote is written [^like-this] and a citation [@like-this].\n```\n",
        encoding="utf-8",
    )
    build = mkdocs_build(project, tmp_path / "site")
    assert build.ok, build.log
    parsed = Parsed((tmp_path / "site" / "treatment" / "index.html").read_text(encoding="utf-8"))
    assert "fn:aside" in parsed.ids and "fn:willy2019patellofemoral" in parsed.ids
    assert all(href.startswith("#fn:") and href[1:] in parsed.ids for href in parsed.footnote_refs)
    html = (tmp_path / "site" / "treatment" / "index.html").read_text(encoding="utf-8")
    assert "[^like-this]" in html and "[@like-this]" in html  # in the code block, as written


def test_footnote_syntax_in_a_code_block_stays_text(project, tmp_path) -> None:
    from conftest import mkdocs_build

    chapter = project / "docs" / "treatment.md"
    chapter.write_text(
        chapter.read_text(encoding="utf-8")
        + "\n```text\nCited as [@willy2019patellofemoral], rendered as [^willy2019patellofemoral].\n```\n",
        encoding="utf-8",
    )
    build = mkdocs_build(project, tmp_path / "site")
    assert build.ok, build.log
    html = (tmp_path / "site" / "treatment" / "index.html").read_text(encoding="utf-8")
    assert "[@willy2019patellofemoral]" in html and "[^willy2019patellofemoral]" in html
    parsed = Parsed(html)
    assert all(href.startswith("#fn:") and href[1:] in parsed.ids for href in parsed.footnote_refs)
