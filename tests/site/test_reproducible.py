"""The same commit builds to the same files, byte for byte (the sitemap's dates aside), and
references.bib is parsed once and mkdocs-bibtex formats it once per build, not once per page."""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from conftest import ROOT, Build, mkdocs_build


def files(site: Path) -> dict[str, bytes]:
    out = {}
    for path in sorted(site.rglob("*")):
        if path.is_file():
            data = path.read_bytes()
            if path.name == "sitemap.xml.gz":  # gzip stores a timestamp; compare the content
                data = gzip.decompress(data)
            out[path.relative_to(site).as_posix()] = data
    return out


def test_two_builds_are_identical(site: Build, tmp_path: Path) -> None:
    again = mkdocs_build(ROOT, tmp_path / "again")
    assert again.ok, again.log
    first, second = files(site.site), files(again.site)
    assert first.keys() == second.keys()
    different = [name for name in first if first[name] != second[name]]
    assert not different, f"these files differ between two builds: {different}"


def test_pandoc_runs_and_pybtex_parses_once_per_build(tmp_path: Path) -> None:
    """Once for the checks and mkdocs-bibtex together (formatting.share_parsed): the registry
    holds the very entries the checks parsed."""
    script = textwrap.dedent(
        f"""
        import pypandoc
        from pybtex.database.input import bibtex
        from mkdocs.commands.build import build
        from mkdocs.config import load_config

        calls, parses = [], []
        original = pypandoc.convert_text
        def counting(*args, **kwargs):
            calls.append(1)
            return original(*args, **kwargs)
        pypandoc.convert_text = counting
        original_parse = bibtex.Parser.parse_stream
        def counting_parse(self, stream):
            parses.append(1)
            return original_parse(self, stream)
        bibtex.Parser.parse_stream = counting_parse
        config = load_config({str(ROOT / "mkdocs.yml")!r}, site_dir={str(tmp_path / "site")!r}, strict=True)
        build(config)
        from evidence.analysis import cached_bibliography
        from pathlib import Path
        ours = cached_bibliography(Path({str(ROOT / "references.bib")!r}), Path({str(ROOT)!r}))
        theirs = config.plugins["bibtex"].registry.bib_data.entries
        print("SAME_ENTRIES", list(theirs) == list(ours.references) and all(theirs[k] is r.entry for k, r in ours.references.items()))
        print("PANDOC_RUNS", len(calls))
        print("PYBTEX_PARSES", len(parses))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    for line in ("PANDOC_RUNS 1", "PYBTEX_PARSES 1", "SAME_ENTRIES True"):
        assert line in result.stdout, result.stdout[-2000:] + result.stderr[-2000:]


def test_pandoc_reading_the_bibliography_file_formats_what_pybtex_rewritten_text_does() -> None:
    """hooks/evidence/formatting.py hands pandoc references.bib as it is, instead of the text
    pybtex writes back out (mkdocs-bibtex's way, and slow); every reference must come out the same."""
    from mkdocs_bibtex.citation import Citation, CitationBlock
    from mkdocs_bibtex.registry import PandocRegistry

    def formatted(own_text: bool) -> dict[str, str]:
        registry = PandocRegistry([str(ROOT / "references.bib")], str(ROOT / "csl" / "american-medical-association.csl"), None)
        if own_text:
            registry.bib_data_bibtex = (ROOT / "references.bib").read_text(encoding="utf-8")
        keys = list(registry.bib_data.entries)
        registry.validate_citation_blocks([CitationBlock(citations=[Citation(key=k)]) for k in keys])
        return {k: registry.reference_text(Citation(key=k)) for k in keys}

    rewritten, own = formatted(False), formatted(True)
    assert len(own) > 40 and own == rewritten
