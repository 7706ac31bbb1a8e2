"""Every bibliography entry formatted once, by mkdocs-bibtex's pandoc registry and the CSL style.

mkdocs-bibtex is the guide's bibliography loader and formatter; it is used here as a library,
through its registry's public methods: `validate_citation_blocks` with one block per entry (one
pandoc run for all of them) and `reference_text` for each. Its page-level plugin is not used:
citations are rendered by our own Markdown extension (citation_markup.py).

One thing it lacks: it hands pandoc the bibliography as pybtex writes it back out, which costs
more than pandoc's own run (0.5 s at 320 entries, in Python). Our adapter, a subclass, hands
pandoc references.bib as it is; tests/site/test_reproducible.py checks that every entry comes
out the same either way.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pybtex.database import BibliographyData


def format_references(
    bib_path: Path,
    csl_path: Path,
    keys: Iterable[str],
    *,
    as_written: bool = True,
    parsed: BibliographyData | None = None,
) -> dict[str, str]:
    """Key -> the entry's text in pandoc's Markdown, for every key pandoc formatted; pandoc
    reads the file as written, or (as_written=False) as pybtex writes it back out. `parsed` is
    pybtex's parse of the file if the caller has it (Bibliography.data): the registry, which
    otherwise parses the file again (0.2 s at 800 entries), takes it as it is."""
    from mkdocs_bibtex.citation import Citation, CitationBlock
    from mkdocs_bibtex.registry import PandocRegistry, ReferenceRegistry

    class Parsed(ReferenceRegistry):
        """The registries' base class, given the parse instead of parsing the file: placed
        after PandocRegistry in FileRegistry's bases, it is what PandocRegistry's
        `super().__init__` calls."""

        def __init__(self, bib_files: list[str], footnote_format: str = "{key}") -> None:
            if parsed is None:
                super().__init__(bib_files, footnote_format)
            else:
                self.bib_data = parsed
                self.footnote_format = footnote_format

    class FileRegistry(PandocRegistry, Parsed):
        """mkdocs-bibtex's registry, handing pandoc the bibliography file's own text."""

        @property
        def bib_data_bibtex(self) -> str:
            return bib_path.read_text(encoding="utf-8")

    keys = list(keys)
    # PandocRegistry's own __init__ (mkdocs-bibtex has no type hints: mypy sees Parsed's)
    registry_type: type[Any] = FileRegistry if as_written else PandocRegistry
    registry = registry_type(bib_files=[str(bib_path)], csl_file=str(csl_path), csl_file_encoding=None)
    registry.validate_citation_blocks([CitationBlock(citations=[Citation(key=k)]) for k in keys])
    texts = {}
    for key in keys:
        try:
            texts[key] = registry.reference_text(Citation(key=key))
        except KeyError:  # pandoc gave no entry: the reader sees the title (references.entries_html)
            continue
    return texts
