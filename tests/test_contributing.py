"""What a contributor relies on: RULES.md's messages are real and complete, CONTRIBUTING.md's
quick path, the checker's GitHub annotations, the pre-commit hooks on a real change, the issue
forms and the PR template.

RULES.md shows, for every rule in hooks/evidence/findings.py, a small broken example and the
message the checker prints for it. The examples live here too: each is run through the real
checker, and every line it prints must appear word for word in RULES.md. When a message
changes, this test fails and prints the new text to paste. Its table and headings are written
by scripts/rules_doc.py, and must be up to date.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import rules_doc
import yaml

from conftest import ROOT, mkdocs_build, tool
from evidence.bibliography import EVIDENCE_TYPES
from evidence.findings import RULES, Severity
from evidence.site_config import nav_files, read_mkdocs_yml

CONTRIBUTING = ROOT / "CONTRIBUTING.md"
RULES_MD = ROOT / "RULES.md"
CHECKER = ROOT / "hooks" / "check.py"
TODAY = dt.date.today().isoformat()


def front_matter(**fields: str) -> str:
    data = {"title": "Running downhill", "description": "Why knees can hurt more on the way down.", "reviewed": TODAY}
    data.update(fields)
    lines = [f"{k}: {v}" for k, v in data.items() if v is not None]
    return "---\n" + "\n".join(lines) + "\n---\n"


def page(body: str, **fields: str) -> str:
    """A new page, docs/hills.md: front matter, a blank line, then `body` from line 7 on
    (one line sooner or later when `fields` adds or drops a front matter line)."""
    return front_matter(**fields) + "\n" + body


CITED = "Runner's knee is common in groups that take on a lot of new training, such as military recruits and new runners [@smith2018incidence].\n"

# A small bibliography for the BIB examples; its entry is nielsen2014obese from references.bib.
AUTHORS = (
    "Nielsen, Rasmus Oestergaard and Bertelsen, Michael Lejbach and Parner, Erik Thorlund and "
    "S{\\o}rensen, Henrik and Lind, Martin and Rasmussen, Sten"
)
TITLE = (
    "Running more than three kilometers during the first week of a running regimen may be "
    "associated with increased risk of injury in obese novice runners"
)


def entry(key: str = "nielsen2014obese", *, drop: tuple[str, ...] = (), **changes: str) -> str:
    fields = {
        "author": AUTHORS,
        "title": TITLE,
        "journal": "International Journal of Sports Physical Therapy",
        "year": "2014",
        "pmid": "24944852",
        "pmcid": "PMC4060311",
        "evidence": "cohort",
    }
    fields.update(changes)
    body = ",\n".join(f"  {name:<7} = {{{value}}}" for name, value in fields.items() if name not in drop)
    return f"@article{{{key},\n{body}\n}}\n"


LAUERSEN = {
    "author": "Lauersen, Jeppe Bo and Bertelsen, Ditte Marie and Andersen, Lars Bo",
    "title": "The effectiveness of exercise interventions to prevent sports injuries: a systematic review and meta-analysis of randomised controlled trials",
    "journal": "British Journal of Sports Medicine",
    "year": "2014",
    "doi": "10.1136/bjsports-2013-092538",
    "evidence": "meta-analysis",
}


def lauersen(key: str = "lauersen2014effectiveness") -> str:
    return entry(key, drop=("pmid", "pmcid"), **LAUERSEN)


BIB_PAGE = page(
    "Running more than 3 km in the first week was linked to more injuries in obese new runners [@nielsen2014obese].\n"
)


@dataclass
class Example:
    rule: str
    files: dict[str, str]
    args: tuple[str, ...] = ("docs/hills.md",)
    own_bibliography: bool = False  # True: `files` brings a small references.bib
    extra_rules: set[str] = field(default_factory=set)  # other rules the example also triggers


EXAMPLES = [
    # Bibliography (a small references.bib of its own)
    # An unreadable bibliography has no entries, so the page's citation is unknown too (CIT001).
    Example(
        "BIB001",
        {"references.bib": entry().replace("2014},", "2014}", 1), "docs/hills.md": BIB_PAGE},
        own_bibliography=True,
    ),
    Example("BIB002", {"references.bib": entry() + "\n" + entry(), "docs/hills.md": BIB_PAGE}, own_bibliography=True),
    Example(
        "BIB003",
        {
            "references.bib": lauersen() + "\n" + lauersen("lauersen2014exercise"),
            "docs/hills.md": page(
                "Exercise programs may lower the risk of sports injuries [@lauersen2014effectiveness; @lauersen2014exercise].\n"
            ),
        },
        own_bibliography=True,
    ),
    Example("BIB004", {"references.bib": entry(drop=("journal",)), "docs/hills.md": BIB_PAGE}, own_bibliography=True),
    Example(
        "BIB005", {"references.bib": entry(drop=("pmid", "pmcid")), "docs/hills.md": BIB_PAGE}, own_bibliography=True
    ),
    Example(
        "BIB006",
        {"references.bib": entry(pmcid="https://pmc.ncbi.nlm.nih.gov/articles/PMC4060311"), "docs/hills.md": BIB_PAGE},
        own_bibliography=True,
    ),
    Example("BIB007", {"references.bib": entry(evidence="study"), "docs/hills.md": BIB_PAGE}, own_bibliography=True),
    Example(
        "BIB008",
        {"references.bib": entry() + "\n" + lauersen(), "docs/index.md": BIB_PAGE},  # a page in the nav
        args=("docs",),
        own_bibliography=True,
    ),
    Example(
        "BIB009",
        {"references.bib": entry() + "\n" + entry("nielsen:2014"), "docs/hills.md": BIB_PAGE},
        own_bibliography=True,
    ),
    # Citations
    Example("CIT001", {"docs/hills.md": page(CITED.replace("smith2018incidence", "smith2018incidenc"))}),
    Example("CIT002", {"docs/hills.md": page(CITED.replace("[@", "[see @"))}, extra_rules={"CLM001"}),
    Example("CIT003", {"docs/hills.md": page(CITED.replace("@smith2018incidence", "@"))}, extra_rules={"CLM001"}),
    Example("CIT004", {"docs/hills.md": page(CITED.replace("incidence]", "incidence, p. 5]"))}),
    Example("CIT009", {"docs/hills.md": page("## New runners [@smith2018incidence]\n\n" + CITED)}),
    # Claims
    Example("CLM001", {"docs/hills.md": page(CITED + "Running downhill puts more strain on the front of the knee.\n")}),
    Example("CLM002", {"docs/hills.md": page("Running prevents knee inflammation [@hyldahl2016running].\n")}),
    Example(
        "CLM003",
        {
            "docs/hills.md": page(
                "<!-- evidence: ignore CLM001 -->\nRunning downhill puts more strain on the front of the knee.\n"
            )
        },
    ),
    Example("CLM004", {"docs/hills.md": page(CITED + '\n<!-- evidence: ignore CLM001 "tip for the reader" -->\n')}),
    # a notice: its model score changes when the model is retrained (paste the new message)
    Example("CLM005", {"docs/hills.md": page("Your knee will thank you.\n")}, args=("--notices", "docs/hills.md")),
    # Front matter
    Example("FM001", {"docs/hills.md": page("Text.\n", description="Hills: why knees hurt on the way down")}),
    Example("FM002", {"docs/hills.md": page("Text.\n", description=None)}),
    Example("FM003", {"docs/hills.md": page("Text.\n", reviewed="23 November 2026")}),
    Example("FM004", {"docs/hills.md": page("Text.\n", reviewd="2026-11-23")}),
    Example("FM005", {"docs/hills.md": page("Text.\n", reviewed="2024-01-15")}),
    # Raw HTML
    Example("HTML001", {"docs/hills.md": page('<iframe src="https://www.youtube.com/embed/example"></iframe>\n')}),
    Example("HTML002", {"docs/hills.md": page('<span onclick="showMore()">Show more</span>\n')}),
    Example("HTML003", {"docs/hills.md": page('<a href="javascript:showMore()">Show more</a>\n')}),
    # Links
    Example("LNK001", {"docs/hills.md": page("Read [the JOSPT guideline](http://www.jospt.org/) for more.\n")}),
    Example(
        "LNK002",
        {"docs/hills.md": page("Read [the treatment page](treatment.md) and [the exercise page](exercise.md).\n")},
    ),
    # Navigation: a new page not yet in mkdocs.yml's nav (the whole guide is checked)
    Example("NAV001", {"docs/hills.md": page(CITED)}, args=("docs",)),
]
# OUT001 only shows in a build (test_out001_message_is_in_contributing).
BUILD_ONLY = {"OUT001"}
# NAV002 needs the project's issue forms (tests/unit/test_rule_messages.py checks its message).
# Rules whose RULES.md messages other tests make real: tests/unit/test_rule_messages.py from the
# functions that report them (their examples need bytes, files or whole-site state that an
# EXAMPLES page cannot hold), tests/unit/test_passages.py for the passage rules, and the per-rule
# fixtures in tests/fixtures/rules/ through the checker.
CHECKED_ELSEWHERE = {
    "NAV002",
    "BIB010",
    "CIT005",
    "CIT006",
    "CIT007",
    "CIT008",
    "FM006",
    "FM007",
    "HTML004",
    "STA001",
    "STA002",
    "LIM001",
    "LIM002",
    "LIM003",
    "LIM004",
    "ENC001",
    # Issue #17's source passages (evidence/passages.py): tests/unit/test_passages.py checks
    # their messages.
    "PSG001",
    "PSG002",
    "PSG003",
    "PSG004",
    "PSG005",
    "PSG006",
    "NUM001",
    "NUM002",
    "NUM003",
}


def make_example(example: Example, root: Path) -> Path:
    project = root / example.rule
    project.mkdir()
    shutil.copy2(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(ROOT / "csl", project / "csl")
    if example.own_bibliography:
        (project / "docs").mkdir()
        (project / "passages").mkdir()  # the real passages of the small bibliography's entries
        for key in re.findall(r"^@\w+\{([^,]+),", example.files["references.bib"], re.M):
            if (ROOT / "passages" / f"{key}.yml").is_file():
                shutil.copy2(ROOT / "passages" / f"{key}.yml", project / "passages" / f"{key}.yml")
    else:
        shutil.copy2(ROOT / "references.bib", project / "references.bib")
        shutil.copytree(ROOT / "docs", project / "docs")
        shutil.copytree(ROOT / "passages", project / "passages")
    for relative, text in example.files.items():
        (project / relative).write_text(text, encoding="utf-8")
    return project


def check(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(CHECKER), *args], cwd=project, capture_output=True, text=True)


def contributing() -> str:
    return CONTRIBUTING.read_text(encoding="utf-8")


def rules_md() -> str:
    return RULES_MD.read_text(encoding="utf-8")


def slug(heading: str) -> str:
    """GitHub's anchor for a heading."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def rule_heading(code: str) -> str:
    return f"{code} {RULES[code].summary}"


# ---------------------------------------------------------------------------------------------
# CONTRIBUTING.md: every rule, with its real message


def test_every_rule_has_an_example() -> None:
    assert {e.rule for e in EXAMPLES} | BUILD_ONLY | CHECKED_ELSEWHERE == set(RULES)


@pytest.mark.parametrize("example", EXAMPLES, ids=[e.rule for e in EXAMPLES])
def test_example_message_is_in_contributing(example: Example, tmp_path: Path) -> None:
    result = check(make_example(example, tmp_path), *example.args)
    lines = result.stdout.splitlines()
    rules = {line.split(": ", 1)[1].split(" ", 1)[0] for line in lines}
    fails = any(RULES[rule].severity is not Severity.NOTICE for rule in {example.rule} | example.extra_rules)
    assert result.returncode == int(fails) and rules == {example.rule} | example.extra_rules, (
        result.stdout + result.stderr
    )
    text = rules_md()
    missing = [line for line in lines if f"{line}\n" not in text]
    assert not missing, "RULES.md lacks the checker's real message(s); paste:\n" + "\n".join(missing)


def test_out001_message_is_in_contributing(project: Path, tmp_path: Path) -> None:
    """A citation inside a raw HTML block is not rendered: only the build can see it."""
    chapter = project / "docs" / "treatment.md"
    chapter.write_text(
        chapter.read_text(encoding="utf-8") + f'\n<div class="tip">{CITED.strip()}</div>\n',
        encoding="utf-8",
    )
    build = mkdocs_build(project, tmp_path / "site")
    assert not build.ok
    line = next(row for row in build.log.splitlines() if "OUT001" in row and "evidence: " in row)
    message = line.split("evidence: ", 1)[1]
    assert f"{message}\n" in rules_md(), f"RULES.md lacks the real OUT001 message; paste:\n{message}"


def test_every_rule_has_its_own_section() -> None:
    text = rules_md()
    for code in RULES:
        assert f"\n### {rule_heading(code)}\n" in text, f"RULES.md has no section '### {rule_heading(code)}'"
        assert f"### {rule_heading(code)}\n\n(To write" not in text, f"RULES.md's section on {code} is a stub"


def test_rules_md_and_the_evidence_table_are_generated_from_the_code() -> None:
    """scripts/rules_doc.py writes RULES.md's table and headings and CONTRIBUTING.md's evidence table."""
    stale = [path.name for path, text in rules_doc.generated().items() if path.read_text(encoding="utf-8") != text]
    assert not stale, f"{', '.join(stale)} out of date: run python scripts/rules_doc.py"


def test_contributing_starts_with_a_quick_path_and_links_to_rules_md() -> None:
    text = contributing()
    quick = text.split("\n## ", 2)[1]
    assert quick.startswith("Quick path"), "CONTRIBUTING.md's first section is not the quick path"
    assert len(quick.splitlines()) <= 40, "the quick path is more than a screen"
    for step in ("clone", "make serve", "[@key]", "make lint", "pull request", "RULES.md"):
        assert step in quick, f"the quick path does not mention {step}"


def test_contributing_covers_what_a_contributor_needs() -> None:
    text = contributing()
    for needed in (
        "make serve",
        "make lint",
        "make test",
        "make hooks",
        "[@key]",
        "% verified:",
        '<!-- evidence: ignore CLM001 "',
        "claims: exempt",
        "claims_reason",
        "Key points",
        "mkdocs.yml",
        "reviewed",
        "CC BY 4.0",
        "MIT",
        "grade 8",
        "--format github",
    ):
        assert needed in text, f"CONTRIBUTING.md does not mention {needed}"


# ---------------------------------------------------------------------------------------------
# The checker's GitHub annotations


def test_github_format_prints_one_exact_annotation_per_finding(tmp_path: Path) -> None:
    example = Example(
        "github",
        {
            "docs/hills.md": page(
                CITED
                + "Running downhill puts more strain on the front of the knee.\n\nSee [the exercises](exercise.md).\n",
                reviewed="2024-01-15",
            )
        },
    )
    result = check(make_example(example, tmp_path), "--format", "github", "docs/hills.md")
    assert result.returncode == 1
    assert [line for line in result.stdout.splitlines() if not line.startswith("::notice")] == [
        "::warning file=docs/hills.md,line=4,col=1,title=FM005 review is more than twelve months old::"
        'last reviewed on 2024-01-15, more than twelve months ago: "2024-01-15". '
        "Fix: review the page against current evidence and update reviewed",
        "::error file=docs/hills.md,line=8,col=1,title=CLM001 uncited claim::"
        "uncited claim (risk or comparison wording 'puts more'): \"Running downhill puts more strain on the front of the knee.\". "
        'Fix: add a citation such as [@key] before the sentence\'s final period, or mark a true non-claim with <!-- evidence: ignore CLM001 "reason" -->',
        "::error file=docs/hills.md,line=10,col=20,title=LNK002 link or image to a missing file::"
        "'exercise.md' points at no file in docs/: \"exercise.md\". "
        "Fix: fix the path: it is relative to this page's file in docs/",
    ]


# ---------------------------------------------------------------------------------------------
# pre-commit: the configuration, and its hooks on a real change in a copy of the project


def test_pre_commit_config_is_valid() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pre_commit", "validate-config", str(ROOT / ".pre-commit-config.yaml")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_pre_commit_hooks_are_local_and_make_lint_runs_the_same_tools() -> None:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    assert [repo["repo"] for repo in config["repos"]] == ["local"]
    hooks = {hook["id"]: hook for hook in config["repos"][0]["hooks"]}
    assert all(hook["language"] in ("system", "unsupported") for hook in hooks.values())
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    lint = makefile.split("\nlint:", 1)[1].split("\n\n", 1)[0]
    for hook in hooks.values():
        tool = hook["entry"].split()[0].removeprefix(".venv/bin/")
        assert f"$(BIN)/{tool}" in lint, f"make lint does not run {tool} (hook {hook['id']})"
        for argument in hook["entry"].split()[1:]:
            assert argument in lint, f"make lint does not pass {argument} to {tool} (hook {hook['id']})"


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A git repository holding every tracked file of the project, committed, with .venv
    pointing at the environment running the tests (where the hooks' tools are)."""
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, text=True)
    if listed.returncode != 0:
        pytest.skip("the project is not a git checkout")
    copy = tmp_path_factory.mktemp("repo") / "guide"
    for relative in filter(None, listed.stdout.split("\0")):
        source = ROOT / relative
        if source.is_file():
            (copy / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, copy / relative)
    (copy / ".venv").symlink_to(Path(sys.prefix), target_is_directory=True)
    git(copy, "init", "-q")
    (copy / ".git" / "info" / "exclude").write_text(".venv\n", encoding="utf-8")
    git(copy, "add", "-A")
    git(copy, "-c", "user.name=Test", "-c", "user.email=test@example.org", "commit", "-q", "-m", "guide")
    return copy


def git(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def pre_commit(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PRE_COMMIT_HOME": str(repo.parent / "pre-commit-home"), "NO_COLOR": "1"}
    env.pop("PRE_COMMIT_COLOR", None)
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", "--color", "never", *args],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_pre_commit_passes_on_the_whole_project(repo: Path) -> None:
    result = pre_commit(repo, "--all-files")
    assert result.returncode == 0, result.stdout + result.stderr
    assert not git(repo, "status", "--porcelain").stdout, "a fixer changed a file"


def test_pre_commit_names_an_uncited_claim_then_passes_once_it_is_cited(repo: Path) -> None:
    chapter = repo / "docs" / "prevention.md"
    original = chapter.read_text(encoding="utf-8")
    try:
        uncited = "Running downhill puts more strain on the front of the knee.\n"
        chapter.write_text(original + "\n" + uncited, encoding="utf-8")
        line = original.count("\n") + 2
        git(repo, "add", "docs/prevention.md")
        failed = pre_commit(repo, "--files", "docs/prevention.md")
        assert failed.returncode == 1, failed.stdout
        assert f"docs/prevention.md:{line}:1: CLM001 uncited claim" in failed.stdout, failed.stdout

        chapter.write_text(original + "\n" + CITED, encoding="utf-8")
        git(repo, "add", "docs/prevention.md")
        passed = pre_commit(repo, "--files", "docs/prevention.md")
        assert passed.returncode == 0, passed.stdout
    finally:
        git(repo, "reset", "-q", "--hard")


def test_pre_commit_checks_the_whole_guide_when_references_change(repo: Path) -> None:
    bib = repo / "references.bib"
    original = bib.read_text(encoding="utf-8")
    try:
        line = original.count("\n") + 2
        bib.write_text(original + "\n" + entry("nielsen2014unused", drop=("pmcid",)), encoding="utf-8")
        git(repo, "add", "references.bib")
        result = pre_commit(repo, "--files", "references.bib")
        assert result.returncode == 1
        assert f"references.bib:{line}:1: BIB008 'nielsen2014unused' is not cited by any page" in result.stdout, (
            result.stdout
        )
    finally:
        git(repo, "reset", "-q", "--hard")


def test_pre_commit_catches_typos_british_spelling_and_fixes_whitespace(repo: Path) -> None:
    chapter = repo / "docs" / "glossary.md"
    original = chapter.read_text(encoding="utf-8")
    try:
        typo = "t" + "eh"  # written in two parts, so codespell passes this file
        chapter.write_text(
            original + f"\nThe knee is {typo} largest joint. It is labelled in the drawing. \n\n\n", encoding="utf-8"
        )
        line = original.count("\n") + 2
        git(repo, "add", "docs/glossary.md")
        result = pre_commit(repo, "--files", "docs/glossary.md")
        assert result.returncode == 1
        assert f"docs/glossary.md:{line}: {typo} ==> the" in result.stdout, result.stdout
        assert f"docs/glossary.md:{line}: labelled ==> labeled" in result.stdout, result.stdout
        fixed = chapter.read_text(encoding="utf-8")
        assert fixed.endswith("It is labelled in the drawing.\n"), "trailing spaces and blank lines were not fixed"
    finally:
        git(repo, "reset", "-q", "--hard")


# ---------------------------------------------------------------------------------------------
# GitHub: issue forms, their config, the pull request template, the workflow's summary


FORMS = sorted((ROOT / ".github" / "ISSUE_TEMPLATE").glob("*.yml"))


def form(name: str) -> dict:
    return yaml.safe_load((ROOT / ".github" / "ISSUE_TEMPLATE" / name).read_text(encoding="utf-8"))


def test_issue_forms_exist() -> None:
    names = {yaml.safe_load(f.read_text(encoding="utf-8")).get("name") for f in FORMS if f.name != "config.yml"}
    assert names == {"Report an error in the guide", "Suggest a topic", "Suggest a source"}


def test_issue_forms_match_githubs_schema() -> None:
    forms = [str(f) for f in FORMS if f.name != "config.yml"]
    result = subprocess.run(
        [tool("check-jsonschema"), "--builtin-schema", "vendor.github-issue-forms", *forms],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    config = ROOT / ".github" / "ISSUE_TEMPLATE" / "config.yml"
    result = subprocess.run(
        [tool("check-jsonschema"), "--builtin-schema", "vendor.github-issue-config", str(config)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_issue_form_schema_rejects_a_broken_form(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text("name: Broken\ndescription: x\nbody:\n  - type: textbox\n    id: x\n", encoding="utf-8")
    result = subprocess.run(
        [tool("check-jsonschema"), "--builtin-schema", "vendor.github-issue-forms", str(broken)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1


def nav_titles() -> list[str]:
    """The page names in mkdocs.yml's navigation, in order."""
    return [title for title, _ in nav_files(read_mkdocs_yml(ROOT / "mkdocs.yml").get("nav"))]


def field_of(data: dict, field_id: str) -> dict:
    return next(item for item in data["body"] if item.get("id") == field_id)


def test_error_form_asks_for_page_sentence_problem_and_source() -> None:
    data = form("1-error.yml")
    assert {"page", "sentence", "problem", "source"} <= {item.get("id") for item in data["body"]}
    assert field_of(data, "page")["attributes"]["options"][:-1] == nav_titles()


def test_source_form_offers_the_guides_evidence_types() -> None:
    options = field_of(form("3-source.yml"), "evidence")["attributes"]["options"]
    assert options[:-1] == list(EVIDENCE_TYPES.values())


def test_pull_request_template_has_the_checklist() -> None:
    text = (ROOT / ".github" / "pull_request_template.md").read_text(encoding="utf-8")
    items = re.findall(r"^- \[ \] (.+)$", text, re.M)
    for needed in ("original record", "[@key]", "make test", "reviewed"):
        assert any(needed in item for item in items), f"the checklist has no item about {needed}"


def test_a_failing_claim_check_says_what_to_do_in_the_job_summary() -> None:
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "test.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["test"]["steps"]
    step = next(s for s in steps if "--format github" in s.get("run", ""))
    assert "GITHUB_STEP_SUMMARY" in step["run"]
    assert (
        "The claim checker found problems: see the annotations on the changed lines, or run \\`make lint\\` locally; CONTRIBUTING.md explains each rule."
        in step["run"]
    )
    assert "${{" not in step["run"]


def test_the_summary_step_really_writes_the_summary(tmp_path: Path) -> None:
    """Run the workflow step's own script on a copy of the guide with an uncited claim."""
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "test.yml").read_text(encoding="utf-8"))
    script = next(s["run"] for s in workflow["jobs"]["test"]["steps"] if "--format github" in s.get("run", ""))
    example = Example(
        "summary", {"docs/hills.md": page(CITED + "Running downhill puts more strain on the front of the knee.\n")}
    )
    project = make_example(example, tmp_path)
    (project / "hooks").symlink_to(ROOT / "hooks", target_is_directory=True)
    (project / ".venv").symlink_to(Path(sys.prefix), target_is_directory=True)
    summary = tmp_path / "summary.md"
    env = {
        **os.environ,
        "GITHUB_STEP_SUMMARY": str(summary),
        "GITHUB_SERVER_URL": "https://github.com",
        "GITHUB_REPOSITORY": "runners-knee-guide/runners-knee-guide",
        "GITHUB_SHA": "0" * 40,
    }
    result = subprocess.run(["bash", "-e", "-c", script], cwd=project, env=env, capture_output=True, text=True)
    assert result.returncode == 1
    assert "::error file=docs/hills.md,line=8,col=1,title=CLM001 uncited claim::" in result.stdout
    text = summary.read_text(encoding="utf-8")
    assert "run `make lint` locally; CONTRIBUTING.md explains each rule." in text
    assert "docs/hills.md:8:1: CLM001 uncited claim" in text
