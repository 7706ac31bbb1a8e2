"""A page's YAML front matter, with the line of each key (for findings at file:line)."""

from __future__ import annotations

from dataclasses import dataclass

import yaml


@dataclass(slots=True)
class FrontMatter:
    data: dict[str, object]
    lines: dict[str, int]  # key -> line of the key in the file
    end_line: int  # last line of the front matter block (0 when there is none)
    error: tuple[int, int, str] | None = None  # (line, column, problem)


def split_front_matter(text: str) -> tuple[str, int]:
    """Return (YAML text, number of lines the block takes) for a leading --- block."""
    if not text.startswith("---\n") and not text.startswith("---\r\n"):
        return "", 0
    lines = text.splitlines()
    for i in range(1, len(lines)):
        if lines[i].strip() in ("---", "..."):
            return "\n".join(lines[1:i]), i + 1
    return "\n".join(lines[1:]), len(lines)


# libyaml's loaders when PyYAML was built with it (ten times faster), else the pure-Python ones.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
BASE_LOADER = getattr(yaml, "CBaseLoader", yaml.BaseLoader)


def parse_front_matter(text: str) -> FrontMatter:
    raw, end = split_front_matter(text)
    if not end:
        return FrontMatter({}, {}, 0)
    try:
        try:
            node = yaml.compose(raw, Loader=SAFE_LOADER)
        except yaml.YAMLError:
            # Read again by the pure-Python loader, whose messages the contributing guide quotes
            # (libyaml words them differently).
            node = yaml.compose(raw, Loader=yaml.SafeLoader)
        try:
            data = yaml.load(raw, Loader=SAFE_LOADER)
        except ValueError:
            # Well-formed YAML with an impossible value (reviewed: 2026-23-11): keep the text,
            # so the schema check reports the value at its line.
            data = yaml.load(raw, Loader=BASE_LOADER)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        line, column = (mark.line + 2, mark.column + 1) if mark else (1, 1)
        problem = getattr(error, "problem", None) or str(error)
        return FrontMatter({}, {}, end, (line, column, problem))
    if data is None:
        return FrontMatter({}, {}, end)
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        return FrontMatter({}, {}, end, (2, 1, "front matter must be a mapping of keys to values"))
    lines = {str(k.value): k.start_mark.line + 2 for k, _ in node.value}
    return FrontMatter({str(k): v for k, v in data.items()}, lines, end)
