"""Which sentences are claims, whether each is cited, and the claim rules (CLM), with the
suppressions that name them: `<!-- evidence: ignore CLM001 "reason" -->` right before a sentence
drops that sentence's findings of the rules it names (apply_suppressions)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from .bibliography import Reference
from .citations import citation_keys
from .document import Document, Sentence, Suppression
from .findings import RULES, SUPPRESSIBLE, Finding

if TYPE_CHECKING:
    from .classify import Verdict


@lru_cache(maxsize=1)
def _classifier() -> Callable[[str, str], Verdict]:
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
    plain: str = ""  # the sentence as a reader reads it (markup, code and citations taken out)

    @property
    def cited(self) -> bool:
        return bool(self.keys)


def _reason(suppression: Suppression) -> str:
    return suppression.reason.strip().strip("\"'").strip()


def suppression_problem(suppression: Suppression) -> str | None:
    """Why a suppression is malformed (CLM003), or None."""
    if suppression.legacy:
        return "suppression in the old form <!-- claims: ignore -->, which names no rule"
    if not suppression.codes:
        return "suppression without a rule: name the rule it is for, such as CLM001"
    for code in suppression.codes:
        if code not in RULES:
            return f"suppression names '{code}', which is not a rule"
        if code not in SUPPRESSIBLE:
            return f"{code} cannot be suppressed for a sentence (only {', '.join(sorted(SUPPRESSIBLE))})"
    if not _reason(suppression):
        return "suppression without a reason"
    return None


def suppressed_codes(suppression: Suppression) -> frozenset[str]:
    """The rules a suppression drops: those it names (CLM001 also covers CLM005, the same
    finding when the classifier is unsure); the old form counts as CLM001."""
    codes = {c for c in suppression.codes if c in SUPPRESSIBLE} | ({"CLM001"} if suppression.legacy else set())
    return frozenset(codes | ({"CLM005"} if "CLM001" in codes else set()))


def apply_suppressions(
    document: Document, path: str, findings: Iterable[Finding], *, grounded: bool = True
) -> list[Finding]:
    """Drop each finding a sentence's suppression names; add CLM004 for each named rule that
    dropped nothing. `grounded` says the passage checks ran (PSG, NUM): without them an
    unmatched PSG or NUM code is not reported."""
    spans = [(s.suppression, (s.line, s.column), s.end) for s in document.sentences if s.suppression is not None]
    used: dict[int, set[str]] = {id(sup): set() for sup, _, _ in spans}
    kept: list[Finding] = []
    for finding in findings:
        position = (finding.line, finding.column)
        match = next(
            (
                sup
                for sup, start, end in spans
                if finding.path == path and start <= position <= end and finding.rule in suppressed_codes(sup)
            ),
            None,
        )
        if match is None:
            kept.append(finding)
        else:
            used[id(match)].add("CLM001" if finding.rule == "CLM005" and "CLM005" not in match.codes else finding.rule)
    for sup, _, _ in spans:
        if sup.legacy or suppression_problem(sup) not in (None, "suppression without a reason"):
            continue  # reported as CLM003 already
        for code in sup.codes:
            if code in used[id(sup)] or (not grounded and code[:3] in ("PSG", "NUM")):
                continue
            kept.append(
                Finding(
                    "CLM004",
                    path,
                    sup.line,
                    sup.column,
                    sup.raw,
                    f"suppression of {code} suppresses nothing: the sentence after it has no {code} finding",
                )
            )
    return kept


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
            Claim(
                path,
                sentence.line,
                sentence.column,
                sentence.source,
                sentence.heading,
                keys,
                sentence.suppression,
                sentence.text,
            )
        )
        if not keys and not exempt:  # dropped by its suppression, if any (apply_suppressions)
            findings.append(_uncited(sentence, path, verdict))
        known = [references[k] for k in keys if k in references]
        if verdict.strong_causal and known and all(r.weak for r in known):
            kinds = ", ".join(sorted({r.evidence for r in known}))
            findings.append(
                Finding(
                    "CLM002",
                    path,
                    sentence.line,
                    sentence.column,
                    sentence.source,
                    f"strong causal wording '{verdict.strong_word}' rests only on {kinds} evidence",
                )
            )
    for suppression in document.suppressions:
        if (problem := suppression_problem(suppression)) is not None:
            findings.append(Finding("CLM003", path, suppression.line, suppression.column, suppression.raw, problem))
    for suppression in document.unused_suppressions:
        if suppression_problem(suppression) is None:
            findings.append(
                Finding(
                    "CLM004",
                    path,
                    suppression.line,
                    suppression.column,
                    suppression.raw,
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
