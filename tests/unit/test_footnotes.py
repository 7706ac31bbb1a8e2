"""Citation footnotes written once per page (hooks/evidence/footnotes.py) give the same HTML as
Python-Markdown's footnotes extension, and pages they cannot serve keep the extension."""

from __future__ import annotations

import re

import markdown
import pytest

from evidence.footnotes import FootnoteStyle, extract, render, without_references

EXTENSIONS = ["abbr", "admonition", "attr_list", "def_list", "footnotes", "md_in_html", "tables", "pymdownx.details"]
CITED = {"alpha2020": None, "beta2021": None, "gamma2022": None}

# What mkdocs-bibtex hands on: footnote references, and a definition for each cited entry.
PLAIN = """# Title

Runners get knee pain [^alpha2020]. Strength work helps [^beta2021] [^alpha2020].

- A list item [^gamma2022].
- Another [^alpha2020].

## References

[^alpha2020]: Alpha A. *A study*. 2020.
[^beta2021]: Beta B. A trial. doi:[10.1/x](https://doi.org/10.1/x)
[^gamma2022]: Gamma G. A review. 2022.
"""

NESTED = """Intro [^beta2021].

!!! note "Key points"
    A point in an admonition [^alpha2020].

| Study | Finding |
|---|---|
| One | A cell [^gamma2022] [^alpha2020] |

??? info "More"
    Collapsed text [^beta2021].

[^alpha2020]: Alpha A. A study. 2020.
[^beta2021]: Beta B. A trial. 2021.
[^gamma2022]: Gamma G. A review. 2022.
"""


def entry_html(key: str, text: str) -> str:
    return markdown.markdown(text).removeprefix("<p>").removesuffix("</p>")


def with_extension(source: str) -> str:
    return markdown.markdown(source, extensions=EXTENSIONS)


def with_module(source: str, style: FootnoteStyle | None = None) -> str:
    style = style or FootnoteStyle()
    extracted = extract(source, CITED, entry_html)
    assert extracted is not None
    text, notes = extracted
    html, lost = render(markdown.markdown(text, extensions=EXTENSIONS), notes, style)
    assert lost == []
    return html


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
    theirs = markdown.markdown(PLAIN, extensions=EXTENSIONS, extension_configs={"footnotes": options})
    assert with_module(PLAIN, style) == theirs
    assert 'title="Back to reference 1"' in theirs


def test_unique_ids_keep_the_extension() -> None:
    assert FootnoteStyle.from_options({"UNIQUE_IDS": True}) is None


@pytest.mark.parametrize(
    "source",
    [
        pytest.param("No citations here.\n", id="no footnotes"),
        pytest.param("A note.[^n] A study [^alpha2020].\n\n[^n]: My own note.\n[^alpha2020]: Alpha.\n", id="own footnote"),
        pytest.param("A claim [^alpha2020].\n\n[^alpha2020]: Alpha.\n[^alpha2020]: Again.\n", id="defined twice"),
        pytest.param("## Heading [^alpha2020]\n\nText.\n\n[^alpha2020]: Alpha.\n", id="heading"),
        pytest.param("Heading [^alpha2020]\n---\n\n[^alpha2020]: Alpha.\n", id="setext heading"),
        pytest.param("Use `[^alpha2020]` like this [^alpha2020].\n\n[^alpha2020]: Alpha.\n", id="inline code"),
        pytest.param("Text <!-- [^alpha2020] --> more [^alpha2020].\n\n[^alpha2020]: Alpha.\n", id="comment"),
        pytest.param("A claim [^alpha2020] and [^delta].\n\n[^alpha2020]: Alpha.\n", id="undefined reference"),
    ],
)
def test_pages_it_cannot_serve_keep_the_extension(source: str) -> None:
    assert extract(source, CITED, entry_html) is None


def test_search_reads_the_page_without_references_or_the_space_before_them() -> None:
    text, notes = extract(PLAIN, CITED, entry_html) or ("", None)
    html = markdown.markdown(text)
    assert "knee pain." in without_references(html)
    assert "helps." in without_references(html)
    assert "\ue043" not in without_references(html)


def test_a_reference_lost_in_rendering_is_reported() -> None:
    text, notes = extract(PLAIN, CITED, entry_html) or ("", None)
    assert notes is not None
    html = markdown.markdown(text).replace("\ue0432\ue043", "")  # as if a plugin dropped one
    _, lost = render(html, notes, FootnoteStyle())
    assert lost == ["alpha2020"]


def test_a_heading_right_after_a_cited_paragraph_does_not_matter() -> None:
    source = "A claim [^alpha2020].\n### Next section\n\nMore [^beta2021].\n\n[^alpha2020]: Alpha.\n[^beta2021]: Beta.\n"
    assert extract(source, CITED, entry_html) is not None
    assert with_module(source) == with_extension(source)
