"""The sanitizer's allowlist (hooks/evidence/sanitize.py) and the Content-Security-Policy
(hooks/evidence/csp.py): issue #18.

The allowlist must keep everything the real guide publishes (every chapter rendered with
mkdocs.yml's extensions, and the HTML the hooks write: footnotes, reference entries, the
ledger) and nothing more; what it removes is reported, with the line it came from.
"""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path

import html5lib
import lxml.html
import pytest
from hostile import render

from evidence.csp import add_csp_meta, content_security_policy, script_hashes
from evidence.sanitize import Removal, locate, sanitize_html

ROOT = Path(__file__).resolve().parents[2]
CHAPTERS = sorted((ROOT / "docs").glob("*.md"))


def structure(html: str) -> tuple[list[tuple[str, list[tuple[str, str]]]], str]:
    """Tags and attributes of a fragment in order, and its text (comments aside), as comparable
    values (serialization aside)."""
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    elements = [
        (el.tag, sorted((k, "" if k in ("checked", "open") else v) for k, v in el.attrib.items()))
        for el in root.iter()
        if isinstance(el.tag, str)
    ]
    return elements, " ".join(root.text_content().split())


# What the hooks write after Python-Markdown, copied from a built page (treatment, references, claims).
FOOTNOTES = (
    '<p>Exercise helps<sup id="fnref:willy2019patellofemoral"><a class="footnote-ref" href="#fn:willy2019patellofemoral">1</a></sup>.</p>\n'
    '<div class="footnote" data-search-exclude="references">\n<hr />\n<ol>\n<li id="fn:willy2019patellofemoral">\n'
    "<p>Willy RW, Hoglund LT, Barton CJ, et al. Patellofemoral pain. <em>Journal of Orthopaedic &amp; Sports Physical Therapy</em>. "
    '2019;49(9):CPG1-CPG95. doi:<a href="https://doi.org/10.2519/jospt.2019.0302">10.2519/jospt.2019.0302</a> '
    '<span class="evidence-label" title="Kind of source">Clinical practice guideline</span> PubMed: '
    '<a href="https://pubmed.ncbi.nlm.nih.gov/31475628/">31475628</a>&#160;<a class="footnote-backref" '
    'href="#fnref:willy2019patellofemoral" title="Jump back to footnote 1 in the text">&#8617;</a></p>\n</li>\n</ol>\n</div>'
)
REFERENCE = (
    '<div class="guide-reference" id="ref-abulhasan2017anatomy"><p>Abulhasan JF, Grey MJ. Anatomy and physiology of knee stability. '
    '<em>Journal of Functional Morphology and Kinesiology</em>. 2017;2(4):34. doi:<a href="https://doi.org/10.3390/jfmk2040034">10.3390/jfmk2040034</a> '
    '<span class="evidence-label" title="Kind of source">Narrative review</span></p><p>Cited in: '
    '<a href="../anatomy/#fnref:abulhasan2017anatomy">Knee anatomy</a></p></div>'
)
LEDGER = (
    '<div class="guide-ledger-counts"><p>12 claims</p><!--guide-after-search:generated-0--></div>'
    '<table class="guide-ledger"><thead><tr><th scope="col">Claim</th><th scope="col">Source</th></tr></thead>'
    '<tbody><tr><td><a href="../treatment/#exercise">Exercise helps.</a></td><td><a href="../references/#ref-x">x</a></td></tr></tbody></table>'
)
TABS_AND_ICONS = (
    '<div class="tabbed-set tabbed-alternate" data-tabs="1:2"><input checked="checked" id="__tabbed_1_1" name="__tabbed_1" type="radio" />'
    '<input id="__tabbed_1_2" name="__tabbed_1" type="radio" /><div class="tabbed-labels"><label for="__tabbed_1_1">A</label>'
    '<label for="__tabbed_1_2">B</label></div><div class="tabbed-content"><div class="tabbed-block"><p>a</p></div>'
    '<div class="tabbed-block"><p>b</p></div></div></div>'
    '<p><span class="twemoji"><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M12 2 2 22h20z"/></svg></span></p>'
    '<details class="warning" open><summary>More</summary><p>x</p></details>'
    '<div class="highlight"><pre><span></span><code><span class="nb">print</span><span class="p">(</span><span class="mi">1</span><span class="p">)</span>\n</code></pre></div>'
    '<table><tbody><tr><th style="text-align: left;">a</th><td style="text-align: right;">b</td></tr></tbody></table>'
    '<p><img alt="Knee" height="310" loading="lazy" src="assets/images/knee-front.svg" width="300" /></p>'
    '<ol start="3"><li>three</li></ol><div class="grid cards"><ul><li><a href="treatment/">Treatment</a></li></ul></div>'
    '<p><abbr title="Patellofemoral pain">PFP</abbr> <kbd>Ctrl</kbd> <a href="mailto:editors@example.org">mail</a></p>'
)


@pytest.mark.parametrize("chapter", CHAPTERS, ids=[c.name for c in CHAPTERS])
def test_every_chapter_is_published_unchanged(chapter: Path) -> None:
    html = render(chapter.read_text(encoding="utf-8"))
    clean, removals = sanitize_html(html)
    assert removals == []
    assert structure(clean) == structure(html)


@pytest.mark.parametrize(
    "html", [FOOTNOTES, REFERENCE, LEDGER, TABS_AND_ICONS], ids=["footnotes", "reference", "ledger", "extensions"]
)
def test_what_the_hooks_and_extensions_write_is_kept(html: str) -> None:
    clean, removals = sanitize_html(html)
    assert removals == []
    assert structure(clean) == structure(html)


@pytest.mark.parametrize(
    "html", [FOOTNOTES, REFERENCE, LEDGER, TABS_AND_ICONS, *(render(c.read_text(encoding="utf-8")) for c in CHAPTERS)]
)
def test_nothing_removed_is_proved_by_the_fast_path(html: str) -> None:
    # The common case is decided in C (two lxml parses compared canonically), not by the
    # multisets built in Python; a page of the guide must take that path.
    from evidence.sanitize import KEPT_COMMENT, _cleaner, _unchanged

    guarded = KEPT_COMMENT.sub("", html)
    assert _unchanged(guarded, _cleaner().clean(guarded))


def test_any_difference_falls_back_to_the_full_comparison() -> None:
    from evidence.sanitize import _removals, _unchanged

    # Attribute order and comments are not differences; text is (and then the multisets decide).
    assert _unchanged('<p id="a" title="b">x<!-- c --></p>', '<p title="b" id="a">x</p>')
    assert not _unchanged("<p>a</p>", "<p>b</p>")
    assert _removals("<p>a</p>", "<p>b</p>") == []
    assert [(r.kind, r.attribute) for r in _removals('<p onclick="x">a</p>', "<p>a</p>")] == [("attribute", "onclick")]
    assert [(r.kind, r.tag) for r in _removals("<p>a<blink>b</blink></p>", "<p>ab</p>")] == [("element", "blink")]
    # Names that XML would not allow are still written, and still differ.
    assert not _unchanged('<p a"b="1">x</p>', "<p>x</p>")
    assert not _unchanged('<p ="1"="v">x</p>', '<p v="1">x</p>')
    assert [(r.kind, r.attribute) for r in _removals('<p a"b="1">x</p>', "<p>x</p>")] == [("attribute", 'a"b')]


def test_the_guides_own_comment_marks_survive_and_other_comments_go_unreported() -> None:
    clean, removals = sanitize_html('<p>a<!-- claims: ignore "tip" --></p><div><!--evidence:ref:smith2020--></div>')
    assert clean == "<p>a</p><div><!--evidence:ref:smith2020--></div>"
    assert removals == []


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("<script>alert(1)</script>", Removal("element", "script", reason="<script> runs code")),
        (
            '<p onclick="alert(1)">x</p>',
            Removal("attribute", "p", "onclick", "alert(1)", "event handler 'onclick' on <p> runs script"),
        ),
        ('<a href="javascript:alert(1)">x</a>', Removal("url", "a", "href", "javascript:alert(1)")),
        ('<a href="http://example.org">x</a>', Removal("url", "a", "href", "http://example.org")),
        ('<a href="//evil.example/">x</a>', Removal("url", "a", "href", "//evil.example/")),
        ('<img src="https://tracker.example/x.png">', Removal("url", "img", "src", "https://tracker.example/x.png")),
        ('<div class="md-dialog note">x</div>', Removal("class", "div", "class", "md-dialog")),
        ('<p style="display:none">x</p>', Removal("attribute", "p", "style", "display:none")),
        ('<td style="position:fixed">x</td>', None),  # a stray cell outside a table is dropped by the parser itself
        (
            '<table><tr><td style="position:fixed">x</td></tr></table>',
            Removal("style", "td", "style", "position:fixed"),
        ),
        (
            '<img src="a.png" loading="eager" width="2" srcset="https://x/a.png 2x">',
            Removal("attribute", "img", "srcset", "https://x/a.png 2x"),
        ),
        ('<input type="text">', Removal("attribute", "input", "type", "text")),
    ],
)
def test_what_is_removed_is_reported(html: str, expected: Removal | None) -> None:
    _, removals = sanitize_html(html)
    if expected is None:
        return
    assert [(r.kind, r.tag, r.attribute, r.value) for r in removals] == [
        (expected.kind, expected.tag, expected.attribute, expected.value)
    ]
    assert removals[0].reason


def test_parser_differentials_are_read_as_a_browser_reads_them() -> None:
    # lxml reads <!--> as the start of a comment; HTML5 (a browser, nh3, html5lib) as a whole one.
    clean, removals = sanitize_html("<p>Text <!--><img src=x onerror=alert(1)>--> end.</p>")
    assert "onerror" not in clean
    assert [(r.kind, r.attribute) for r in removals] == [("attribute", "onerror")]


def test_locate_finds_the_source_line() -> None:
    source = "---\ntitle: T\n---\n\nFirst.\n\nSee [x](javascript:alert(1)).\n"
    _, removals = sanitize_html(render(source))
    assert [locate(r, source) for r in removals] == [(7, 9)]
    assert locate(Removal("element", "script"), "no such thing") == (1, 1)
    assert locate(Removal("attribute", "input", "autofocus", ""), "a\n<input autofocus>\n") == (2, 7)


# ---------------------------------------------------------------------------------------------
# Content-Security-Policy

PAGE = """<!doctype html>
<html lang="en" class="no-js">
  <head>
    <meta charset="utf-8">
    <script>__md_scope=new URL("..",location)</script>
    <script>var palette=__md_get("__palette");if(a&&b<c){}</script>
  </head>
  <body>
    <script id="__config" type="application/json">{"base": ".."}</script>
    <script src="../assets/javascripts/bundle.min.js"></script>
    <script>var target=document.getElementById(location.hash.slice(1))</script>
    <script>__md_scope=new URL("..",location)</script>
  </body>
</html>
"""


def sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def test_the_policy_hashes_each_inline_script_once_and_skips_data_blocks_and_files() -> None:
    assert script_hashes(PAGE) == [
        sha256('__md_scope=new URL("..",location)'),
        sha256('var palette=__md_get("__palette");if(a&&b<c){}'),
        sha256("var target=document.getElementById(location.hash.slice(1))"),
    ]
    policy = content_security_policy(PAGE)
    assert policy.startswith("script-src 'self' 'sha256-")
    assert policy.endswith("; object-src 'none'; base-uri 'self'; form-action 'none'")
    assert "unsafe-inline" not in policy and "style-src" not in policy


def test_the_hashes_match_an_html5_parser() -> None:
    document = html5lib.parse(PAGE, treebuilder="etree", namespaceHTMLElements=False)
    texts = [s.text or "" for s in document.iter("script") if s.get("src") is None and not s.get("type")]
    assert script_hashes(PAGE) == list(dict.fromkeys(sha256(t) for t in texts))


def test_the_hashes_do_not_depend_on_line_endings_or_non_ascii_text() -> None:
    page = PAGE.replace("<head>", '<head>\n    <script>var t="Genou – rotule ✓"</script>', 1)
    document = html5lib.parse(page, treebuilder="etree", namespaceHTMLElements=False)
    texts = [s.text or "" for s in document.iter("script") if s.get("src") is None and not s.get("type")]
    assert script_hashes(page) == list(dict.fromkeys(sha256(t) for t in texts))
    assert script_hashes(page.replace("\n", "\r\n")) == script_hashes(page)


def test_the_head_is_found_as_a_parser_finds_it() -> None:
    # A commented-out <head>, an upper-case tag with attributes, far from the first piece read.
    page = PAGE.replace("<head>", "<!-- <head> -->" + " " * 700 + '<HEAD data-x="<head>">', 1)
    out = add_csp_meta(page)
    assert out.index("<meta http-equiv") == page.index('<HEAD data-x="<head>">') + len('<HEAD data-x="<head>">')


def test_the_meta_is_the_first_element_of_head() -> None:
    out = add_csp_meta(PAGE)
    head = lxml.html.document_fromstring(out).find("head")
    first = head[0]
    assert first.tag == "meta" and first.get("http-equiv") == "Content-Security-Policy"
    assert first.get("content") == content_security_policy(PAGE)
    assert out.count("Content-Security-Policy") == 1
    assert out.index("Content-Security-Policy") < out.index("<script")
    assert (
        out.replace(out[out.index("<meta http-equiv") : out.index(">", out.index("<meta http-equiv")) + 1], "", 1)
        == PAGE
    )


def test_a_page_without_head_is_refused() -> None:
    with pytest.raises(ValueError):
        add_csp_meta("<p>no head</p>")


def test_the_built_site_gets_a_policy_per_page_when_it_exists() -> None:
    site = Path("/tmp/site-security")
    page = site / "treatment" / "index.html"
    if not page.exists():
        pytest.skip("no built site in /tmp/site-security")
    html = page.read_text(encoding="utf-8")
    assert len(script_hashes(html)) == 3  # Material's scope, palette and tabbed-anchor scripts
    assert add_csp_meta(html).count('<meta http-equiv="Content-Security-Policy"') == 1


# ---------------------------------------------------------------------------------------------
# Formatted references: links only to the record (DOI, PubMed, PMC) or the entry's own url


def test_every_reference_of_the_built_guide_keeps_its_links() -> None:
    from evidence.bibliography import load_bibliography
    from evidence.sanitize import sanitize_reference_html

    page = Path("/tmp/site-security/references/index.html")
    if not page.exists():
        pytest.skip("no built site in /tmp/site-security")
    references = load_bibliography(ROOT / "references.bib").references
    root = lxml.html.parse(str(page)).getroot()
    entries = root.find_class("guide-reference")
    assert entries
    for entry in entries:
        key = (entry.get("id") or "").removeprefix("ref-")
        own = [references[key].field("url")] if key in references and references[key].field("url") else []
        html = lxml.html.tostring(entry.find("p"), encoding="unicode")
        assert sanitize_reference_html(html, own)[1] == [], key


def test_a_reference_cannot_link_elsewhere() -> None:
    from evidence.sanitize import sanitize_reference_html

    html = (
        'Doe J. Knees. doi:<a href="https://doi.org/10.1000/x">10.1000/x</a> '
        '<a href="https://www.nice.org.uk/guidance/ng226">https://www.nice.org.uk/guidance/ng226</a> '
        '<a href="https://evil.example/">the full text</a> <a href="../anatomy/#fnref:doe">Knee anatomy</a>'
    )
    clean, removals = sanitize_reference_html(html, ["https://www.nice.org.uk/guidance/ng226"])
    assert [(r.kind, r.value) for r in removals] == [("url", "https://evil.example/")]
    assert "DOI, PubMed or PMC" in removals[0].reason
    assert 'href="https://www.nice.org.uk/guidance/ng226"' in clean and 'href="../anatomy/#fnref:doe"' in clean
    assert sanitize_html(html)[1] == []  # outside a reference, any https link may stay
