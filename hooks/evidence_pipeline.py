"""The guide's evidence pipeline, as MkDocs events.

Citations `[@key]` become numbered references through a Python-Markdown extension
(evidence/citation_markup.py); every page's claims, citations, front matter, HTML and links are
checked in one job (evidence/site.py) that runs in a worker process beside the rendering during
`mkdocs build` (evidence/background.py), and joined only once every other page is written.
pandoc formats the bibliography through mkdocs-bibtex's registry in a thread meanwhile.
Findings go to MkDocs' plugin logger, so `mkdocs build --strict` fails on any error or warning.
The logic lives in hooks/evidence/; each event below is a short dispatch to it. Settings come
from `extra.evidence` in mkdocs.yml (evidence/site_config.py).

The events, in the order MkDocs calls them:

- on_startup: remember the command; `serve` checks in-process and shows each page's findings
  on the page itself (never in a built site).
- on_config: a new `Build` for this build: settings, references.bib parsed (a file that does not
  parse stops the build here), the glossary's terms for `abbr`, the citation extension.
- on_files: start the site's checks, reading the files MkDocs will render, and pandoc's
  formatting; add the generated evidence ledger (claims.md), which MkDocs handles last.
- on_page_markdown: the References page gets the marker for its list; the ledger stays empty
  for now.
- on_page_content: the rendered page is sanitized and checked for citation syntax left
  unrendered (OUT001); the sources its reference list holds are noted for "Cited in".
- on_page_context, before Material's search reads a page: the References page gets its list
  (pandoc's entries, and the pages citing each, as rendered), so search finds each reference
  there, once. The ledger, the last page, waits for the checks here and is rendered from their
  Markdown (its table of contents is the pages that have claims). After search: each citation
  and reference list is written out, and under `serve` a banner lists the page's findings.
- on_post_build: each written page's reference entries go in (with what each source says for
  the page's claims: the checks' result, which the pages did not wait for), the claims as
  site/claims/claims.json, then the counts and a summary of every finding.
- on_build_error: a page stopped the build (Material cannot find an icon its front matter
  names): the checks' findings, which say why, are logged before MkDocs shows the error.

Pages hold a marker comment where each part goes until then. MkDocs checks links to the ledger's
headings after every page is built, so they are checked against the ledger as rendered.
Restart `mkdocs serve` after editing hooks/: MkDocs loads a hook once.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import logging
import time
from concurrent.futures import Future, ThreadPoolExecutor
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
from evidence.citation_markup import CitationExtension, listed_keys
from evidence.citation_markup import expand as expand_citations
from evidence.findings import Finding, Severity, format_text, plural, sort_key
from evidence.glossary import FirstUseExtension, definitions, glossary_terms
from evidence.ledger import FRONT_MATTER, LEDGER_URI, Links
from evidence.output import findings_banners, leftover_citations
from evidence.references import REFERENCES_PAGE_MARKER, fill_markers, reference_parts, references_page_html
from evidence.sanitize import locate, sanitize_html
from evidence.site import SiteChecks, SiteWork, format_entries
from evidence.site_config import EvidenceSettings
from evidence.static_files import check_static_files

log = get_plugin_logger("evidence")

REFERENCES_URI = "references.md"
GLOSSARY_URI = "glossary.md"
# Where a chapter's reference entry goes until the page is written (references.reference_marker).
REFERENCE_ENTRY = "<!--evidence:ref:"
# Notices never fail and can number hundreds: the log counts them (the page banner under serve,
# the ledger and `hooks/check.py --notices` list them); `mkdocs build -v` shows each.
LOG_LEVEL = {Severity.ERROR: logging.ERROR, Severity.WARNING: logging.WARNING, Severity.NOTICE: logging.DEBUG}


Entries = tuple[dict[str, str], list[Finding]]  # key -> the entry's HTML; findings about entries


@dataclass
class Build:
    """What one build knows; made anew at on_config."""

    root: Path
    settings: EvidenceSettings
    bibliography: Bibliography
    serving: bool
    job: Job[SiteChecks] | None = None
    formatting: Future[Entries] | None = None  # pandoc's entries, formatted in a thread
    checks: SiteChecks | None = None
    entries: dict[str, str] | None = None  # key -> the entry's HTML
    waited: float = 0.0  # how long the build waited for the job
    output_findings: list[Finding] = field(default_factory=list)
    files: Files | None = None
    # key -> (uri, title) of each page whose rendered reference list holds it, in page order
    cited_in: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    # (written file, page uri) of each page whose reference entries go in after the build
    awaiting_entries: list[tuple[str, str]] = field(default_factory=list)
    banners: dict[str, str] | None = None  # under serve: display path -> banner


class EvidencePipeline:
    """The events' state: the current `Build`, and what serve keeps between rebuilds (parsed
    pages, and formatted entries while references.bib is unchanged)."""

    def __init__(self) -> None:
        self.command = ""
        self.build: Build | None = None
        self.documents = Documents()
        # (bib text, (entries' HTML, findings)): serve formats again only when references.bib changes
        self.formatted: tuple[str, Entries] | None = None

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
            build.settings.passages_dir,
            build.root,
            build.settings.page_schema,
        )
        beside = not build.serving and worker_pays(build.settings.background, len(sources))
        build.job = Job(work if beside else functools.partial(work, self.documents), beside=beside)
        build.formatting = self._start_formatting(build)  # after the fork: a thread is not forked with it
        build.files = files
        files.append(File.generated(config, LEDGER_URI, content=FRONT_MATTER))
        return files

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        if page.file.src_uri == REFERENCES_URI:
            return f"{markdown}\n\n<!--{REFERENCES_PAGE_MARKER}-->\n"
        if page.file.src_uri == LEDGER_URI:
            return ""  # rendered at its on_page_context, from the checks
        return markdown

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        build = self._build()
        if page.file.src_uri == LEDGER_URI:
            return html
        title = str(page.meta.get("title") or page.file.src_uri)
        for key in listed_keys(html):
            build.cited_in.setdefault(key, []).append((page.file.src_uri, title))
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
        build = self._build()
        assert build.files is not None  # on_files ran
        if page.file.src_uri == REFERENCES_URI and page.content:
            href = functools.partial(_relative_link, build.files, from_url=page.url)
            html = references_page_html(build.bibliography, build.cited_in, self._entries(), href)
            page.content = fill_markers(page.content, {REFERENCES_PAGE_MARKER.removeprefix("evidence:"): html})
        elif page.file.src_uri == LEDGER_URI:
            checks = self._checks()
            page.markdown = checks.ledger.markdown
            page.render(config, build.files)
            page.content = fill_markers(page.content or "", checks.ledger.tables)
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
        self._log_output_findings(checks)
        self._write_entries(checks)
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

    def on_build_error(self, error: Exception) -> None:
        """A page that stops the build (a theme template it names that does not exist) must not
        hide the findings that say why: they are logged before MkDocs shows the error."""
        build = self.build
        if build is not None and build.job is not None and build.checks is None:
            with contextlib.suppress(
                PluginError
            ):  # the checks failed too: MkDocs shows the error that stopped the build
                self._join()

    # -- what waits for the checks ----------------------------------------------------------

    def _fill(self, page: Page) -> str:
        """A rendered page with its citations and reference list written out, and under `serve`
        the banner of the page's findings. The entries' texts go in once the page is written
        (`_write_entries`): what each source says for the page's claims comes from the checks."""
        build = self._build()
        banner = ""
        if build.serving and page.file.abs_src_path:
            if build.banners is None:
                checks = self._checks()
                build.banners = findings_banners(
                    build.settings.rules.apply(checks.findings + self._output_findings(checks)), build.root
                )
            banner = build.banners.get(display_path(Path(page.file.abs_src_path), build.root), "")
        html = fill_markers(page.content or "", {}, expand_citations)
        if REFERENCE_ENTRY in html and page.file.abs_dest_path:
            build.awaiting_entries.append((page.file.abs_dest_path, page.file.src_uri))
        return banner + html

    def _output_findings(self, checks: SiteChecks) -> list[Finding]:
        """OUT001 findings, less those of pages whose citations the checks already reported
        (CIT): a citation left as text on purpose is one finding, not two."""
        reported = {f.path for f in checks.findings if f.rule.startswith("CIT")}
        return [f for f in self._build().output_findings if f.path not in reported]

    def _log_output_findings(self, checks: SiteChecks) -> None:
        build = self._build()
        build.output_findings = self._output_findings(checks)
        for finding in build.output_findings:
            self._log(finding)

    def _write_entries(self, checks: SiteChecks) -> None:
        """Each written page's reference entries, with what the source says for the page's
        claims, in place of their markers (nothing else in the file changes)."""
        entries = self._entries()
        every = reference_parts(entries)
        for written, uri in self._build().awaiting_entries:
            relied_on = checks.passages.get(uri)
            parts = {**every, **reference_parts(entries, relied_on)} if relied_on else every
            path = Path(written)
            path.write_bytes(fill_markers(path.read_bytes().decode("utf-8"), parts).encode("utf-8"))

    def _log(self, finding: Finding) -> None:
        for shown in self._build().settings.rules.apply([finding]):  # extra.evidence.rules: severity, or off
            log.log(LOG_LEVEL[shown.severity], shown.format_text())

    def _build(self) -> Build:
        if self.build is None:
            raise PluginError("the evidence hook's on_config did not run")
        return self.build

    def _start_formatting(self, build: Build) -> Future[Entries]:
        """pandoc's entries, in a thread (pandoc is a process of its own); under serve, again
        only when references.bib changed."""
        bibliography, settings = build.bibliography, build.settings
        if self.formatted is not None and self.formatted[0] == bibliography.text:
            done: Future[Entries] = Future()
            done.set_result(self.formatted[1])
            return done
        pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="evidence-pandoc")
        future = pool.submit(format_entries, settings.bib_file, settings.csl_file, bibliography)
        pool.shutdown(wait=False)  # the submitted work runs on; the thread ends with it
        return future

    def _join(self) -> None:
        """The checks' result (the worker's, or run here now), their findings logged."""
        build = self._build()
        if build.checks is not None:
            return
        if build.job is None:
            raise PluginError("the evidence checks were not started (on_files did not run)")
        started = time.perf_counter()
        try:
            build.checks = build.job.result()
        except Exception as error:  # the worker's traceback is the cause: show it
            raise PluginError(f"the evidence checks failed: {error!r}") from error
        build.waited = time.perf_counter() - started
        for finding in build.checks.findings:
            self._log(finding)
        log.info("Evidence checks took %.2f s; the build waited %.2f s for them", build.checks.seconds, build.waited)

    def _checks(self) -> SiteChecks:
        self._join()
        assert self._build().checks is not None
        return self._build().checks  # type: ignore[return-value]

    def _entries(self) -> dict[str, str]:
        """pandoc's entries, once formatted (their findings logged)."""
        build = self._build()
        if build.entries is None:
            if build.formatting is None:
                raise PluginError("the bibliography's formatting was not started (on_files did not run)")
            try:
                entries, findings = build.formatting.result()
            except Exception as error:
                raise PluginError(f"pandoc could not format {build.bibliography.path}: {error!r}") from error
            self.formatted = (build.bibliography.text, (entries, findings))
            build.entries = entries
            for finding in findings:
                self._log(finding)
        return build.entries


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
on_build_error = _pipeline.on_build_error
