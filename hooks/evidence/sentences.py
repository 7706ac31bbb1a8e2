"""Sentence splitting (syntok) and the plain text of a sentence as a reader reads it."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

# A sentence boundary is only possible after . ? ! (and closing quotes or brackets) then space.
CANDIDATE_BOUNDARY = re.compile(r"[.?!][\"')\]]*\s+\S")
# A sentence's end standing alone after blanked-out text (a citation): "pain      . Next".
CITED_END = re.compile(r"(?<=\s)[.?!](?=\s+\S)")
MARKUP = re.compile(r"[*_`]+|\\(?=[^\w\s])")
SPACE_BEFORE_PUNCTUATION = re.compile(r"\s+([.,;:?!)])")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the sentences in `text`, found by syntok.

    A full stop after a blanked-out citation ("... knee pain [@key]. Next") ends a sentence
    whatever came before it, so the text is cut there first; syntok then reads short pieces,
    and a piece with no possible boundary inside it (most of them, and most list items and
    table cells) is one sentence without asking it. This keeps the check cheap.
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for cut in CITED_END.finditer(text):
        spans += _split_piece(text, start, cut.end())
        start = cut.end()
    return spans + _split_piece(text, start, len(text))


@lru_cache(maxsize=1)
def _segmenter() -> Any:
    """syntok, imported when first needed: a build checks its pages in a worker process
    (background.py), so the build's own process need not load it."""
    import syntok.segmenter

    return syntok.segmenter


def _split_piece(text: str, start: int, end: int) -> list[tuple[int, int]]:
    piece = text[start:end]
    stripped = piece.strip()
    if not stripped:
        return []
    first = start + len(piece) - len(piece.lstrip())
    if not CANDIDATE_BOUNDARY.search(stripped):
        return [(first, first + len(stripped))]
    return [
        (start + sentence[0].offset, start + sentence[-1].offset + len(sentence[-1].value))
        for paragraph in _segmenter().analyze(piece)
        for sentence in paragraph
    ]


def plain(text: str) -> str:
    """What a reader reads: emphasis markers and escapes removed, spacing folded."""
    text = " ".join(MARKUP.sub("", text).replace("[", "").replace("]", "").split())
    return SPACE_BEFORE_PUNCTUATION.sub(r"\1", text)
