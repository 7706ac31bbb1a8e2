"""The hostile-input corpus (tests/fixtures/hostile/cases.yml), read once for the unit tests
(tests/unit/test_hostile.py) and the real builds (tests/site/test_hostile_build.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

CASES: list[dict[str, Any]] = yaml.safe_load(
    (Path(__file__).resolve().parent / "fixtures" / "hostile" / "cases.yml").read_text(encoding="utf-8")
)


def payload(case: dict[str, Any]) -> str:
    """A case's input: its text, or its parts repeated (a long line, deep brackets)."""
    if "parts" in case:
        return "".join(text * times for text, times in case["parts"])
    return case["payload"]
