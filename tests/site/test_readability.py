"""Each chapter reads at US grade 8 or lower (Flesch-Kincaid, textstat), measured on its prose:
the sentences the claim checker reads, so markup, code and citations are left out."""

from __future__ import annotations

import pytest
import textstat
from test_site import chapters

from conftest import ROOT
from evidence.document import parse_document

MAX_GRADE = 8.0


def prose(md: str) -> str:
    document = parse_document((ROOT / "docs" / md).read_text(encoding="utf-8"), md)
    # A table cell or list item without a final period is still a sentence of its own.
    return " ".join(s.text if s.text.endswith((".", "?", "!")) else s.text + "." for s in document.sentences)


@pytest.mark.parametrize("md", [md for md in chapters() if md != "glossary.md"])
def test_chapter_reads_at_grade_8_or_lower(md: str) -> None:
    grade = textstat.flesch_kincaid_grade(prose(md))
    words = textstat.lexicon_count(prose(md))
    print(f"{md}: grade {grade:.1f}, {words} words")
    assert grade <= MAX_GRADE, f"{md} reads at grade {grade:.1f}; use shorter sentences and plainer words"
