"""Shared fixtures: the real site built once per run, broken copies of the guide, and a parser
for built pages."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# What a build needs; copied for builds of deliberately broken guides.
PROJECT_PARTS = ("mkdocs.yml", "references.bib", "passages", "docs", "hooks", "overrides", "csl")


class Parsed(HTMLParser):
    """A page's ids, links, text outside code, and footnote references, read with a real parser."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.text: list[str] = []
        self.footnote_refs: list[str] = []
        self.classes: list[str] = []
        self.title = ""
        self._code = 0
        self._in_title = False
        self._in_sup_ref = False
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"] or "")
        if a.get("class"):
            self.classes.extend((a["class"] or "").split())
        if tag == "a" and a.get("href"):
            self.links.append(a["href"] or "")
            if "footnote-ref" in (a.get("class") or ""):
                self.footnote_refs.append(a["href"] or "")
        if tag in ("code", "pre"):
            self._code += 1
        self._in_title |= tag == "title"

    def handle_endtag(self, tag: str) -> None:
        if tag in ("code", "pre"):
            self._code -= 1
        if tag == "title":
            self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        if not self._code:
            self.text.append(data)

    @property
    def all_text(self) -> str:
        return "".join(self.text)


@dataclass
class Build:
    returncode: int
    log: str
    site: Path

    @property
    def ok(self) -> bool:
        return self.returncode == 0


# The engine the tests build with: mkdocs, or properdocs (`make test ENGINE=properdocs`).
ENGINE = os.environ.get("ENGINE", "mkdocs")
PROPERDOCS = ROOT / ".venv-properdocs" / "bin" / "properdocs"


def mkdocs_build(project: Path, site: Path, engine: str = ENGINE) -> Build:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    if engine == "properdocs":
        if not PROPERDOCS.is_file():
            pytest.fail("ProperDocs is not installed: run `make .venv-properdocs/.installed` (make test does)")
        command = [str(PROPERDOCS), "build", "--strict", "--site-dir", str(site)]
    else:
        command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)]
    result = subprocess.run(
        command,
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    return Build(result.returncode, result.stdout + result.stderr, site)


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The real guide, built strictly once for the whole run."""
    build = mkdocs_build(ROOT, tmp_path_factory.mktemp("site"))
    assert build.ok, f"the real guide does not build strictly:\n{build.log}"
    return build


def copy_project(destination: Path) -> Path:
    """Copy what a build needs into `destination` (a new folder), for guides a test changes."""
    destination.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, destination / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, destination / part)
    return destination


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A fresh copy of the guide to break."""
    return copy_project(tmp_path / "guide")


def tool(name: str) -> str:
    """A command-line tool from the test requirements, found next to this Python first."""
    path = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    if not path:
        pytest.fail(f"{name} is missing: install the test requirements (make test does)")
    return path


@pytest.fixture(scope="session")
def chromium_path() -> str:
    """Debian's chromium, which Playwright drives through executable_path."""
    path = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not path:
        pytest.fail(
            "Browser tests need Chromium: install Debian's package (sudo apt-get install chromium) "
            "or set CHROMIUM=/path/to/chromium. .ci/run installs it."
        )
    return path


@pytest.fixture(scope="session")
def served(site: Build):
    """The built site served on loopback as GitHub Pages serves it (tests/siteserver.py)."""
    from siteserver import SiteServer

    server = SiteServer(site.site)
    with server:
        yield server


@pytest.fixture(scope="module")
def browser(chromium_path: str):
    """Debian's chromium for a module's browser tests. Module scope: a thread runs one sync
    Playwright at a time, and some modules (test_print.py) start their own."""
    from browser.pages import CHROMIUM_ARGS
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    """A fresh browser tab (its own context: no cookies or storage shared between tests)."""
    context = browser.new_context()
    tab = context.new_page()
    yield tab
    context.close()
