"""Finishes the reference lists that mkdocs-bibtex renders.

Runs after mkdocs-bibtex on each page: removes pandoc's case-protection markup from the
reference texts, and adds each reference's evidence label and PubMed link. The logic is in
hooks/evidence/rendering.py.
"""

from __future__ import annotations

from pathlib import Path

from evidence.analysis import load_bibliography_file
from evidence.rendering import finish_footnotes
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page


@event_priority(-100)  # after mkdocs-bibtex has appended the footnote definitions
def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    plugin = config.plugins.get("bibtex")
    bib = Path(config.config_file_path).parent / plugin.config["bib_file"]
    return finish_footnotes(markdown, _references(bib))


_cache: dict[tuple[str, int], dict] = {}


def _references(path: Path) -> dict:
    key = (str(path), path.stat().st_mtime_ns)
    if key not in _cache:
        _cache.clear()
        _cache[key] = load_bibliography_file(path, path.parent).references
    return _cache[key]
