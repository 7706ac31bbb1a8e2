"""Which sentences are claims, whether each is cited, and the claim rules (CLM)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from .bibliography import WEAK_EVIDENCE, Reference
from .citations import citation_keys
from .document import Document, Sentence, Suppression
from .findings import Finding

if TYPE_CHECKING:
    from .classify import Verdict


@lru_cache(maxsize=1)
def _classifier():  # type: ignore[no-untyped-def]
    """The classifier, imported when first needed (its rules take 20 ms to compile and its model
    loads a weight table): a build checks its pages in a worker process (background.py), so its
    own process need not load it. Navigation (a link-only item, "See [page](page.md)") is one of
    its rules, read from the sentence as written."""
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
    """Classify every sentence of a document; report uncited claims and weak causal wording.

    A sentence the classifier is sure of (tier ``claim``) is a claim: uncited, CLM001, an error.
    One it is unsure of (tier ``unsure``) is a notice when uncited (CLM005), and is listed as a
    claim only when it cites a source or carries a suppression. Every message names the cue."""
    claims: list[Claim] = []
    findings: list[Finding] = []
    for sentence in document.sentences:
        verdict = _classifier()(sentence.text, sentence.source)
        keys = tuple(dict.fromkeys(k for c in sentence.citations for k in citation_keys(c)))
        listed = verdict.certain or keys or (verdict.is_claim and sentence.suppression is not None)
        if not listed:
            if verdict.is_claim and not exempt:
                findings.append(_uncited(sentence, path, verdict))
            continue
        claims.append(
            Claim(path, sentence.line, sentence.column, sentence.source, sentence.heading, keys, sentence.suppression)
        )
        if not keys and not exempt and sentence.suppression is None:
            findings.append(_uncited(sentence, path, verdict))
        known = [references[k] for k in keys if k in references]
        if verdict.strong_causal and known and all(r.evidence in WEAK_EVIDENCE for r in known):
            kinds = ", ".join(sorted({r.evidence for r in known}))
            findings.append(
                Finding(
                    "CLM002", path, sentence.line, sentence.column, sentence.source,
                    f"strong causal wording '{verdict.strong_word}' rests only on {kinds} evidence",
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


def _uncited(sentence: Sentence, path: str, verdict: Verdict) -> Finding:
    """CLM001 for a sure claim, CLM005 (a notice) for a possible one; the message says why."""
    rule, message = ("CLM001", "uncited claim") if verdict.certain else ("CLM005", "possible uncited claim")
    message += f" ({verdict.cue})"
    if sentence.hidden_citations:
        message += " (its citation is inside code or an HTML comment, which does not count)"
    return Finding(rule, path, sentence.line, sentence.column, sentence.source, message)
