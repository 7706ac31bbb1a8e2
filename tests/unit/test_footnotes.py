"""Citations numbered once per page (hooks/evidence/footnotes.py) give the same HTML as
mkdocs-bibtex's footnotes rendered by Python-Markdown, and pages they cannot serve keep those."""

from __future__ import annotations

import re

import markdown
import pytest

from evidence.footnotes import FootnoteStyle, extract, render
from evidence.rendering import fill_after_search

EXTENSIONS = ["abbr", "admonition", "attr_list", "def_list", "footnotes", "md_in_html", "tables", "pymdownx.details"]
TEXTS = {
    "alpha2020": "Alpha A. *A study*. 2020.",
    "beta2021": "Beta B. A trial. doi:[10.1/x](https://doi.org/10.1/x)",
    "gamma2022": "Gamma G. A review. 2022.",
}

PLAIN = """# Title

Runners get knee pain [@alpha2020]. Strength work helps [@beta2021; @alpha2020].

- A list item [@gamma2022].
- Another [@alpha2020].

## References
"""

NESTED = """Intro [@beta2021].

!!! note "Key points"
    A point in an admonition [@alpha2020].

| Study | Finding |
|---|---|
| One | A cell [@gamma2022; @alpha2020] |

??? info "More"
    Collapsed text [@beta2021].
"""


def entry_html(key: str) -> str:
    return markdown.markdown(TEXTS[key]).removeprefix("<p>").removesuffix("</p>")


def as_mkdocs_bibtex_would(source: str) -> str:
    """What mkdocs-bibtex hands Python-Markdown: footnote references, then the definitions."""
    order: dict[str, None] = {}

    def references(m: re.Match[str]) -> str:
        keys = [item.strip().lstrip("@") for item in m.group(1).split(";")]
        order.update(dict.fromkeys(keys))
        return " ".join(f"[^{key}]" for key in keys)

    text = re.sub(r"\[(@[^\]]+)\]", references, source)
    return text + "\n" + "\n".join(f"[^{key}]: {TEXTS[key]}" for key in order) + "\n"


def with_extension(source: str, **configs: dict) -> str:
    return markdown.markdown(as_mkdocs_bibtex_would(source), extensions=EXTENSIONS, extension_configs=configs)


def with_module(source: str, style: FootnoteStyle | None = None) -> str:
    style = style or FootnoteStyle()
    extracted = extract(source, TEXTS)
    assert extracted is not None
    text, notes = extracted
    html, parts, lost = render(markdown.markdown(text, extensions=EXTENSIONS), notes, style, entry_html)
    assert lost == []
    return fill_after_search(html, parts)


def test_same_html_as_the_footnotes_extension() -> None:
    assert with_module(PLAIN) == with_extension(PLAIN)


def test_same_html_in_admonitions_tables_and_details_up_to_the_order_of_repeat_ids() -> None:
    # The extension numbers repeated references (fnref2:, fnref3:) in the order it walks its
    # tree, which is not always the order of the text; this module numbers them in text order.
    def ids_folded(html: str) -> str:
        return re.sub(r"fnref\d*:", "fnref:", html)

    ours, theirs = with_module(NESTED), with_extension(NESTED)
    assert ids_folded(ours) == ids_folded(theirs)
    assert sorted(re.findall(r'id="(fnref\d*:\w+)"', ours)) == sorted(re.findall(r'id="(fnref\d*:\w+)"', theirs))
    repeats = re.findall(r'id="(fnref\d*):alpha2020"', ours)
    assert repeats == ["fnref", "fnref2"]  # in the admonition, then in the table


def test_settings_from_mkdocs_yml_are_followed() -> None:
    options = {"BACKLINK_TITLE": "Back to reference {}", "SEPARATOR": "-"}
    style = FootnoteStyle.from_options(options)
    assert style is not None
    theirs = with_extension(PLAIN, footnotes=options)
    assert with_module(PLAIN, style) == theirs
    assert 'title="Back to reference 1"' in theirs


def test_unique_ids_keep_the_extension() -> None:
    assert FootnoteStyle.from_options({"UNIQUE_IDS": True}) is None


@pytest.mark.parametrize(
    "source",
    [
        pytest.param("No citations here.\n", id="no citations"),
        pytest.param("A note.[^n] A study [@alpha2020].\n\n[^n]: My own note.\n", id="own footnote"),
        pytest.param("## Heading [@alpha2020]\n\nText.\n", id="heading"),
        pytest.param("Heading [@alpha2020]\n---\n", id="setext heading"),
        pytest.param("Use `x` like this [@alpha2020].\n", id="inline code on the line"),
        pytest.param("Text <!-- see [@alpha2020] --> more [@alpha2020].\n", id="citation in a comment"),
        pytest.param("A claim [@alpha2020; @delta].\n", id="unknown key"),
        pytest.param("A claim [@alpha2020, p. 3].\n", id="locator"),
        pytest.param("A claim [see @alpha2020].\n", id="prefix"),
    ],
)
def test_pages_it_cannot_serve_keep_the_extension(source: str) -> None:
    assert extract(source, TEXTS) is None


def test_search_reads_the_page_without_references_or_the_space_before_them() -> None:
    from html.parser import HTMLParser

    class Text(HTMLParser):  # what an indexer reads: text, not comments
        def __init__(self) -> None:
            super().__init__()
            self.chunks: list[str] = []

        def handle_data(self, data: str) -> None:
            self.chunks.append(data)

    text, notes = extract(PLAIN, TEXTS) or ("", None)
    assert notes is not None
    html, _, _ = render(markdown.markdown(text), notes, FootnoteStyle(), entry_html)
    reader = Text()
    reader.feed(html)
    indexed = "".join(reader.chunks)
    assert "knee pain." in indexed and "helps." in indexed
    assert "\ue043" not in indexed and "Alpha" not in indexed  # no tokens, no reference list


def test_a_reference_lost_in_rendering_is_reported() -> None:
    text, notes = extract(PLAIN, TEXTS) or ("", None)
    assert notes is not None
    html = markdown.markdown(text).replace("\ue0432\ue043", "")  # as if a plugin dropped one
    _, _, lost = render(html, notes, FootnoteStyle(), entry_html)
    assert lost == ["alpha2020"]


def test_a_suppression_comment_on_the_line_does_not_matter() -> None:
    source = '<!-- claims: ignore "a definition" --> Knee pain is pain [@alpha2020].\n'
    assert extract(source, TEXTS) is not None
    assert with_module(source) == with_extension(source)


def test_a_heading_right_after_a_cited_paragraph_does_not_matter() -> None:
    source = "A claim [@alpha2020].\n### Next section\n\nMore [@beta2021].\n"
    assert extract(source, TEXTS) is not None
    assert with_module(source) == with_extension(source)
