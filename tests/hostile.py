"""The hostile-input corpus (tests/fixtures/hostile/cases.yml), read once for the unit tests
(tests/unit/test_hostile.py, test_sanitize.py) and the real builds (tests/site/test_hostile_build.py),
with what they share: Markdown rendered as the build renders it, and the elements that must
never reach a published page."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

import markdown
import yaml

from evidence.frontmatter import split_front_matter

ROOT = Path(__file__).resolve().parent.parent
# Elements that run, load or restyle something; none may reach a published page's content.
ACTIVE_ELEMENTS = {
    "script", "style", "iframe", "object", "embed", "form", "base", "meta", "link", "template",
    "noscript", "foreignobject", "animate", "set", "math",
}  # fmt: skip

CASES: list[dict[str, Any]] = yaml.safe_load(
    (Path(__file__).resolve().parent / "fixtures" / "hostile" / "cases.yml").read_text(encoding="utf-8")
)


def payload(case: dict[str, Any]) -> str:
    """A case's input: its text, or its parts repeated (a long line, deep brackets)."""
    if "parts" in case:
        return "".join(text * times for text, times in case["parts"])
    return case["payload"]


@lru_cache(maxsize=1)
def _markdown() -> markdown.Markdown:
    """Python-Markdown with the extensions and settings mkdocs.yml gives the build."""
    from mkdocs.config import load_config

    config = load_config(str(ROOT / "mkdocs.yml"))
    return markdown.Markdown(extensions=config["markdown_extensions"], extension_configs=config["mdx_configs"])


def render(text: str) -> str:
    """A page's Markdown (front matter dropped) as the build's Markdown renders it."""
    md = _markdown()
    md.reset()
    _, lines = split_front_matter(text)
    return md.convert("\n".join(text.split("\n")[lines:]))
