"""The same commit builds to the same files, byte for byte (the sitemap's dates aside), with
MkDocs and with ProperDocs alike, and pandoc formats the bibliography once per build."""

from __future__ import annotations

import gzip
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

from conftest import ENGINE, ROOT, Build, copy_project, mkdocs_build


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


def test_the_worker_builds_the_same_site(site: Build, tmp_path: Path) -> None:
    """With the checks in a worker process (background: on; `auto` runs them in-process for a
    guide this small), the pages do not wait for them: the ledger and each page's reference
    entries go in at the end of the build. The files are the same as in-process."""
    project = copy_project(tmp_path / "guide")
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    assert "background: auto" in config, "mkdocs.yml's extra.evidence.background changed"
    (project / "mkdocs.yml").write_text(config.replace("background: auto", "background: on"), encoding="utf-8")
    beside = mkdocs_build(project, tmp_path / "beside")
    assert beside.ok, beside.log
    assert "the build waited" in beside.log
    ours, theirs = files(site.site), files(beside.site)
    assert ours.keys() == theirs.keys()
    different = [name for name in ours if ours[name] != theirs[name]]
    assert not different, f"these files differ between the worker and in-process builds: {different}"


def test_properdocs_builds_the_same_site(site: Build, tmp_path: Path) -> None:
    """ProperDocs 1.6.7 (the continuation of MkDocs 1.6) builds the guide, hooks included, into
    the same files; only the generator named in each page's <meta> may differ."""
    other = "mkdocs" if ENGINE == "properdocs" else "properdocs"
    theirs = mkdocs_build(ROOT, tmp_path / other, engine=other)
    assert theirs.ok, theirs.log
    generator = re.compile(rb'<meta name="generator" content="[^"]*">')
    ours, their_files = files(site.site), files(theirs.site)
    assert ours.keys() == their_files.keys()
    different = [n for n in ours if generator.sub(b"", ours[n]) != generator.sub(b"", their_files[n])]
    assert not different, f"these files differ between MkDocs and ProperDocs: {different}"


def test_pandoc_runs_once_per_build_and_formats_every_entry(tmp_path: Path) -> None:
    """One pandoc run for the whole bibliography (mkdocs-bibtex's registry, one block per entry),
    in the build's own process here (background: off) so that the run can be counted."""
    script = textwrap.dedent(
        f"""
        import pypandoc
        from mkdocs.commands.build import build
        from mkdocs.config import load_config

        calls = []
        original = pypandoc.convert_text
        def counting(*args, **kwargs):
            calls.append(1)
            return original(*args, **kwargs)
        pypandoc.convert_text = counting
        config = load_config({str(ROOT / "mkdocs.yml")!r}, site_dir={str(tmp_path / "site")!r}, strict=True)
        config.extra["evidence"]["background"] = "off"
        build(config)
        print("PANDOC_RUNS", len(calls))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "PANDOC_RUNS 1" in result.stdout, result.stdout[-2000:] + result.stderr[-2000:]
    references = (tmp_path / "site" / "references" / "index.html").read_text(encoding="utf-8")
    keys = re.findall(r"^@\w+\{([^,\s]+)", (ROOT / "references.bib").read_text(encoding="utf-8"), re.M)
    for key in keys:
        entry = references.split(f'id="ref-{key}"', 1)[1].split("</p>", 1)[0]
        assert "doi.org" in entry or "pubmed" in entry or "http" in entry, f"{key} was not formatted by pandoc: {entry}"


def test_pandoc_reading_the_file_as_written_formats_what_pybtex_rewritten_text_does() -> None:
    """evidence/formatting.py hands pandoc references.bib as written, where mkdocs-bibtex's
    registry hands it pybtex's rewrite (slow): every reference comes out the same, except that
    the rewrite escapes the underscores of a url (a broken link), which the file as written keeps."""
    from evidence.bibliography import parse_bibliography
    from evidence.formatting import format_references

    keys = parse_bibliography((ROOT / "references.bib").read_text(encoding="utf-8"), "references.bib").references
    csl = ROOT / "csl" / "american-medical-association.csl"
    as_written = format_references(ROOT / "references.bib", csl, keys)
    rewritten = format_references(ROOT / "references.bib", csl, keys, as_written=False)
    assert len(as_written) == len(keys) > 40
    for key, reference in keys.items():
        url = reference.field("url")
        if "_" in url:
            assert f"<{url}>" in as_written[key] and "\\_" in rewritten[key], key
        else:
            assert as_written[key] == rewritten[key], key
