"""Citation blocks in prose, checked against the bibliography.

A citation is `[@key]` or `[@key1; @key2]`. Anything else in brackets that mkdocs-bibtex would
still take for a citation (a prefix, a locator, a bad key) is reported rather than left for the
plugin to render half-way or drop.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from .bibliography import KEY
from .findings import Finding
from .document import Citation

ITEM = re.compile(r"^\s*@([^\s,;]*)\s*(?:,\s*(.*))?$")


def citation_keys(citation: Citation) -> list[str]:
    """The well-formed keys in a citation block (what the reader sees numbered)."""
    keys = []
    for item in citation.raw[1:-1].split(";"):
        m = ITEM.match(item)
        if m and KEY.match(m.group(1)):
            keys.append(m.group(1))
    return keys


def cited_keys(raw: str, known: Collection[str]) -> list[str] | None:
    """The keys of a citation block `[@a; @b]` as the reader sees them numbered, or None unless
    every item is a known `@key` (a locator is allowed: the checks report it as CIT004)."""
    keys = []
    for item in raw[1:-1].split(";"):
        m = ITEM.match(item)
        if not m or not KEY.match(m.group(1)) or m.group(1) not in known:
            return None
        keys.append(m.group(1))
    return list(dict.fromkeys(keys))


def check_citation(citation: Citation, path: str, known: Collection[str]) -> list[Finding]:
    """Findings for one citation block; `known` holds the bibliography's keys (a set or dict keys)."""
    out: list[Finding] = []

    def finding(rule: str, message: str) -> None:
        out.append(Finding(rule, path, citation.line, citation.column, citation.raw, message))

    for item in citation.raw[1:-1].split(";"):
        m = ITEM.match(item)
        if not item.strip() or (m and not m.group(1)):
            finding("CIT003", "empty citation")
            continue
        if not m:
            finding("CIT002", f"'{item.strip()}' is not @key (no words before the @)")
            continue
        key, locator = m.group(1), m.group(2)
        if not KEY.match(key):
            finding("CIT002", f"key '{key}' has characters other than letters, digits, _ and -")
        elif key not in known:
            finding("CIT001", f"unknown citation key '{key}'")
        if locator is not None:
            finding("CIT004", f"locator '{locator.strip()}' would be dropped by the AMA style")
    if citation.in_heading:
        finding("CIT009", "citation in a heading")
    return out
