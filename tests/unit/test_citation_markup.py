"""Citations rendered by the Markdown extension (hooks/evidence/citation_markup.py): numbered in
the order a page first cites each source, sorted and joined, one number for a run of sentences
citing the same sources, never inside code or comments, and a reference list with a marker per
entry for the build to fill."""

from __future__ import annotations

import markdown

from evidence.citation_markup import CitationExtension, expand, listed_keys
from evidence.references import fill_markers, reference_parts

KNOWN = {"a", "b", "c"}
EXTENSIONS = [
    "abbr",
    "admonition",
    "attr_list",
    "def_list",
    "footnotes",
    "md_in_html",
    "tables",
    "toc",
    "pymdownx.superfences",
]


def rendered(text: str) -> str:
    """The page as Python-Markdown writes it: citations and the list as markers."""
    return markdown.markdown(text, extensions=[*EXTENSIONS, CitationExtension(KNOWN)])


def render(text: str) -> str:
    """The page as the reader gets it, markers written out (the entries' texts left as markers)."""
    return fill_markers(rendered(text), {}, expand)


def test_sources_are_numbered_in_the_order_first_cited_and_joined_sorted() -> None:
    html = render("One [@b]. Two [@c; @a; @b].")
    assert (
        'One<span class="citation"><sup id="fnref:b"><a class="footnote-ref" href="#fn:b">1</a></sup></span>.' in html
    )
    numbers = html.split("Two", 1)[1].split("</span>", 1)[0]
    assert [part.split(">")[-1] for part in numbers.split("</a>")[:-1]] == ["1", "2", "3"]
    assert numbers.count("<sup>,</sup>") == 2
    assert '<li id="fn:b">' in html and html.index('id="fn:b"') < html.index('id="fn:c"') < html.index('id="fn:a"')


def test_a_run_of_sentences_citing_the_same_source_shows_one_number_at_its_end() -> None:
    html = render("First [@a]. Second [@a]. Third [@a].\n\nNew paragraph [@a].")
    first_paragraph = html.split("</p>", 1)[0]
    assert first_paragraph.count("footnote-ref") == 1 and first_paragraph.index("Third") < first_paragraph.index(
        "footnote-ref"
    )
    assert html.count('class="footnote-ref"') == 2
    assert 'id="fnref:a"' in html and 'id="fnref2:a"' in html and 'href="#fnref2:a"' in html


def test_another_source_between_breaks_the_run() -> None:
    html = render("First [@a]. Second [@b]. Third [@a].")
    assert html.count('class="footnote-ref"') == 3


def test_citation_syntax_in_code_and_comments_stays_text() -> None:
    html = render("Shown as `[@a]` here. <!-- [@b] -->\n\n```\n[@c]\n```\n")
    assert "footnote-ref" not in html and "<code>[@a]</code>" in html and "<!-- [@b] -->" in html
    assert "[@c]" in html


def test_unknown_keys_and_malformed_citations_stay_text_for_the_checks_to_report() -> None:
    html = render("Unknown [@zzz]. Prefix [see @a]. Fine [@a].")
    assert "[@zzz]" in html and "[see @a]" in html and html.count('class="footnote-ref"') == 1


def test_search_reads_markers_only_and_each_entry_holds_a_marker_the_build_fills() -> None:
    markers = rendered("Knee [@a].")
    assert "footnote-ref" not in markers and "<!--evidence:cite:a.1.1-->" in markers
    assert '<h2 id="references">References' in markers and "<!--evidence:notes:a.1.1-->" in markers
    html = render("Knee [@a].")
    assert '<div class="footnote"><hr /><ol><li id="fn:a">' in html
    filled = fill_markers(rendered("Knee [@a]."), reference_parts({"a": "Smith A. <em>Knees</em>. 2020."}), expand)
    assert '<li id="fn:a"><p>Smith A. <em>Knees</em>. 2020.\u00a0<a class="footnote-backref" href="#fnref:a"' in filled


def test_own_footnotes_keep_working_beside_citations() -> None:
    html = render("A note[^1] and a source [@a].\n\n[^1]: The note.")
    assert 'href="#fn:1"' in html and 'href="#fn:a"' in html and "The note." in html


def test_a_page_without_citations_gets_no_reference_list() -> None:
    assert "References" not in render("No sources here.")


def test_a_marker_someone_typed_is_written_out_only_if_well_formed() -> None:
    assert expand("cite:a.1.1") is not None
    for name in ("cite:a", "cite:a.x.1", 'cite:a"onmouseover.1.1', "notes:", "ledger:3"):
        assert expand(name) is None, name


def test_the_sources_a_rendered_page_lists_are_read_back_in_its_order() -> None:
    """What the References page's "Cited in" is built from: each page's rendered list."""
    assert listed_keys(rendered("One [@b]. Two [@c; @a]. Three [@b].")) == ["b", "c", "a"]
    assert listed_keys(rendered("Unknown [@zzz] and `[@a]` in code.")) == []
    assert listed_keys("<!--evidence:notes:not a marker--> <!--evidence:cite:a.1.1-->") == []


def test_spaces_before_a_citation_go_with_it() -> None:
    html = render("Pain  [@a]. Tab\t[@b]. Start of a line:\n[@c] and after `code` [@a].")
    assert "Pain<span" in html and "Tab<span" in html and "<code>code</code><span" in html
