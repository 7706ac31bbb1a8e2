"""Finishes the reference lists that mkdocs-bibtex renders.

Runs after mkdocs-bibtex on each page. Each footnote definition it appended is replaced by a
slot, and once the page is rendered the slot is filled with the reference's finished HTML: pandoc's
AMA text without its case-protection markup, the evidence label and the PubMed link. Each
reference is converted once, not once per page that cites it. The logic is in
hooks/evidence/rendering.py.
"""

from __future__ import annotations

from pathlib import Path

from evidence.analysis import cached_bibliography
from evidence.rendering import fill_slots, slot_footnotes
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

# Page -> its slots, from on_page_markdown to on_page_content.
_slots: dict[str, dict[str, str]] = {}


@event_priority(-100)  # after mkdocs-bibtex has appended the footnote definitions
def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    plugin = config.plugins.get("bibtex")
    root = Path(config.config_file_path).parent
    references = cached_bibliography(root / plugin.config["bib_file"], root).references
    markdown, _slots[page.file.src_uri] = slot_footnotes(markdown, references)
    return markdown


# Python-Markdown's footnote list. Material's search skips an element marked data-search-exclude:
# each reference is indexed once, on the References page, not again on every chapter citing it.
FOOTNOTES = '<div class="footnote">'
FOOTNOTES_UNINDEXED = '<div class="footnote" data-search-exclude="references">'


@event_priority(50)  # before the output check in claims.py reads the page
def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    slots = _slots.pop(page.file.src_uri, {})
    if not slots:
        return html
    return fill_slots(html, slots).replace(FOOTNOTES, FOOTNOTES_UNINDEXED, 1)
