"""Every bibliography entry formatted once per build by mkdocs-bibtex's registry, in the
background.

Asking the registry for all entries in one call makes it run pandoc once and cache every
reference, instead of once per page. pandoc is another process, so it runs in a thread while the
pages render; the first page that shows a reference list waits for it.

The registry would hand pandoc the bibliography as pybtex writes it back out (0.3 s of Python for
800 entries, taken from the pages' thread); it is handed the file's own text instead, which gives
the same references (tests/site/test_reproducible.py compares them). Otherwise only the
registry's public methods are used.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class _Job:
    registry: Any
    keys: tuple[str, ...]
    thread: threading.Thread | None = None
    texts: dict[str, str] = field(default_factory=dict)
    error: BaseException | None = None

    def run(self) -> None:
        from mkdocs_bibtex.citation import Citation, CitationBlock

        try:
            self.registry.validate_citation_blocks([CitationBlock(citations=[Citation(key=k)]) for k in self.keys])
            self.texts = {k: self.registry.reference_text(Citation(key=k)) for k in self.keys}
        except BaseException as error:  # handed to the build thread by `formatted`
            self.error = error


# The latest job: a serve rebuild with the same registry (the bibliography unchanged) reuses it.
_job: _Job | None = None


def start(registry: Any, keys: Iterable[str], bib_text: str | None = None) -> None:
    """Start formatting every entry of `keys`, unless this registry already has them.

    `bib_text` is the bibliography file's text, for pandoc to read as it is.
    """
    global _job
    keys = tuple(keys)
    if _job is not None and _job.registry is registry and _job.keys == keys:
        return
    if bib_text is not None and isinstance(getattr(type(registry), "bib_data_bibtex", None), functools.cached_property):
        registry.bib_data_bibtex = bib_text
    _job = _Job(registry, keys)
    if keys:
        _job.thread = threading.Thread(target=_job.run, name="format-references", daemon=True)
        _job.thread.start()


def formatted(registry: Any, keys: Iterable[str]) -> dict[str, str]:
    """Key -> the entry's text as mkdocs-bibtex formats it, waiting for pandoc if it still runs."""
    start(registry, keys)
    assert _job is not None
    if _job.thread is not None:
        _job.thread.join()
    if _job.error is not None:
        raise _job.error
    return _job.texts
