"""How findings print (text, json, github) and the command line's exit codes."""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import check
from conftest import ROOT
from evidence.findings import Finding, format_github, format_text

FINDING = Finding("CLM001", "docs/t.md", 4, 2, "Ice cures, 100%: knees.", "uncited claim")


def test_text_is_path_line_column_rule_message() -> None:
    assert format_text([FINDING]).startswith('docs/t.md:4:2: CLM001 uncited claim: "Ice cures, 100%: knees."')


def test_github_annotation_escapes_properties_and_data() -> None:
    line = format_github([FINDING])
    assert line.startswith("::error file=docs/t.md,line=4,col=2,title=CLM001 uncited claim::")
    assert "100%25" in line


def run(*args: str, bib: Path | None = None) -> subprocess.CompletedProcess[str]:
    """The command's main(), in this process, from the project; with `bib`, against a small
    bibliography."""
    extra = ["--bib", str(bib)] if bib else []
    stdout, stderr = io.StringIO(), io.StringIO()
    cwd = Path.cwd()
    os.chdir(ROOT)
    try:
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            try:
                code = check.main([*extra, *args])
            except SystemExit as exit:
                code = int(exit.code or 0)
    finally:
        os.chdir(cwd)
    return subprocess.CompletedProcess(["check.py", *extra, *args], code, stdout.getvalue(), stderr.getvalue())


def test_the_command_runs_as_a_script(tmp_path: Path) -> None:
    path = write(tmp_path, "Ice cures knee pain in a week.\n")
    result = subprocess.run(
        [sys.executable, str(ROOT / "hooks" / "check.py"), "--bib", str(tmp_path / "refs.bib"), str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1 and "CLM001 uncited claim" in result.stdout
    assert "1 finding in 1 page (1 claim," in result.stderr


BIB = """@article{smith2018incidence,
  author = {Smith, Benjamin E.},
  title = {Incidence and prevalence of patellofemoral pain},
  journal = {PLoS ONE},
  year = {2018},
  doi = {10.1371/journal.pone.0190892},
  evidence = {meta-analysis}
}
"""


def write(tmp_path: Path, text: str) -> Path:
    (tmp_path / "refs.bib").write_text(BIB, encoding="utf-8")
    path = tmp_path / "page.md"
    path.write_text("---\ntitle: T\ndescription: D\nreviewed: 2026-01-01\n---\n\n" + text, encoding="utf-8")
    return path


def test_clean_file_exits_0(tmp_path: Path) -> None:
    result = run(str(write(tmp_path, "Knee pain is common [@smith2018incidence].\n")), bib=tmp_path / "refs.bib")
    assert result.returncode == 0, result.stdout + result.stderr


def test_findings_exit_1_in_each_format(tmp_path: Path) -> None:
    path = str(write(tmp_path, "Ice cures knee pain in a week.\n"))
    bib = tmp_path / "refs.bib"
    text = run(path, bib=bib)
    assert text.returncode == 1 and ":7:1: CLM001 uncited claim" in text.stdout
    data = json.loads(run("--format", "json", path, bib=bib).stdout)
    first = data["findings"][0]
    assert (first["rule"], first["line"], first["column"], first["message"]) == (
        "CLM001",
        7,
        1,
        "uncited claim (causal verb 'cures')",
    )
    assert {"rule", "path", "line", "column", "text", "message"} <= set(data["findings"][0])
    assert data["summary"]["claims"] == 1
    github = run("--format", "github", path, bib=bib)
    assert github.returncode == 1 and github.stdout.startswith("::error file=")


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert run(str(tmp_path / "missing.md")).returncode == 2
    assert run("--format", "xml", str(write(tmp_path, "x"))).returncode == 2
    assert run().returncode == 2
