"""The guide's evidence pipeline, as MkDocs events.

Citations `[@key]` become numbered references through a Python-Markdown extension
(evidence/citation_markup.py); every page's claims, citations, front matter, HTML and links are
checked, and the bibliography is formatted by pandoc through mkdocs-bibtex's registry, in one
job (evidence/site.py) that runs in a worker process beside the rendering during `mkdocs build`
(evidence/background.py). Findings go to MkDocs' plugin logger, so `mkdocs build --strict`
fails on any error or warning. The logic lives in hooks/evidence/; each event below is a short
dispatch to it. Settings come from `extra.evidence` in mkdocs.yml (evidence/site_config.py).

The events, in the order MkDocs calls them:

- on_startup: remember the command; `serve` checks in-process and shows each page's findings
  on the page itself (never in a built site).
- on_config: a new `Build` for this build: settings, references.bib parsed (a file that does not
  parse stops the build here), the glossary's terms for `abbr`, the citation extension.
- on_files: start the site's checks and the formatting, reading the files MkDocs will render;
  add the generated evidence ledger (claims.md), which MkDocs renders last.
- on_page_markdown: the References page gets the marker for its list; the ledger waits for the
  checks and takes their Markdown.
- on_page_content: the ledger's tables go in; the rendered page is checked for citation syntax
  left unrendered (OUT001).
- on_page_context (every page is rendered by then; the first one joins the job and logs the
  findings): before Material's search reads a page, the References page gets its list, so
  search finds each reference there, once; after search, each chapter's reference list is filled
  in (with what each source says for the chapter's claims), and under `serve` a banner listing
  the page's findings. Pages hold a marker comment where each part goes until then.
- on_post_build: the claims' sources and passages as site/claims/claims.json; the counts and a
  summary of every finding.

Restart `mkdocs serve` after editing hooks/: MkDocs loads a hook once.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import time
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url
from mkdocs.utils.templates import TemplateContext

from evidence.analysis import Documents, display_path, load_bibliography_file, read_page
from evidence.background import Job, worker_pays
from evidence.bibliography import Bibliography
from evidence.citation_markup import CitationExtension
from evidence.citation_markup import expand as expand_citations
from evidence.findings import Finding, Severity, format_text, plural, sort_key
from evidence.glossary import FirstUseExtension, definitions, glossary_terms
from evidence.ledger import FRONT_MATTER, LEDGER_URI, Links
from evidence.output import findings_banners, leftover_citations
from evidence.references import REFERENCES_PAGE_MARKER, fill_markers, reference_parts, references_page_html
from evidence.sanitize import locate, sanitize_html
from evidence.site import SiteChecks, SiteWork, check_site, format_entries
from evidence.site_config import EvidenceSettings
from evidence.static_files import check_static_files

log = get_plugin_logger("evidence")

REFERENCES_URI = "references.md"
GLOSSARY_URI = "glossary.md"
# Notices never fail and can number hundreds: the log counts them (the page banner under serve,
# the ledger and `hooks/check.py --notices` list them); `mkdocs build -v` shows each.
LOG_LEVEL = {Severity.ERROR: logging.ERROR, Severity.WARNING: logging.WARNING, Severity.NOTICE: logging.DEBUG}


@dataclass
class Build:
    """What one build knows; made anew at on_config."""

    root: Path
    settings: EvidenceSettings
    bibliography: Bibliography
    serving: bool
    job: Job[tuple[SiteChecks, tuple[dict[str, str], list[Finding]]]] | None = None
    checks: SiteChecks | None = None
    entries: dict[str, str] | None = None  # key -> the entry's HTML
    waited: float = 0.0  # how long the build waited for the job
    output_findings: list[Finding] = field(default_factory=list)
    files: Files | None = None
    parts: dict[str, str] | None = None  # marker name -> HTML, once the job is done
    banners: dict[str, str] = field(default_factory=dict)  # under serve: display path -> banner


class EvidencePipeline:
    """The events' state: the current `Build`, and what serve keeps between rebuilds (parsed
    pages, and formatted entries while references.bib is unchanged)."""

    def __init__(self) -> None:
        self.command = ""
        self.build: Build | None = None
        self.documents = Documents()
        # (bib text, (entries' HTML, findings)): serve formats again only when references.bib changes
        self.formatted: tuple[str, tuple[dict[str, str], list[Finding]]] | None = None

    # -- events -----------------------------------------------------------------------------

    def on_startup(self, command: str, dirty: bool) -> None:
        self.command = command

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if self.build is not None and self.build.job is not None:
            self.build.job.close()
        root = Path(config.config_file_path).parent
        try:
            settings = EvidenceSettings.from_extra(config.extra, root)
        except ValueError as error:
            raise PluginError(f"mkdocs.yml: {error}") from None
        bibliography = load_bibliography_file(settings.bib_file, root, settings.evidence_types)
        if bibliography.fatal:
            raise PluginError(f"{bibliography.path} cannot be read:\n" + format_text(bibliography.fatal))
        self.build = Build(root, settings, bibliography, serving=self.command == "serve")
        for finding in bibliography.findings:
            self._log(finding)
        _use_glossary(config)
        config.markdown_extensions.append(CitationExtension(bibliography.references.keys()))  # type: ignore[arg-type]
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        build = self._build()
        pages = [f for f in files.documentation_pages() if f.abs_src_path and not f.generated_by]
        sources, blocked = [], []
        for file in pages:
            path = display_path(Path(str(file.abs_src_path)), build.root)
            text, findings = read_page(Path(str(file.abs_src_path)).read_bytes(), path)
            blocked += findings
            if text is not None:
                sources.append((file.src_uri, path, text))
        if blocked:  # stop before MkDocs reads these pages: they would hang it or fail it with a traceback
            raise PluginError("pages that cannot be built:\n" + format_text(blocked))
        named = {*config.extra_css, *(str(script) for script in config.extra_javascript)}
        for finding in check_static_files(Path(config.docs_dir), build.root, named):
            self._log(finding)
        uris = {f.src_uri for f in files} | {LEDGER_URI}
        work = SiteWork(
            sources,
            build.bibliography,
            uris,
            _ledger_links(config, files, pages),
            dt.date.today(),
            build.settings.bib_file,
            build.settings.csl_file,
            build.settings.passages_dir,
            build.root,
            build.settings.page_schema,
        )
        beside = not build.serving and worker_pays(build.settings.background, len(sources))
        build.job = Job(work if beside else functools.partial(self._in_process, work), beside=beside)
        build.files = files
        files.append(File.generated(config, LEDGER_URI, content=FRONT_MATTER))
        return files

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        if page.file.src_uri == REFERENCES_URI:
            return f"{markdown}\n\n<!--{REFERENCES_PAGE_MARKER}-->\n"
        if page.file.src_uri == LEDGER_URI:
            return self._checks().ledger.markdown
        return markdown

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        build = self._build()
        if page.file.src_uri == LEDGER_URI:
            return fill_markers(html, self._checks().ledger.tables)
        path = display_path(Path(page.file.abs_src_path or page.file.src_uri), build.root)
        html, removals = sanitize_html(html)
        for removal in removals:  # what the source checks did not catch: never published silently
            line, column = locate(removal, page.markdown or "")
            self._log(Finding("HTML004", path, line + _front_matter_lines(page), column, removal.text, removal.message))
        for text in leftover_citations(html):
            build.output_findings.append(
                Finding("OUT001", path, 1, 1, text, "citation syntax left in the rendered page")
            )
        return html

    @event_priority(100)  # before Material's search reads the page: the References page's list is indexed
    def fill_before_search(
        self, context: TemplateContext, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        if page.file.src_uri == REFERENCES_URI and page.content:
            build, checks = self._build(), self._checks()
            assert build.files is not None  # on_files ran
            href = functools.partial(_relative_link, build.files, from_url=page.url)
            html = references_page_html(build.bibliography, checks.cited_in, self._entries(), href)
            page.content = fill_markers(page.content, {REFERENCES_PAGE_MARKER.removeprefix("evidence:"): html})
        return context

    @event_priority(
        -100
    )  # after search: a chapter's reference entries are for readers (search finds them on References)
    def fill_after_search(
        self, context: TemplateContext, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        if page.content:
            page.content = self._fill(page)
        return context

    def on_post_build(self, config: MkDocsConfig) -> None:
        build = self._build()
        checks = self._checks()
        counts = checks.counts
        ledger_folder = Path(config.site_dir) / LEDGER_URI.removesuffix(".md")
        ledger_folder.mkdir(parents=True, exist_ok=True)
        (ledger_folder / "claims.json").write_text(checks.claims_json + "\n", encoding="utf-8")
        log.info(
            "Evidence: %s, %d cited, %d suppressed, %s exempt, %s",
            plural(counts["claims"], "claim"),
            counts["cited_claims"],
            counts["suppressions"],
            plural(counts["exempt_pages"], "page"),
            plural(counts["references"], "reference"),
        )
        grounded = counts["supported"] + counts["numbers_missing"] + counts["no_passage"]
        log.info(
            "Source passages: %d of %d cited claims supported (%.0f%%); no supporting passage recorded for %d; numbers missing in %d",
            counts["supported"],
            grounded,
            100 * counts["supported"] / max(grounded, 1),
            counts["no_passage"],
            counts["numbers_missing"],
        )
        findings = sorted(build.settings.rules.apply(checks.findings + build.output_findings), key=sort_key)
        failing = [f for f in findings if f.severity is not Severity.NOTICE]
        if failing:
            summary = "\n".join(f"  {f.rule} {f.location()} {f.message}" for f in failing)
            log.info("Summary of every %s, to fix in one pass:\n%s", plural(len(failing), "finding"), summary)
        if len(findings) > len(failing):
            log.info(
                "%s that never fail the build: `python hooks/check.py --notices docs` lists them",
                plural(len(findings) - len(failing), "notice"),
            )

    # -- the job ----------------------------------------------------------------------------

    def _fill(self, page: Page) -> str:
        """A rendered page with its marked parts filled in: each cited entry (with what the
        source says for the page's claims), and under `serve` the banner of the page's findings.
        The first page asks for the job's result: every page is rendered by then."""
        build = self._build()
        checks = self._checks()
        if build.parts is None:
            build.parts = reference_parts(self._entries())
            # A citation the checks already reported (CIT) is left as text on purpose: one finding.
            reported = {f.path for f in checks.findings if f.rule.startswith("CIT")}
            build.output_findings = [f for f in build.output_findings if f.path not in reported]
            for finding in build.output_findings:
                self._log(finding)
            if build.serving:
                build.banners = findings_banners(
                    build.settings.rules.apply(checks.findings + build.output_findings), build.root
                )
        parts = build.parts
        relied_on = checks.passages.get(page.file.src_uri)
        if relied_on:
            parts = {**parts, **reference_parts(self._entries(), relied_on)}
        banner = (
            build.banners.get(display_path(Path(page.file.abs_src_path), build.root), "")
            if page.file.abs_src_path
            else ""
        )
        return banner + fill_markers(page.content or "", parts, expand_citations)

    def _log(self, finding: Finding) -> None:
        for shown in self._build().settings.rules.apply([finding]):  # extra.evidence.rules: severity, or off
            log.log(LOG_LEVEL[shown.severity], shown.format_text())

    def _build(self) -> Build:
        if self.build is None:
            raise PluginError("the evidence hook's on_config did not run")
        return self.build

    def _in_process(self, work: SiteWork) -> tuple[SiteChecks, tuple[dict[str, str], list[Finding]]]:
        """The job in the build's process: only edited pages parsed again, and pandoc only when
        references.bib changed (`mkdocs serve`)."""
        checks = check_site(
            work.sources,
            work.bibliography,
            work.files,
            work.links,
            work.today,
            work.passages_dir,
            work.display_root,
            self.documents,
            work.schema,
        )
        if self.formatted is None or self.formatted[0] != work.bibliography.text:
            self.formatted = (work.bibliography.text, format_entries(work.bib_path, work.csl_path, work.bibliography))
        return checks, self.formatted[1]

    def _join(self) -> None:
        build = self._build()
        if build.checks is not None:
            return
        if build.job is None:
            raise PluginError("the evidence checks were not started (on_files did not run)")
        started = time.perf_counter()
        try:
            build.checks, (build.entries, entry_findings) = build.job.result()
        except Exception as error:  # the worker's traceback is the cause: show it
            raise PluginError(f"the evidence checks failed: {error!r}") from error
        build.waited = time.perf_counter() - started
        for finding in build.checks.findings + entry_findings:
            self._log(finding)
        log.info("Evidence checks took %.2f s; the build waited %.2f s for them", build.checks.seconds, build.waited)

    def _checks(self) -> SiteChecks:
        self._join()
        assert self._build().checks is not None
        return self._build().checks  # type: ignore[return-value]

    def _entries(self) -> dict[str, str]:
        self._join()
        return self._build().entries or {}


def _front_matter_lines(page: Page) -> int:
    """How many lines of the file come before page.markdown (MkDocs strips the front matter)."""
    if not page.file.abs_src_path or page.markdown is None:
        return 0
    source = Path(page.file.abs_src_path).read_text(encoding="utf-8")
    return max(0, source.count("\n") - page.markdown.count("\n"))


def _use_glossary(config: MkDocsConfig) -> None:
    """Give the abbr extension the glossary's terms, so every page shows their definitions on
    hover (its `glossary` option applies them to all pages at almost no cost), at each term's
    first use on the page."""
    glossary = Path(config.docs_dir) / GLOSSARY_URI
    if "abbr" not in config.markdown_extensions or not glossary.is_file():
        return
    terms = glossary_terms(glossary.read_text(encoding="utf-8"))
    config.mdx_configs.setdefault("abbr", {})["glossary"] = definitions(terms)
    config.markdown_extensions.append(FirstUseExtension())  # type: ignore[arg-type]


def _ledger_links(config: MkDocsConfig, files: Files, pages: list[File]) -> Links:
    """The URLs the ledger links to, relative to the ledger."""
    ledger_url = File(LEDGER_URI, config.docs_dir, config.site_dir, config.use_directory_urls).url
    references = files.get_file_from_path(REFERENCES_URI)
    return Links(
        {f.src_uri: get_relative_url(f.url, ledger_url) or "./" for f in pages},
        get_relative_url(references.url, ledger_url) if references else None,
    )


def _relative_link(files: Files, uri: str, from_url: str) -> str:
    """The URL of the page `uri` relative to the page at `from_url`, for links written as HTML
    (MkDocs rewrites only Markdown links)."""
    file = files.get_file_from_path(uri)
    return get_relative_url(file.url if file else uri, from_url) or "./"


_pipeline = EvidencePipeline()
on_startup = _pipeline.on_startup
on_config = _pipeline.on_config
on_files = _pipeline.on_files
on_page_markdown = _pipeline.on_page_markdown
on_page_content = _pipeline.on_page_content
on_page_context = CombinedEvent(_pipeline.fill_before_search, _pipeline.fill_after_search)
on_post_build = _pipeline.on_post_build
