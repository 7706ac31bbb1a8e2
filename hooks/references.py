"""Finishes the citations that mkdocs-bibtex writes as footnotes.

Runs after mkdocs-bibtex on each page. Its footnote references become tokens that Markdown
passes through untouched, and its definitions are taken out; once the page is rendered and
indexed for search, the tokens become numbered references and the reference list is written at
the end of the page, as the footnotes extension would write them (hooks/evidence/footnotes.py).
Each entry is converted to HTML once per build: pandoc's AMA text without its case-protection
markup, the evidence label and the PubMed link (hooks/evidence/rendering.py).

Search never reads the citation markup: each reference is indexed once, on the References page,
not again on every chapter citing it, and the superscript numbers are not words. A page with
footnotes of its own keeps the footnotes extension, with each definition's text replaced by a
slot that is filled the same way and the list marked for search to skip.
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
from evidence.rendering import fill_slots, reference_html, reference_markdown, slot_footnotes
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

# The bibliography of this build (read in on_config) and each entry's finished HTML by the text
# mkdocs-bibtex gave it, converted once however many pages cite the entry.
_bibliography: dict[str, Reference] = {}
_entry_html: dict[tuple[str, str], str] = {}
# What a page still needs, from on_page_markdown to on_page_context.
_footnotes: dict[str, PageFootnotes] = {}
_unindexed: dict[str, str] = {}  # page -> its content with reference tokens, while search reads it
_slots: dict[str, dict[str, str]] = {}


@lru_cache(maxsize=8)
def _style(options: tuple[tuple[str, Any], ...]) -> FootnoteStyle | None:
    return FootnoteStyle.from_options(dict(options))


def _footnote_style(config: MkDocsConfig) -> FootnoteStyle | None:
    if "footnotes" not in config.markdown_extensions:
        return None
    return _style(tuple(sorted(config.mdx_configs.get("footnotes", {}).items())))


def _read_bibliography(config: MkDocsConfig) -> dict[str, Reference]:
    global _bibliography
    root = Path(config.config_file_path).parent
    references = cached_bibliography(root / config.plugins["bibtex"].config["bib_file"], root).references
    if references is not _bibliography:
        _bibliography = references
        _entry_html.clear()
    return references


def _html(key: str, text: str) -> str:
    html = _entry_html.get((key, text))
    if html is None:
        html = _entry_html[(key, text)] = reference_html(reference_markdown(_bibliography[key], text))
    return html


@event_priority(-100)  # after mkdocs-bibtex has read the bibliography
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    references = _read_bibliography(config)
    registry = getattr(config.plugins.get("bibtex"), "registry", None)
    if registry is not None:
        formatting.start(registry, references)  # pandoc runs while the pages are checked
    return config


@event_priority(-100)  # after the pages are checked, before mkdocs-bibtex reads the first one
def on_files(files: Files, config: MkDocsConfig) -> Files:
    registry = getattr(config.plugins.get("bibtex"), "registry", None)
    if registry is not None:
        formatting.formatted(registry, _bibliography)
    return files


@event_priority(-100)  # after mkdocs-bibtex has written the footnotes
def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    extracted = extract(markdown, _bibliography, _html) if _footnote_style(config) is not None else None
    if extracted is not None:
        markdown, _footnotes[page.file.src_uri] = extracted
    else:
        markdown, _slots[page.file.src_uri] = slot_footnotes(markdown, _bibliography)
    return markdown


@event_priority(50)  # before the output check in claims.py reads the page
def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    slots = _slots.pop(page.file.src_uri, {})
    if not slots:
        return html
    return fill_slots(html, slots).replace(FOOTNOTES, FOOTNOTES[:-1] + SEARCH_EXCLUDE + ">", 1)


@event_priority(100)  # before Material's search indexes the page
def _hide_references_from_search(context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation) -> dict[str, Any]:
    if page.file.src_uri in _footnotes and page.content is not None:
        _unindexed[page.file.src_uri] = page.content
        page.content = without_references(page.content)
    return context


@event_priority(-100)  # after search, before the page's template is rendered
def _write_references(context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation) -> dict[str, Any]:
    notes = _footnotes.pop(page.file.src_uri, None)
    html = _unindexed.pop(page.file.src_uri, None)
    style = _footnote_style(config)
    if notes is None or html is None or style is None:
        return context
    if "data-search-" in html:
        html = SEARCH_ATTRIBUTE.sub("", html)
    page.content, lost = render(html, notes, style)
    for key in lost:
        log.error("%s: the citation of %s was lost while the page was rendered", page.file.src_uri, key)
    return context


on_page_context = CombinedEvent(_hide_references_from_search, _write_references)
