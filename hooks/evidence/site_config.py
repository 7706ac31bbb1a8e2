"""mkdocs.yml read as plain data, for the command line, the PDF script and the tests.

Its `!!python/name:` tags are ignored (no plugin or extension is loaded); MkDocs itself reads
the file for the build. One reader, so every tool sees the same navigation and settings.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml


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


def bib_file(config: dict, folder: Path) -> Path | None:
    """The bibliography mkdocs-bibtex is configured with, relative to mkdocs.yml's folder."""
    for plugin in config.get("plugins") or []:
        if isinstance(plugin, dict) and "bibtex" in plugin:
            return folder / plugin["bibtex"]["bib_file"]
    return None


def configured_bib_file(config: Mapping[str, Any]) -> Path | None:
    """The same file, from the configuration MkDocs loaded for a build (both hooks use it)."""
    plugin = config["plugins"].get("bibtex")
    name = getattr(plugin, "config", {}).get("bib_file") if plugin else None
    return (Path(config["config_file_path"]).parent / name).resolve() if name else None
