"""Every page of the guide can be found and reported: each is in mkdocs.yml's navigation
(NAV001), and each navigation title is offered in the issue forms' page list (NAV002), so a
reader who finds an error can name its page. `make lint` reports both with the fix."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import yaml

from .findings import Finding
from .site_config import nav_files, read_mkdocs_yml

ERROR_FORM = Path(".github") / "ISSUE_TEMPLATE" / "1-error.yml"
GENERATED = {"claims.md"}  # written by the build, listed in the nav all the same


def check_navigation(project: Path, pages: Iterable[str], display: str = "mkdocs.yml") -> list[Finding]:
    """`pages` are the Markdown files in docs/ (paths inside it)."""
    config = read_mkdocs_yml(project / "mkdocs.yml")
    nav = nav_files(config.get("nav"))
    listed = {uri for _, uri in nav}
    out = [
        Finding(
            "NAV001",
            f"docs/{uri}",
            1,
            1,
            uri,
            f"'{uri}' is not in the navigation: add '- Page title: {uri}' under nav: in {display}",
        )
        for uri in sorted(set(pages) - listed - GENERATED)
    ]
    form = project / ERROR_FORM
    if form.is_file():
        text = form.read_text(encoding="utf-8")
        options, line = _page_options(text)
        for title, _ in nav:
            if title not in options:
                out.append(
                    Finding(
                        "NAV002",
                        ERROR_FORM.as_posix(),
                        line,
                        1,
                        title,
                        f"the page list of the error form has no '{title}': add '- {title}'",
                    )
                )
    return out


def _page_options(text: str) -> tuple[list[str], int]:
    """The error form's page options, and the line of its `options:` key."""
    data = yaml.safe_load(text) or {}
    for item in data.get("body", []):
        if item.get("id") == "page":
            options = [str(o) for o in item.get("attributes", {}).get("options", [])]
            line = next((i for i, row in enumerate(text.splitlines(), 1) if row.strip() == "options:"), 1)
            return options, line
    return [], 1
