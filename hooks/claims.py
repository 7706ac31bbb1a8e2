"""The guide's evidence checks: a MkDocs hook, and, run as a script, a command line.

As a hook (listed under `hooks:` in mkdocs.yml) it checks the bibliography before mkdocs-bibtex
loads it, checks every page's citations, claims, front matter and raw HTML (during `mkdocs build`
in a worker process beside the build: evidence/background.py), hides citation syntax in code and
comments before mkdocs-bibtex reads a page, writes the evidence ledger (/claims/) and the
References page, and checks the rendered pages for citation syntax that was left unrendered.
Findings are logged through MkDocs' plugin logger, so `mkdocs build --strict` fails on any of them.

As a command:  python hooks/claims.py [--format text|json|github] [--bib FILE] PATH...
Exit 0 when clean (or with notices only), 1 on other findings, 2 on a usage error.

Each event is a short dispatch; the logic lives in hooks/evidence/.
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import re
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from evidence import formatting, rendering
from evidence.glossary import definitions, glossary_terms
from evidence.site_config import bib_file, configured_bib_file, read_mkdocs_yml
from evidence.analysis import analyze, cached_bibliography, list_files, load_bibliography_file, read_tree
from evidence.background import Analysis, BackgroundAnalysis, Links, Summary, can_fork
from evidence.bibliography import Bibliography
from evidence.findings import Finding, Severity, format_github, format_json, format_text, sort_key
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, get_files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page as MkDocsPage
from mkdocs.utils import get_relative_url

log = get_plugin_logger("evidence")

# Footnote syntax that Python-Markdown did not turn into a footnote.
FOOTNOTE_REF = re.compile(r"\[\^[^\]\s]+\]")

LEDGER_URI = "claims.md"
REFERENCES_URI = "references.md"
GLOSSARY_URI = "glossary.md"


class _Build:
    """What one build knows. Module state, because hooks are modules; reset in on_config."""

    root: Path = Path(".")
    command: str = ""  # from on_startup: "build", "gh-deploy" or "serve"
    bibliography: Bibliography | None = None
    analysis: Analysis | None = None
    summary: Summary | None = None  # once every page is checked
    logged: set[str] = set()  # pages whose findings are logged
    output_findings: list[Finding] = []
    blocks: dict[str, dict[str, str]] = {}  # generated page -> its HTML blocks
    after_search: dict[str, dict[str, str]] = {}  # generated page -> HTML written after search


# ---------------------------------------------------------------------------------------------
# MkDocs events


def on_startup(command: str, dirty: bool) -> None:
    _Build.command = command


@event_priority(100)  # before mkdocs-bibtex parses the file and would print a traceback
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    _Build.root = Path(config.config_file_path).parent
    _Build.summary = None
    _Build.output_findings = []
    _Build.blocks, _Build.after_search = {}, {}
    _Build.logged = set()
    _Build.bibliography = cached_bibliography(_bib_path(config), _Build.root)
    if _Build.bibliography.fatal:
        raise PluginError(
            "references.bib cannot be read:\n" + format_text(_Build.bibliography.fatal)
        )
    for finding in _Build.bibliography.findings:
        _log(finding)
    _use_glossary(config)
    _close_analysis()
    if _Build.command in ("build", "gh-deploy") and can_fork():
        # A one-off build checks in a worker while it renders (evidence/background.py); it
        # starts now, before mkdocs-bibtex's pandoc thread, and reads the files MkDocs will.
        files_logger = logging.getLogger("mkdocs.structure.files")
        files_logger.disabled = True  # MkDocs reads the files again next, and warns then
        try:
            files = get_files(config)
        finally:
            files_logger.disabled = False
        sources, uris = _sources(files)
        links = _ledger_links(config, files)
        _Build.analysis = BackgroundAnalysis(sources, _Build.bibliography, uris, dt.date.today(), links)
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    assert _Build.bibliography is not None
    pages = [f.src_uri for f in _checked_pages(files)]
    if _Build.analysis is None or _Build.analysis.uris != pages:
        _close_analysis()  # not started, or another plugin changed the files: check them here
        sources, uris = _sources(files)
        links = _ledger_links(config, files)
        _Build.analysis = Analysis(sources, _Build.bibliography, uris, dt.date.today(), links)
    files.append(File.generated(config, LEDGER_URI, content=rendering.LEDGER_FRONT_MATTER))
    return files


@event_priority(100)  # before mkdocs-bibtex rewrites [@key]
def on_page_markdown(markdown: str, page: MkDocsPage, config: MkDocsConfig, files: Files) -> str:
    uri = page.file.src_uri
    if _Build.analysis is None:
        return markdown
    if uri == LEDGER_URI:
        ledger = _finish().ledger
        _Build.blocks[LEDGER_URI] = ledger.blocks
        return ledger.markdown
    try:
        checked = _Build.analysis.page(uri)
    except RuntimeError as error:  # the worker failed: its traceback, as a build error
        raise PluginError(str(error)) from None
    if checked is None:
        return markdown
    _log_page(uri, checked.findings)
    # MkDocs strips the front matter and the blank lines after it: count from the end.
    first_line = checked.line_count - markdown.count("\n")
    markdown = rendering.mask_hidden_citations(markdown, checked.masks, first_line)
    if uri == REFERENCES_URI:
        assert _Build.bibliography is not None
        generated = rendering.references_page(
            _Build.bibliography,
            _finish().cited_in,
            _format_references(config),
            lambda cited: _relative_link(files, cited, page.file.url),
        )
        _Build.blocks[REFERENCES_URI] = generated.blocks
        _Build.after_search[REFERENCES_URI] = generated.after_search
        markdown += "\n\n" + generated.markdown + "\n"
    elif checked.cited:
        # The page's reference list goes at its very end, right under this heading.
        markdown += "\n\n## References\n"
    return markdown


def on_page_content(html: str, page: MkDocsPage, config: MkDocsConfig, files: Files) -> str:
    html = rendering.fill_blocks(rendering.unmask(html), _Build.blocks.get(page.file.src_uri, {}))
    for text in _leftover_citations(html):
        finding = Finding(
            "OUT001", _display(Path(page.file.abs_src_path or page.file.src_uri)), 1, 1, text,
            "citation syntax left in the rendered page",
        )
        _Build.output_findings.append(finding)
        _log(finding)
    return html


@event_priority(-100)  # after Material's search has indexed the page
def on_page_context(context: dict[str, Any], page: MkDocsPage, config: MkDocsConfig, nav: Navigation) -> dict[str, Any]:
    parts = _Build.after_search.pop(page.file.src_uri, None)
    if parts and page.content is not None:
        page.content = rendering.fill_after_search(page.content, parts)
    return context


def on_post_build(config: MkDocsConfig) -> None:
    if _Build.analysis is None:
        return
    summary = _finish()
    findings = sorted(summary.findings + _Build.output_findings, key=sort_key)
    counts = summary.counts
    log.info(
        "Evidence: %d claims, %d cited, %d suppressed, %d exempt pages, %d references",
        counts["claims"], counts["cited_claims"], counts["suppressions"], counts["exempt_pages"], counts["references"],
    )
    if findings:
        log.info("Summary of every finding (%d), to fix in one pass:\n%s", len(findings), _summary(findings))


# ---------------------------------------------------------------------------------------------
# Helpers


def _checked_pages(files: Files) -> list[File]:
    return [f for f in files.documentation_pages() if f.abs_src_path and not f.generated_by]


def _sources(files: Files) -> tuple[list[tuple[str, str, str]], set[str]]:
    """The pages to check as (uri, display path, text), and every file's path (for links)."""
    sources = [
        (f.src_uri, _display(Path(f.abs_src_path)), Path(f.abs_src_path).read_text(encoding="utf-8"))
        for f in _checked_pages(files)
    ]
    return sources, {f.src_uri for f in files} | {LEDGER_URI}


def _finish() -> Summary:
    """The checks of every page, waiting for them if they still run. Logs the findings about the
    whole site, and those of any page MkDocs did not render."""
    analysis = _Build.analysis
    assert analysis is not None
    if _Build.summary is None:
        try:
            _Build.summary = analysis.finish()
        except RuntimeError as error:
            raise PluginError(str(error)) from None
        for uri in analysis.uris:
            checked = analysis.page(uri)
            if checked is not None:
                _log_page(uri, checked.findings)
        for finding in _Build.summary.site_findings:
            _log(finding)
        where = "beside the build, which waited" if isinstance(analysis, BackgroundAnalysis) else "; the build waited"
        log.info("Evidence checks took %.2f s %s %.2f s for them", _Build.summary.seconds, where, analysis.waited)
    return _Build.summary


def _ledger_links(config: MkDocsConfig, files: Files) -> Links:
    """The URLs the ledger links to, relative to the ledger."""
    ledger_url = File(LEDGER_URI, config.docs_dir, config.site_dir, config.use_directory_urls).url
    references = files.get_file_from_path(REFERENCES_URI)
    return Links(
        {f.src_uri: get_relative_url(f.url, ledger_url) or "./" for f in _checked_pages(files)},
        get_relative_url(references.url, ledger_url) if references else None,
    )


def _close_analysis() -> None:
    if _Build.analysis is not None:
        _Build.analysis.close()
        _Build.analysis = None


def _use_glossary(config: MkDocsConfig) -> None:
    """Give the abbr extension the glossary's terms, so every page shows their definitions on
    hover. The extension's own `glossary` option applies them to all pages at almost no cost
    (appending `*[term]: ...` lines to each page cost 150 ms a page)."""
    glossary = Path(config.docs_dir) / GLOSSARY_URI
    if "abbr" not in config.markdown_extensions or not glossary.is_file():
        return
    terms = glossary_terms(glossary.read_text(encoding="utf-8"))
    config.mdx_configs.setdefault("abbr", {})["glossary"] = definitions(terms)


def _bib_path(config: MkDocsConfig) -> Path:
    path = configured_bib_file(config)
    if path is None:
        raise PluginError("the bibtex plugin must be configured with bib_file in mkdocs.yml")
    return path


def _display(path: Path) -> str:
    try:
        return path.resolve().relative_to(_Build.root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def _log_page(uri: str, findings: tuple[Finding, ...]) -> None:
    """A page's findings, once per build: as the page renders, before mkdocs-bibtex reads it."""
    if uri not in _Build.logged:
        _Build.logged.add(uri)
        for finding in findings:
            _log(finding)


def _log(finding: Finding) -> None:
    level = {Severity.ERROR: logging.ERROR, Severity.WARNING: logging.WARNING}.get(finding.severity, logging.INFO)
    log.log(level, finding.format_text())


def _summary(findings: list[Finding]) -> str:
    return "\n".join(f"  {f.rule} {f.location()} {f.message}" for f in findings)


def _format_references(config: MkDocsConfig) -> dict[str, str]:
    """Every entry as mkdocs-bibtex formats it (pandoc runs once per build; see
    evidence/formatting.py). The texts fill the References page."""
    registry = getattr(config.plugins.get("bibtex"), "registry", None)
    if registry is None or _Build.bibliography is None:
        return {}
    return formatting.formatted(registry, _Build.bibliography.references)


def _relative_link(files: Files, uri: str, from_url: str) -> str:
    """The URL of the page `uri` relative to the page at `from_url`, for links written as raw
    HTML (MkDocs rewrites only Markdown links)."""
    file = files.get_file_from_path(uri)
    return get_relative_url(file.url if file else uri, from_url) or "./"


class _TextOutsideCode(HTMLParser):
    """Collects a page's text, leaving out code, so leftover [@key] or [^key] can be found."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.chunks: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("code", "pre", "kbd", "samp"):
            self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("code", "pre", "kbd", "samp") and self.depth:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if not self.depth:
            self.chunks.append(data)


def _leftover_citations(html: str) -> list[str]:
    if "[@" not in html and "[^" not in html:
        return []  # most pages: nothing to look at closely
    parser = _TextOutsideCode()
    parser.feed(html)
    parser.close()
    text = "".join(parser.chunks)
    return [m.group(0) for m in rendering.CITATION_BLOCK.finditer(text)] + [
        m.group(0) for m in FOOTNOTE_REF.finditer(text)
    ]


# ---------------------------------------------------------------------------------------------
# Command line


def _mkdocs_bib_file(start: Path) -> Path | None:
    """The bib_file named in the nearest mkdocs.yml (one source of truth for its path)."""
    for folder in [start, *start.parents]:
        if (folder / "mkdocs.yml").is_file():
            return bib_file(read_mkdocs_yml(folder / "mkdocs.yml"), folder)
    return None


def _uri(docs_dir: Path, path: Path) -> str:
    """A file's path inside docs/, which relative links are resolved from."""
    try:
        return path.resolve().relative_to(docs_dir.resolve()).as_posix()
    except ValueError:
        return path.name


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python hooks/claims.py",
        description="Check Markdown files for uncited claims, bad citations and bibliography problems.",
    )
    parser.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="Markdown files or folders")
    parser.add_argument("--format", choices=("text", "json", "github"), default="text")
    parser.add_argument("--bib", type=Path, help="the bibliography (default: bib_file from mkdocs.yml)")
    args = parser.parse_args(argv)

    cwd = Path.cwd()
    bib_path = args.bib or _mkdocs_bib_file(cwd)
    if bib_path is None or not bib_path.is_file():
        parser.error("no bibliography: pass --bib FILE or run inside the project (mkdocs.yml names it)")
    for path in args.paths:
        if not path.exists():
            parser.error(f"{path}: no such file or folder")

    _Build.root = cwd
    bibliography = load_bibliography_file(bib_path, cwd)
    sources: list[tuple[str, str, str]] = []
    for path in args.paths:
        if path.is_dir():
            sources += read_tree(path, cwd)
        else:
            sources.append((path.name, _display(path), path.read_text(encoding="utf-8")))
    docs_dir = bib_path.parent / "docs"
    whole_site = any(p.is_dir() and p.resolve() == docs_dir.resolve() for p in args.paths)
    files = list_files(docs_dir) | {"claims.md"} if docs_dir.is_dir() else None
    sources = [(_uri(docs_dir, Path(path)), path, text) for _, path, text in sources]
    report = analyze(sources, bibliography, whole_site=whole_site, files=files)

    if args.format == "json":
        print(format_json(report.findings, **report.counts()))
    elif args.format == "github":
        if report.findings:
            print(format_github(report.findings))
    else:
        if report.findings:
            print(format_text(report.findings))
        counts = report.counts()
        print(
            f"{len(report.findings)} findings in {counts['files']} files "
            f"({counts['claims']} claims, {counts['cited_claims']} cited, {counts['suppressions']} suppressed)",
            file=sys.stderr,
        )
    # a notice (CLM005) is shown but never fails, here as in the build
    return 1 if any(f.severity is not Severity.NOTICE for f in report.findings) else 0


if __name__ == "__main__":
    sys.exit(main())
