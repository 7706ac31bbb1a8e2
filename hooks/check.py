"""The evidence checks on the command line, as a linter: the same analysis the build runs.

    python hooks/check.py [--format text|json|github] [--bib FILE] PATH...

Exit 0 when nothing fails (notices may be printed), 1 on errors or warnings, 2 on a usage error.
The bibliography and the docs folder come from mkdocs.yml (extra.evidence.bib_file, docs_dir).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from evidence.analysis import analyze, display_path, list_files, load_bibliography_file, read_page, read_tree
from evidence.bibliography import DEFAULT_EVIDENCE_TYPES
from evidence.findings import Finding, RuleSettings, Severity, format_github, format_json, format_text, plural, sort_key
from evidence.guardrails import DEFAULT_PAGE_SCHEMA
from evidence.navigation import check_navigation
from evidence.passages import load_passages
from evidence.site_config import evidence_settings, read_mkdocs_yml


def _project(start: Path) -> Path | None:
    """The nearest folder holding mkdocs.yml."""
    return next((folder for folder in [start, *start.parents] if (folder / "mkdocs.yml").is_file()), None)


def _uri(docs_dir: Path, path: Path) -> str:
    """A file's path inside docs/, which relative links are resolved from."""
    try:
        return path.resolve().relative_to(docs_dir.resolve()).as_posix()
    except ValueError:
        return path.name


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python hooks/check.py",
        description="Check Markdown files for uncited claims, bad citations and bibliography problems.",
    )
    parser.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="Markdown files or folders")
    parser.add_argument("--format", choices=("text", "json", "github"), default="text")
    parser.add_argument("--bib", type=Path, help="the bibliography (default: extra.evidence.bib_file in mkdocs.yml)")
    parser.add_argument("--notices", action="store_true", help="list notices too in the text format (they never fail)")
    args = parser.parse_args(argv)

    cwd = Path.cwd()
    project = _project(cwd)
    bib_path = args.bib
    docs_dir: Path | None = None
    passages_dir: Path | None = None
    rules = RuleSettings()
    types, schema = DEFAULT_EVIDENCE_TYPES, DEFAULT_PAGE_SCHEMA
    if project is not None:
        config = read_mkdocs_yml(project / "mkdocs.yml")
        docs_dir = project / str(config.get("docs_dir") or "docs")
        try:
            settings = evidence_settings(project / "mkdocs.yml")
        except ValueError as error:
            parser.error(f"mkdocs.yml: {error}")
        bib_path = bib_path or settings.bib_file
        rules = settings.rules  # extra.evidence.rules: each rule's severity, or off
        types, schema = settings.evidence_types, settings.page_schema
        # Passages belong with the project's own bibliography, not with another one (--bib).
        passages_dir = settings.passages_dir if bib_path == settings.bib_file else None
    if bib_path is None or not bib_path.is_file():
        parser.error("no bibliography: pass --bib FILE or run inside the project (mkdocs.yml names it)")
    for path in args.paths:
        if not path.exists():
            parser.error(f"{path}: no such file or folder")

    bibliography = load_bibliography_file(bib_path, cwd, types)
    if bibliography.fatal:  # first and alone: every citation would otherwise read as an unknown key
        print(format_text(rules.apply(bibliography.fatal)))
        print(f"{bibliography.path} cannot be read: fix it first; the pages were not checked.", file=sys.stderr)
        return 1
    sources: list[tuple[str, str, str]] = []
    blocked: list[Finding] = []
    for path in args.paths:
        if path.is_dir():
            readable, findings = read_tree(path, cwd)
            sources += readable
            blocked += findings
        else:
            text, findings = read_page(path.read_bytes(), display_path(path, cwd))
            blocked += findings
            if text is not None:
                sources.append((path.name, display_path(path, cwd), text))
    whole_site = docs_dir is not None and any(p.is_dir() and p.resolve() == docs_dir.resolve() for p in args.paths)
    files = list_files(docs_dir) | {"claims.md"} if docs_dir is not None and docs_dir.is_dir() else None
    if docs_dir is not None:
        sources = [(_uri(docs_dir, Path(path)), path, text) for _, path, text in sources]
    passages = load_passages(passages_dir, cwd, bibliography.references) if passages_dir is not None else None
    report = analyze(
        sources, bibliography, whole_site=whole_site and not blocked, files=files, passages=passages, schema=schema
    )
    if whole_site and project is not None and docs_dir is not None:
        blocked += check_navigation(project, [f.relative_to(docs_dir).as_posix() for f in docs_dir.rglob("*.md")])
    report.findings = sorted(rules.apply(report.findings + blocked), key=sort_key)
    failing = [f for f in report.findings if f.severity is not Severity.NOTICE]

    if args.format == "json":
        print(format_json(report.findings, **report.counts()))
    elif args.format == "github":
        if report.findings:
            print(format_github(report.findings))
    else:
        shown = report.findings if args.notices else failing
        if shown:
            print(format_text(shown))
        counts = report.counts()
        notices = len(report.findings) - len(failing)
        print(
            f"{plural(len(failing), 'finding')} in {plural(counts['files'], 'page')} "
            f"({plural(counts['claims'], 'claim')}, {counts['cited_claims']} cited, {counts['suppressions']} suppressed)"
            + (
                f"; {plural(notices, 'notice')} {'that never fails' if notices == 1 else 'that never fail'} (--notices lists them)"
                if notices
                else ""
            ),
            file=sys.stderr,
        )
    return 1 if failing else 0


if __name__ == "__main__":
    sys.exit(main())
