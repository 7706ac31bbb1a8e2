"""Numbered citations and each chapter's reference list.

Before mkdocs-bibtex reads a page, its citations become tokens (hooks/evidence/footnotes.py);
once the page is rendered and indexed for search, the tokens become numbered references and the
reference list is written at the end of the page, as Python-Markdown's footnotes would write
them. The entries' texts come from mkdocs-bibtex's registry, which formats every entry once per
build with pandoc and the AMA style, in a thread while the pages render
(hooks/evidence/formatting.py); each is converted to HTML once: without pandoc's case-protection
markup, with the evidence label and the PubMed link (hooks/evidence/rendering.py).

Search never reads the citation markup: each reference is indexed once, on the References page,
not again on every chapter citing it, and the superscript numbers are not words. A page the
tokens cannot serve (footnotes of its own, for one) is left to mkdocs-bibtex and the footnotes
extension, with each definition's text replaced by a slot that is filled the same way and the
list marked for search to skip.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from evidence import formatting
from evidence.analysis import cached_bibliography
from evidence.bibliography import Reference
from evidence.footnotes import FootnoteStyle, PageFootnotes, extract, render, without_references
from evidence.rendering import fill_slots, reference_markdown, references_html, slot_footnotes
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

log = get_plugin_logger("evidence")

# Material's search skips an element marked data-search-exclude, and removes such attributes
# from the page it has indexed; a page given back after indexing has them removed the same way.
SEARCH_EXCLUDE = ' data-search-exclude="references"'
SEARCH_ATTRIBUTE = re.compile(r'\s?data-search-\w+="[^"]+"')
FOOTNOTES = '<div class="footnote">'


class _Build:
    """What one build knows (module state, because hooks are modules; reset in on_config)."""

    bibliography: dict[str, Reference] = {}
    registry: Any = None  # mkdocs-bibtex's
    formatted: dict[str, str] | None = None  # key -> the entry's text from mkdocs-bibtex
    entry_html: dict[str, str] = {}  # key -> the entry's finished HTML, converted once
    footnotes: dict[str, PageFootnotes] = {}  # page -> its citations, until it is rendered
    unindexed: dict[str, str] = {}  # page -> its content with tokens, while search reads it
    slots: dict[str, dict[str, str]] = {}  # page left to the footnotes extension -> its slots


@lru_cache(maxsize=8)
def _style(options: tuple[tuple[str, Any], ...]) -> FootnoteStyle | None:
    return FootnoteStyle.from_options(dict(options))


def _footnote_style(config: MkDocsConfig) -> FootnoteStyle | None:
    if "footnotes" not in config.markdown_extensions:
        return None
    return _style(tuple(sorted(config.mdx_configs.get("footnotes", {}).items())))


def _formatted() -> dict[str, str]:
    """Every entry's text from mkdocs-bibtex, waiting for pandoc if it still runs."""
    if _Build.formatted is None:
        registry = _Build.registry
        _Build.formatted = formatting.formatted(registry, _Build.bibliography) if registry is not None else {}
    return _Build.formatted


def _entry_html(key: str) -> str:
    if not _Build.entry_html:  # every entry at once: one Markdown pass for all (rendering.py)
        formatted = _formatted()
        references = list(_Build.bibliography.values())
        texts = [reference_markdown(r, formatted.get(r.key) or r.field("title")) for r in references]
        _Build.entry_html = dict(zip((r.key for r in references), references_html(texts)))
    return _Build.entry_html[key]


# ---------------------------------------------------------------------------------------------
# MkDocs events


@event_priority(-100)  # after mkdocs-bibtex has read the bibliography
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    root = Path(config.config_file_path).parent
    bib_file = root / config.plugins["bibtex"].config["bib_file"]
    _Build.bibliography = cached_bibliography(bib_file, root).references
    _Build.registry = getattr(config.plugins.get("bibtex"), "registry", None)
    _Build.formatted, _Build.entry_html = None, {}
    _Build.footnotes, _Build.unindexed, _Build.slots = {}, {}, {}
    if _Build.registry is not None:
        # pandoc runs while pages render
        formatting.start(_Build.registry, _Build.bibliography, bib_file.read_text(encoding="utf-8"))
    return config


@event_priority(50)  # after claims.py has masked code and comments, before mkdocs-bibtex
def _take_citations(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    extracted = extract(markdown, _Build.bibliography) if _footnote_style(config) is not None else None
    if extracted is not None:
        markdown, _Build.footnotes[page.file.src_uri] = extracted
    elif "[@" in markdown:
        _formatted()  # mkdocs-bibtex formats this page's citations: its cache must be complete
    return markdown


@event_priority(-100)  # after mkdocs-bibtex, on the pages left to it
def _slot_definitions(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if page.file.src_uri not in _Build.footnotes:
        markdown, _Build.slots[page.file.src_uri] = slot_footnotes(markdown, _Build.bibliography)
    return markdown


on_page_markdown = CombinedEvent(_take_citations, _slot_definitions)


@event_priority(50)  # before the output check in claims.py reads the page
def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    slots = _Build.slots.pop(page.file.src_uri, {})
    if not slots:
        return html
    return fill_slots(html, slots).replace(FOOTNOTES, FOOTNOTES[:-1] + SEARCH_EXCLUDE + ">", 1)


@event_priority(100)  # before Material's search indexes the page
def _hide_references_from_search(context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation) -> dict[str, Any]:
    if page.file.src_uri in _Build.footnotes and page.content is not None:
        _Build.unindexed[page.file.src_uri] = page.content
        page.content = without_references(page.content)
    return context


@event_priority(-100)  # after search, before the page's template is rendered
def _write_references(context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation) -> dict[str, Any]:
    notes = _Build.footnotes.pop(page.file.src_uri, None)
    html = _Build.unindexed.pop(page.file.src_uri, None)
    style = _footnote_style(config)
    if notes is None or html is None or style is None:
        return context
    if "data-search-" in html:
        html = SEARCH_ATTRIBUTE.sub("", html)
    page.content, lost = render(html, notes, style, _entry_html)
    for key in lost:
        log.error("%s: the citation of %s was lost while the page was rendered", page.file.src_uri, key)
    return context


on_page_context = CombinedEvent(_hide_references_from_search, _write_references)
