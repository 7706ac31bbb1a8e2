"""Every bibliography entry formatted once per build by mkdocs-bibtex's registry, in the
background.

Asking the registry for all entries in one call makes it run pandoc once and cache every
reference, instead of once per page. pandoc is another process, so it runs in a thread while the
pages render (on a two-core machine, once the checks have done the pages: background.py); the
first page that shows a reference list waits for it.

The registry would hand pandoc the bibliography as pybtex writes it back out (0.3 s of Python for
800 entries, taken from the pages' thread); it is handed the file's own text instead, which gives
the same references (tests/site/test_reproducible.py compares them). Otherwise only the
registry's public methods are used.

Nor does mkdocs-bibtex parse references.bib a second time (0.5 s at 3,200 entries): `share_parsed`
stands in for the `parse_file` its registry module imported from pybtex, and answers with the
entries pybtex parsed for the checks (analysis.cached_bibliography) when asked for the same file
with the same text; any other file is parsed as before. Should a later mkdocs-bibtex read files
another way, it simply parses again, and tests/site/test_reproducible.py, which counts the
parses, says so.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .bibliography import Bibliography


@dataclass
class _Job:
    registry: Any
    keys: tuple[str, ...]
    wait: Callable[[], None] | None = None  # returns when pandoc may start
    thread: threading.Thread | None = None
    texts: dict[str, str] = field(default_factory=dict)
    error: BaseException | None = None

    def run(self) -> None:
        from mkdocs_bibtex.citation import Citation, CitationBlock

        try:
            if self.wait is not None:
                self.wait()
            self.registry.validate_citation_blocks([CitationBlock(citations=[Citation(key=k)]) for k in self.keys])
            self.texts = {k: self.registry.reference_text(Citation(key=k)) for k in self.keys}
        except BaseException as error:  # handed to the build thread by `formatted`
            self.error = error


# The latest job: a serve rebuild with the same registry (the bibliography unchanged) reuses it.
_job: _Job | None = None


def start(
    registry: Any, keys: Iterable[str], bib_text: str | None = None, wait: Callable[[], None] | None = None
) -> None:
    """Start formatting every entry of `keys`, unless this registry already has them.

    `bib_text` is the bibliography file's text, for pandoc to read as it is; pandoc starts once
    `wait` returns (background.wait_for_second_core).
    """
    global _job
    keys = tuple(keys)
    if _job is not None and _job.registry is registry and _job.keys == keys:
        return
    if bib_text is not None and isinstance(getattr(type(registry), "bib_data_bibtex", None), functools.cached_property):
        registry.bib_data_bibtex = bib_text
    _job = _Job(registry, keys, wait)
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


# The bibliography the checks parsed, for mkdocs-bibtex's registry to take instead of parsing it.
_shared: tuple[Path, Bibliography] | None = None


def share_parsed(path: Path, bibliography: Bibliography) -> None:
    """Let mkdocs-bibtex's next parse of `path` return `bibliography`'s entries, if the file
    still holds the text they were parsed from. Call it before mkdocs-bibtex's on_config."""
    global _shared
    import mkdocs_bibtex.registry as registry_module

    if bibliography.data is None:
        return  # the file did not parse: mkdocs-bibtex is not reached (claims.py stops the build)
    _shared = (path.resolve(), bibliography)
    parse = getattr(registry_module, "parse_file", None)
    if callable(parse) and not getattr(parse, "shares_parsed", False):
        registry_module.parse_file = _sharing(parse)


def _sharing(parse_file: Callable[..., Any]) -> Callable[..., Any]:
    """pybtex's parse_file, answered from `_shared` for the file it holds."""

    @functools.wraps(parse_file)
    def parse(file: Any, *args: Any, **kwargs: Any) -> Any:
        if _shared is not None and not args and not kwargs and isinstance(file, (str, Path)):
            path, bibliography = _shared
            resolved = Path(file).resolve()
            if resolved == path and resolved.read_text(encoding="utf-8") == bibliography.text:
                return bibliography.data
        return parse_file(file, *args, **kwargs)

    parse.shares_parsed = True  # type: ignore[attr-defined]
    return parse
