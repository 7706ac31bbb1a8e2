"""mkdocs.yml read as plain data, for the command line, the PDF script and the tests.

Its `!!python/name:` tags are ignored (no plugin or extension is loaded); MkDocs itself reads
the file for the build. One reader, so every tool sees the same navigation and settings.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .bibliography import DEFAULT_EVIDENCE_TYPES, EvidenceTypes
from .findings import RuleSettings
from .guardrails import DEFAULT_PAGE_SCHEMA, PageSchema


class _Loader(yaml.SafeLoader):
    pass


_Loader.add_multi_constructor("", lambda loader, suffix, node: None)


def read_mkdocs_yml(path: Path) -> dict:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader) or {}


def nav_files(nav: list | None) -> list[tuple[str, str]]:
    """(title, file.md) for every page in the nav, in order; an untitled page's title is its file."""
    out: list[tuple[str, str]] = []
    for item in nav or []:
        title, value = (None, item) if isinstance(item, str) else next(iter(item.items()))
        if isinstance(value, list):
            out += nav_files(value)
        elif isinstance(value, str) and value.endswith(".md"):
            out.append((title or value, value))
    return out


@dataclass(frozen=True, slots=True)
class EvidenceSettings:
    """The evidence pipeline's settings: `extra.evidence` in mkdocs.yml.

    bib_file, csl_file and passages_dir (default: passages) are relative to mkdocs.yml's folder;
    background is auto (a worker process beside `mkdocs build` when fork, a second core and 20
    pages or more are there), on or off; rules sets a rule's severity or turns it off, such as
    `{CLM002: notice, PSG005: off}` (error, warning, notice or off; RuleSettings);
    evidence_types replaces the kinds of source a reference's `evidence` may name
    (`{cohort: {label: Cohort study}, pilot: {label: Pilot study, weak: true}}`; EvidenceTypes);
    page_schema sets the front matter keys pages must and may have and how long a review lasts
    (`{required: [title, reviewed], optional: [owner], review_interval_days: 180}`; PageSchema).
    """

    bib_file: Path
    csl_file: Path
    passages_dir: Path
    background: str = "auto"
    rules: RuleSettings = field(default_factory=RuleSettings)
    evidence_types: EvidenceTypes = DEFAULT_EVIDENCE_TYPES
    page_schema: PageSchema = DEFAULT_PAGE_SCHEMA

    @classmethod
    def from_extra(cls, extra: Mapping[str, Any] | None, folder: Path) -> EvidenceSettings:
        settings = (extra or {}).get("evidence")
        if not isinstance(settings, Mapping):
            raise ValueError("extra.evidence must give bib_file and csl_file")
        unknown = set(settings) - {
            "bib_file",
            "csl_file",
            "passages_dir",
            "background",
            "rules",
            "evidence_types",
            "page_schema",
        }
        if unknown:
            raise ValueError(f"extra.evidence: unknown setting {', '.join(sorted(unknown))}")
        paths = {}
        for name in ("bib_file", "csl_file"):
            value = settings.get(name)
            if not isinstance(value, str) or not (folder / value).is_file():
                raise ValueError(f"extra.evidence.{name} must name a file beside mkdocs.yml (got {value!r})")
            paths[name] = (folder / value).resolve()
        background = settings.get("background", "auto")
        background = {True: "on", False: "off"}.get(background, background)  # YAML reads on/off as booleans
        if background not in ("auto", "on", "off"):
            raise ValueError(f"extra.evidence.background must be auto, on or off (got {background!r})")
        passages = settings.get("passages_dir", "passages")
        if not isinstance(passages, str):
            raise ValueError(f"extra.evidence.passages_dir must name a folder beside mkdocs.yml (got {passages!r})")
        rules = RuleSettings.from_config(settings.get("rules"))
        return cls(
            paths["bib_file"],
            paths["csl_file"],
            (folder / passages).resolve(),
            background,
            rules,
            EvidenceTypes.from_config(settings.get("evidence_types")),
            PageSchema.from_config(settings.get("page_schema")),
        )


def evidence_settings(mkdocs_yml: Path) -> EvidenceSettings:
    """The settings from mkdocs.yml read as data (the command line, the PDF script, the tests)."""
    return EvidenceSettings.from_extra(read_mkdocs_yml(mkdocs_yml).get("extra"), mkdocs_yml.parent)
