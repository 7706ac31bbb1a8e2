"""The hostile corpus through real builds (issue #18), and what the safe cases publish, in Chromium.

tests/unit/test_hostile.py runs each case of tests/fixtures/hostile/cases.yml through the pure
checks; here the same cases go through `mkdocs build --strict` of copied projects, grouped so that
a few builds, run side by side, cover all 166:

- "pages": every page, front-matter and page-bytes case that expects a finding, each as its own
  page docs/hostile-<id>.md (one build; the strict build fails and names each page);
- "blocked": those whose finding stops a page before any parser reads it (ENC, LIM, FM006): the
  build stops at once and names every such page together;
- "bib": the bibliography cases that expect a finding, each entry with its own key (pwn2020 ->
  pwn2020_<id>) and a page citing it; a bibliography that cannot be read (BIB001, ENC001) stops a
  build on its own, so those two get one build each;
- "reference-text": what pandoc returns for an entry, reached through entries whose source checks
  (BIB006, BIB010) are turned off in mkdocs.yml: the sanitizer is then the last line of defence;
- "static": every docs/ file case that expects a finding;
- "safe": every case that expects no finding, all in one project, which must build strictly.

For each case: the strict build fails naming that case's file, at a line inside the case's own
text, with the case's rule; or, for a safe case, the build passes and its published page holds
nothing that runs. Then each safe case's page is opened in Chromium: no dialog, no request off
127.0.0.1, no script of the payload runs (window.PWN), and no Content-Security-Policy violation
fires, that is, the policy did not have to stop anything; the same with the policy set aside.
"""

from __future__ import annotations

import concurrent.futures
import re
from pathlib import Path
from typing import Any

import pytest
from hostile import ACTIVE_ELEMENTS, CASES, payload
from lxml import html as lxml_html

from conftest import Build, copy_project, mkdocs_build

BY_ID = {case["id"]: case for case in CASES}
FRONT_MATTER = {
    "title": "Running downhill",
    "description": "Why knees can hurt more on the way down.",
    "reviewed": "2026-11-01",
}
BODY = "Runner's knee is common in new runners [@smith2018incidence].\n\n"
BLOCKING = {"ENC001", "LIM001", "LIM002", "LIM003", "LIM004", "FM006"}
# A bibliography with these cannot be read: the build stops at once, so each gets a build of its own.
FATAL_BIB = {"BIB001", "BIB002"}
# Rules about a whole page, reported at its first line.
WHOLE_PAGE = {"LIM001"}
PAGE_KINDS = {"page", "front-matter", "page-bytes"}
# The entry whose pandoc text is each reference-text case (checked below: pandoc gives that text).
REFERENCE_ENTRIES = {
    "RT01": r"\href{javascript:alert(document.domain)}{the full text}",
    "RT02": r"\href{data:text/html,<script>alert(1)</script>}{x}",
    "RT03": r"Knees <img src=x onerror=alert(1)>",
    "RT04": r"Knees <img src=x onerror=alert(1)>",  # pandoc escapes the < (RT03): never raw HTML
    "RT05": r"Knees",
    "RT06": r"Knees. \href{http://example.org}{link}",
}
# Material writes <meta> elements into every page's <head>: the content may hold none (unit tests).
ACTIVE = ACTIVE_ELEMENTS - {"meta"}


def rule_of(case: dict[str, Any]) -> str | None:
    return None if case["expect"] == "safe" else case["expect"].removeprefix("finding ")


def front_matter(extra: str = "", replace: str | None = None) -> str:
    lines = [f"{k}: {v}" for k, v in FRONT_MATTER.items() if k != replace]
    return "---\n" + "\n".join(lines) + "\n" + extra + "---\n\n"


def page_bytes(case: dict[str, Any]) -> tuple[bytes, range]:
    """A case's page as bytes, and the lines its own text takes up there."""
    text = payload(case)
    if case["where"] == "front-matter":
        head = front_matter(replace=case.get("replace"))[: -len("---\n\n")]
        data = head + text + "---\n\n" + BODY
        first = head.count("\n") + 1
        return data.encode("utf-8"), range(first, first + max(text.count("\n"), 1))
    if case["where"] == "page-bytes":
        head = front_matter()
        first = head.count("\n") + 1
        return head.encode("utf-8") + text.encode(case["encoding"]), range(first, first + text.count("\n") + 1)
    head = front_matter() + BODY
    first = head.count("\n") + 1
    return (head + text).encode("utf-8"), range(first, first + text.count("\n") + 1)


def bib_entry(case: dict[str, Any]) -> str:
    """The case's entries with keys and the corpus's shared DOI made its own (entries share a build)."""
    suffix = case["id"].lower()
    text = re.sub(r"\{(pwn2020|PWN2020),", lambda m: "{" + m.group(1) + "_" + suffix + ",", payload(case))
    return re.sub(r"doi = \{10\.1000/(pwn2?)\}", lambda m: f"doi = {{10.1000/{m.group(1)}.{suffix}}}", text)


def bib_keys(entry: str) -> list[str]:
    return re.findall(r"@\w+\{([^,\s]+),", entry)


def add_nav(project: Path, pages: list[str]) -> None:
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "\n  - About this guide: about.md\n" in text
    entries = "".join(f"      - Hostile {Path(p).stem}: {p}\n" for p in pages)
    config.write_text(
        text.replace(
            "\n  - About this guide: about.md\n", "\n  - About this guide: about.md\n  - Hostile:\n" + entries, 1
        ),
        encoding="utf-8",
    )


def set_rules(project: Path, rules: dict[str, str]) -> None:
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "  evidence:\n" in text
    lines = "".join(f"      {code}: {level}\n" for code, level in rules.items())
    config.write_text(text.replace("  evidence:\n", "  evidence:\n    rules:\n" + lines, 1), encoding="utf-8")


def append_bib(project: Path, text: str) -> int:
    """Append to references.bib; the line the text starts on."""
    bib = project / "references.bib"
    current = bib.read_text(encoding="utf-8")
    if not current.endswith("\n"):
        current += "\n"
    bib.write_text(current + "\n" + text, encoding="utf-8")
    return current.count("\n") + 2


class Plan:
    """Which file and lines each case lands on, in which build."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.projects: dict[str, Path] = {}
        self.where: dict[str, tuple[str, str, range | None]] = {}  # id -> (build, display path, lines)
        self.safe_pages: dict[str, str] = {}  # id -> URL path of the page that shows it, in "safe"
        self.safe_files: dict[str, str] = {}  # id -> URL path of a static file, in "safe"

    def project(self, name: str) -> Path:
        if name not in self.projects:
            self.projects[name] = copy_project(self.root / name)
        return self.projects[name]

    def page(self, build: str, case: dict[str, Any], data: bytes, lines: range | None) -> str:
        relative = f"hostile-{case['id']}.md"  # beside the chapters, as the corpus's relative links expect
        target = self.project(build) / "docs" / relative
        target.write_bytes(data)
        self.where[case["id"]] = (build, f"docs/{relative}", lines)
        return relative

    def citing_page(self, build: str, case: dict[str, Any], keys: list[str]) -> str:
        body = front_matter() + BODY + "".join(f"Knees can hurt on hills [@{key}].\n\n" for key in keys)
        relative = f"hostile-{case['id']}.md"
        target = self.project(build) / "docs" / relative
        target.write_text(body, encoding="utf-8")
        return relative


def plan_builds(root: Path) -> Plan:
    plan = Plan(root)
    nav: dict[str, list[str]] = {}
    for case in CASES:
        rule, where = rule_of(case), case["where"]
        if where in PAGE_KINDS:
            build = "safe" if rule is None else ("blocked" if rule in BLOCKING else "pages")
            data, lines = page_bytes(case)
            relative = plan.page(build, case, data, lines)
            nav.setdefault(build, []).append(relative)
            if rule is None:
                plan.safe_pages[case["id"]] = relative.removesuffix(".md") + "/"
        elif where == "bib-entry":
            build = "safe" if rule is None else ("bib-" + case["id"] if rule in FATAL_BIB else "bib")
            entry = bib_entry(case)
            first = append_bib(plan.project(build), entry)
            plan.where[case["id"]] = (build, "references.bib", range(first, first + entry.count("\n") + 1))
            relative = plan.citing_page(build, case, bib_keys(entry)[:1])
            nav.setdefault(build, []).append(relative)
            if rule is None:
                plan.safe_pages[case["id"]] = relative.removesuffix(".md") + "/"
        elif where == "bib-bytes":
            build = "bib-" + case["id"]
            bib = plan.project(build) / "references.bib"
            # The guide's own entries stay UTF-8; the case's entry is saved in its encoding.
            bib.write_bytes(bib.read_bytes() + ("\n" + bib_entry(case)).encode(case["encoding"]))
            plan.where[case["id"]] = (build, "references.bib", None)
        elif where == "reference-text":
            build = "safe" if rule is None else "reference-text"
            key = f"pwn2020_{case['id'].lower()}"
            entry = (
                f"@article{{{key},\n  author = {{Doe, Jane}},\n  title = {{{REFERENCE_ENTRIES[case['id']]}}},\n"
                f"  journal = {{Knee J}},\n  year = {{2020}},\n  doi = {{10.1000/x.{case['id'].lower()}}},\n  evidence = {{cohort}}\n}}\n"
            )
            first = append_bib(plan.project(build), entry)
            plan.where[case["id"]] = (build, "references.bib", range(first, first + 1))
            relative = plan.citing_page(build, case, [key])
            nav.setdefault(build, []).append(relative)
            plan.safe_pages[case["id"]] = relative.removesuffix(".md") + "/"  # published either way
        elif where == "docs-file":
            build = "safe" if rule is None else "static"
            target = plan.project(build) / "docs" / case["path"]
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(payload(case), encoding="utf-8")
            plan.where[case["id"]] = (build, f"docs/{case['path']}", None)
            if rule is None:
                plan.safe_files[case["id"]] = case["path"]
        else:
            raise AssertionError(f"{case['id']}: unknown where {where!r}")
    for build, pages in nav.items():
        add_nav(plan.project(build), pages)
    # Their source checks off, so that pandoc formats the entries and the sanitizer meets its text.
    set_rules(plan.project("reference-text"), {"BIB006": "off", "BIB010": "off"})
    # Safe inputs include sentences the claim check would ask a citation for: not what this corpus tests.
    set_rules(plan.project("safe"), {"CLM001": "notice"})
    return plan


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Plan, dict[str, Build]]:
    plan = plan_builds(tmp_path_factory.mktemp("hostile"))
    with concurrent.futures.ThreadPoolExecutor(max_workers=len(plan.projects)) as pool:
        futures = {
            name: pool.submit(mkdocs_build, project, project / "site") for name, project in plan.projects.items()
        }
        builds = {name: future.result() for name, future in futures.items()}
    return plan, builds


def inert(html: str) -> list[str]:
    """What in a published page's article could run script, load another site or restyle it."""
    tree = lxml_html.fromstring(html)
    article = tree.xpath("//article")
    assert article, "no article in the page"
    problems = []
    for element in article[0].iter():
        tag = element.tag.lower() if isinstance(element.tag, str) else ""
        if tag in ACTIVE:
            problems.append(f"<{tag}>")
        for name, value in element.attrib.items():
            name = name.lower()
            if name.startswith("on") or name in ("srcset", "srcdoc", "formaction", "action"):
                problems.append(f"{tag} {name}={value!r}")
            if name in ("href", "src") and re.match(r"\s*(javascript|data|vbscript):", value, re.I):
                problems.append(f"{tag} {name}={value!r}")
            if name in ("href", "src") and re.match(r"\s*(https?:)?//", value, re.I) and tag != "a":
                problems.append(f"{tag} {name}={value!r}")
            if name == "style" and not (tag in ("td", "th") and value.replace(" ", "").startswith("text-align:")):
                problems.append(f"{tag} style={value!r}")
    return problems


# RT04 is raw HTML in pandoc's text, which no entry can produce (pandoc escapes <, which is RT03):
# its entry is published as text, checked with the safe cases.
@pytest.mark.parametrize(
    "case", [c for c in CASES if c["expect"] != "safe" and c["id"] != "RT04"], ids=lambda c: c["id"]
)
def test_a_hostile_case_fails_the_strict_build_where_it_is(
    hostile: tuple[Plan, dict[str, Build]], case: dict[str, Any]
) -> None:
    plan, builds = hostile
    build_name, path, lines = plan.where[case["id"]]
    build, rule = builds[build_name], rule_of(case)
    assert not build.ok, f"{case['id']}: the build passed strictly"
    found = re.findall(rf"^.*{re.escape(path)}:(\d+):(\d+): {rule}\b.*$", build.log, re.M)
    assert found, (
        f"{case['id']} ({case.get('note', '')}): no {rule} naming {path} in the log:\n"
        + "\n".join(line for line in build.log.splitlines() if path in line)[:3000]
    )
    if lines is not None:
        allowed = set(lines)
        if rule in WHOLE_PAGE:
            allowed.add(1)
        if rule == "HTML004":  # markup an extension wrote (an emoji's image) is traced to the body's first line
            allowed.add(front_matter().count("\n") + 1)
        assert any(int(line) in allowed for line, _ in found), (
            f"{case['id']}: {rule} at lines {[int(n) for n, _ in found]}, the case's text is on lines "
            f"{lines.start}-{lines.stop - 1} of {path}"
        )


def test_every_case_is_planned_and_the_safe_cases_build_strictly(hostile: tuple[Plan, dict[str, Build]]) -> None:
    plan, builds = hostile
    assert set(plan.where) == set(BY_ID), set(BY_ID) - set(plan.where)
    assert len(builds) <= 10, "a few builds cover the corpus"
    safe = builds["safe"]
    assert safe.ok, (
        "the safe cases do not build strictly:\n"
        + "\n".join(
            line for line in safe.log.splitlines() if "hostile" in line or "ERROR" in line or "WARNING" in line
        )[:4000]
    )


@pytest.mark.parametrize(
    "case", [c for c in CASES if c["expect"] == "safe" or c["where"] == "reference-text"], ids=lambda c: c["id"]
)
def test_a_safe_case_is_published_inert(hostile: tuple[Plan, dict[str, Build]], case: dict[str, Any]) -> None:
    plan, builds = hostile
    build_name, _, _ = plan.where[case["id"]]
    site = builds[build_name].site
    if case["id"] in plan.safe_files:
        published = site / plan.safe_files[case["id"]]
        assert published.is_file(), f"{case['id']}: {plan.safe_files[case['id']]} was not published"
        return
    page = site / plan.safe_pages[case["id"]] / "index.html"
    assert page.is_file(), f"{case['id']}: its page was not published"
    html = page.read_text(encoding="utf-8")
    assert not inert(html), f"{case['id']}: {inert(html)}"
    if case["where"] == "reference-text":
        key = f"pwn2020_{case['id'].lower()}"
        entry = lxml_html.fromstring(html).xpath(f'//li[@id="fn:{key}"]')
        assert entry and "Doe J" in entry[0].text_content(), f"{case['id']}: the entry is not in the page's list"


def test_reference_text_cases_are_what_pandoc_returns(hostile: tuple[Plan, dict[str, Build]]) -> None:
    """The entries of REFERENCE_ENTRIES reach the sanitizer with the case's link, escaped or not."""
    plan, builds = hostile
    log = builds["reference-text"].log
    for case_id in ("RT01", "RT02", "RT06"):
        _, path, lines = plan.where[case_id]
        assert re.search(rf"{re.escape(path)}:{lines.start}:\d+: HTML004\b", log), (case_id, log[-3000:])


def test_the_real_site_lost_nothing_to_the_sanitizer_and_every_page_has_its_policy_first(site: Build) -> None:
    assert "HTML004" not in site.log
    pages = sorted(Path(site.site).rglob("*.html"))
    assert len(pages) >= 14
    for page in pages:
        head = lxml_html.parse(str(page)).xpath("//head")[0]
        first = next(iter(head), None)
        assert first is not None and first.tag == "meta" and first.get("http-equiv") == "Content-Security-Policy", (
            f"{page.relative_to(site.site)}: the first element of <head> is {first.tag if first is not None else None}"
        )
        assert "script-src 'self'" in first.get("content", "") and "'unsafe-inline'" not in first.get("content", "")


# -- the safe cases' pages in Chromium ------------------------------------------------------------

WATCH = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__violations.push(`${e.effectiveDirective} blocked ${e.blockedURI || "inline"}`);
}, true);
"""


def watched(browser, bypass_csp: bool) -> tuple:
    """A tab whose requests (the page's and its workers'), pending requests and dialogs are recorded."""
    context = browser.new_context(bypass_csp=bypass_csp)
    context.add_init_script(WATCH)
    requests: list[str] = []
    dialogs: list[str] = []
    pending: set = set()
    context.on("request", lambda request: (requests.append(request.url), pending.add(request)))
    context.on("requestfinished", lambda request: pending.discard(request))
    context.on("requestfailed", lambda request: pending.discard(request))
    page = context.new_page()
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    return context, page, requests, dialogs, pending


@pytest.mark.browser
@pytest.mark.parametrize("policy", ["in force", "set aside"])
def test_safe_pages_run_nothing_in_chromium(hostile: tuple[Plan, dict[str, Build]], browser, policy: str) -> None:
    """Every published page of the safe cases (and the reference-text cases' pages): no dialog, no
    request off loopback, no payload's script (window.PWN); with the policy in force, no violation
    either, so the policy stopped nothing; with it set aside, still nothing runs."""
    from siteserver import SiteServer, site_path

    plan, builds = hostile
    assert builds["safe"].ok and builds["reference-text"].site.is_dir()
    problems: list[str] = []
    for name in ("safe", "reference-text"):
        project = plan.projects[name]
        pages = {case_id: path for case_id, path in plan.safe_pages.items() if plan.where[case_id][0] == name}
        if name == "safe":
            pages.update({case_id: path for case_id, path in plan.safe_files.items() if path.endswith(".svg")})
        server = SiteServer(builds[name].site, prefix=site_path(project / "mkdocs.yml"))
        with server:
            context, page, requests, dialogs, pending = watched(browser, bypass_csp=policy == "set aside")
            try:
                for case_id, path in sorted(pages.items()):
                    requests.clear()
                    dialogs.clear()
                    response = page.goto(server.url + path, wait_until="load")
                    assert response is not None and response.status == 200, f"{case_id}: {path}"
                    page.mouse.wheel(0, 20_000)
                    if path.endswith("/"):
                        page.locator("article a, article abbr, article img").evaluate_all(
                            "els => els.forEach(e => e.dispatchEvent(new MouseEvent('mouseover', {bubbles: true})))"
                        )
                    # Until every request the page (and its workers) started has ended; a bound, not a timing.
                    for _ in range(200):
                        if not pending:
                            break
                        page.wait_for_timeout(10)
                    state = page.evaluate("() => ({pwn: typeof window.PWN, violations: window.__violations || []})")
                    elsewhere = [
                        u for u in requests if not (u.startswith(server.origin + "/") or u.startswith("data:"))
                    ]
                    if dialogs:
                        problems.append(f"{case_id}: dialog {dialogs}")
                    if elsewhere:
                        problems.append(f"{case_id}: requests off loopback {elsewhere}")
                    if state["pwn"] != "undefined":
                        problems.append(f"{case_id}: the payload's script ran (window.PWN)")
                    if state["violations"] and path.endswith("/"):
                        problems.append(f"{case_id}: the policy had to stop {state['violations']}")
                    if not requests:
                        problems.append(f"{case_id}: no request seen")
            finally:
                context.close()
    assert not problems, "\n".join(problems)
