"""Which sentences are claims, whether each is cited, and the claim rules (CLM)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .bibliography import WEAK_EVIDENCE, Reference
from .citations import citation_keys
from .findings import Finding
from .document import Document, Sentence, Suppression


# A list item or cell that is nothing but a link ("- [Treatment](treatment.md)") is navigation.
LINK_ONLY = re.compile(r"^[*_]*\[[^\]]+\](\([^)]*\))?[*_]*[.;:]?$")
# "See [Treatment](treatment.md) for ..." points the reader to another page of the guide.
CROSS_REFERENCE = re.compile(r"^(?:See|Read|Go to)\b[^.]*\]\((?![a-z]+:)[^)]*\)")


@lru_cache(maxsize=1)
def _classifier():  # type: ignore[no-untyped-def]
    """The classifier, imported when first needed (its rules take 20 ms to compile): a build
    checks its pages in a worker process (background.py), so its own process need not load it."""
    from .classify import classify

    return classify


@dataclass(frozen=True, slots=True)
class Claim:
    """A sentence that states something as fact, with the sources it cites."""

    path: str
    line: int
    column: int
    text: str
    heading: str | None
    keys: tuple[str, ...]
    suppression: Suppression | None

    @property
    def cited(self) -> bool:
        return bool(self.keys)


def _reason(suppression: Suppression) -> str:
    return suppression.reason.strip().strip("\"'").strip()


def check_claims(
    document: Document,
    path: str,
    references: dict[str, Reference],
    *,
    exempt: bool = False,
) -> tuple[list[Claim], list[Finding]]:
    """Classify every sentence of a document; report uncited claims and weak causal wording."""
    claims: list[Claim] = []
    findings: list[Finding] = []
    for sentence in document.sentences:
        verdict = _classifier()(sentence.text)
        keys = tuple(dict.fromkeys(k for c in sentence.citations for k in citation_keys(c)))
        navigation = LINK_ONLY.match(sentence.source) or CROSS_REFERENCE.match(sentence.source)
        if not (verdict.is_claim or keys) or (navigation and not keys):
            continue
        claims.append(
            Claim(path, sentence.line, sentence.column, sentence.source, sentence.heading, keys, sentence.suppression)
        )
        if not keys and not exempt and sentence.suppression is None:
            findings.append(_uncited(sentence, path))
        known = [references[k] for k in keys if k in references]
        if verdict.strong_causal and known and all(r.evidence in WEAK_EVIDENCE for r in known):
            kinds = ", ".join(sorted({r.evidence for r in known}))
            findings.append(
                Finding(
                    "CLM002", path, sentence.line, sentence.column, sentence.source,
                    f"strong causal wording rests only on {kinds} evidence",
                )
            )
    for suppression in document.suppressions:
        if not _reason(suppression):
            findings.append(
                Finding("CLM003", path, suppression.line, suppression.column, "<!-- claims: ignore -->", "suppression without a reason")
            )
    for suppression in document.unused_suppressions:
        findings.append(
            Finding(
                "CLM004", path, suppression.line, suppression.column, _reason(suppression),
                "suppression that suppresses nothing: no sentence follows it",
            )
        )
    return claims, findings


def _uncited(sentence: Sentence, path: str) -> Finding:
    message = "uncited claim"
    if sentence.hidden_citations:
        message += " (its citation is inside code or an HTML comment, which does not count)"
    return Finding("CLM001", path, sentence.line, sentence.column, sentence.source, message)
