"""Numbered citations and each chapter's reference list.

Before mkdocs-bibtex reads a page, its citations become tokens (hooks/evidence/footnotes.py);
once the page is rendered, the tokens become marks that search skips, and after search has
indexed the page the marks become numbered references and the reference list at the end of the
page, as Python-Markdown's footnotes would write them. The entries' texts come from mkdocs-bibtex's registry, which formats every entry once per
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

from functools import lru_cache
from pathlib import Path
from typing import Any

from evidence import formatting
from evidence.analysis import cached_bibliography
from evidence.background import wait_for_second_core
from evidence.bibliography import Bibliography, Reference
from evidence.footnotes import FootnoteStyle, PageFootnotes, extract, render
from evidence.rendering import entries_html, fill_after_search, fill_slots, slot_footnotes
from evidence.site_config import configured_bib_file
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

log = get_plugin_logger("evidence")

# Python-Markdown's footnote list, on pages left to it; Material's search skips an element marked
# data-search-exclude.
FOOTNOTES = '<div class="footnote">'
FOOTNOTES_UNINDEXED = '<div class="footnote" data-search-exclude="references">'


class _Build:
    """What one build knows (module state, because hooks are modules; reset in on_config)."""

    bibliography: dict[str, Reference] = {}
    registry: Any = None  # mkdocs-bibtex's
    formatted: dict[str, str] | None = None  # key -> the entry's text from mkdocs-bibtex
    entry_html: dict[str, str] = {}  # key -> the entry's finished HTML, converted once
    footnotes: dict[str, PageFootnotes] = {}  # page -> its citations, until it is rendered
    after_search: dict[str, dict[str, str]] = {}  # page -> its citation markup, while search reads it
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


def _entries_html() -> dict[str, str]:
    if not _Build.entry_html:  # every entry at once: one Markdown pass for all (rendering.py)
        _Build.entry_html = entries_html(_Build.bibliography, _formatted())
    return _Build.entry_html


# ---------------------------------------------------------------------------------------------
# MkDocs events


def _bibliography(config: MkDocsConfig) -> tuple[Path, Bibliography]:
    """references.bib and its entries, parsed once for both hooks (analysis.cached_bibliography)."""
    path = configured_bib_file(config)
    if path is None:
        raise PluginError("the bibtex plugin must be configured with bib_file in mkdocs.yml")
    return path, cached_bibliography(path, Path(config.config_file_path).parent)


@event_priority(50)  # after claims.py has parsed the bibliography, before mkdocs-bibtex would
def _share_bibliography(config: MkDocsConfig) -> MkDocsConfig:
    formatting.share_parsed(*_bibliography(config))
    return config


@event_priority(-100)  # after mkdocs-bibtex has read the bibliography
def _start_formatting(config: MkDocsConfig) -> MkDocsConfig:
    _, bibliography = _bibliography(config)
    _Build.bibliography = bibliography.references
    _Build.registry = getattr(config.plugins.get("bibtex"), "registry", None)
    _Build.formatted, _Build.entry_html = None, {}
    _Build.footnotes, _Build.after_search, _Build.slots = {}, {}, {}
    if _Build.registry is not None:
        # pandoc runs while pages render, once the checks leave it a core
        formatting.start(_Build.registry, _Build.bibliography, bibliography.text, wait_for_second_core)
    return config


on_config = CombinedEvent(_share_bibliography, _start_formatting)


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
    if page.file.src_uri not in _Build.footnotes and "[^" in markdown:
        markdown, _Build.slots[page.file.src_uri] = slot_footnotes(markdown, _entries_html())
    return markdown


on_page_markdown = CombinedEvent(_take_citations, _slot_definitions)


@event_priority(50)  # before the output check in claims.py reads the page
def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    slots = _Build.slots.pop(page.file.src_uri, {})
    if not slots:
        return html
    return fill_slots(html, slots).replace(FOOTNOTES, FOOTNOTES_UNINDEXED, 1)


@event_priority(100)  # before Material's search indexes the page
def _mark_references(context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation) -> dict[str, Any]:
    notes = _Build.footnotes.pop(page.file.src_uri, None)
    style = _footnote_style(config)
    if notes is None or style is None or page.content is None:
        return context
    entries = _entries_html()
    page.content, _Build.after_search[page.file.src_uri], lost = render(page.content, notes, style, entries.__getitem__)
    for key in lost:
        log.error("%s: the citation of %s was lost while the page was rendered", page.file.src_uri, key)
    return context


@event_priority(-100)  # after search, before the page's template is rendered
def _write_references(context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation) -> dict[str, Any]:
    parts = _Build.after_search.pop(page.file.src_uri, None)
    if parts and page.content is not None:
        page.content = fill_after_search(page.content, parts)
    return context


on_page_context = CombinedEvent(_mark_references, _write_references)
