"""One kind of finding for every check, and the three ways to print findings.

Rule codes are grouped by family: BIB bibliography, CIT citations, CLM claims, FM front matter,
HTML raw HTML, LNK links, STA files in docs/ that are not pages, LIM size limits, ENC encoding,
PSG source passages, NUM numbers in cited sentences, NAV navigation, OUT rendered output. Each
rule is defined once, here; RULES.md (scripts/rules_doc.py) lists each with an example. A site
sets a rule's severity, or turns it off, in mkdocs.yml (RuleSettings).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass, replace
from enum import Enum


class Severity(str, Enum):
    ERROR = "error"  # fails the strict build
    WARNING = "warning"  # fails the strict build too (MkDocs counts warnings), but reads as advice
    NOTICE = "notice"  # shown to the writer, never fails a build


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    summary: str
    hint: str
    severity: Severity = Severity.ERROR


RULES: dict[str, Rule] = {
    rule.code: rule
    for rule in (
        # Bibliography
        Rule("BIB001", "malformed BibTeX", "fix the entry's syntax: @type{key, field = {value}, ...}"),
        Rule("BIB002", "duplicate key", "give each entry its own key, or merge the two entries"),
        Rule("BIB003", "duplicate DOI", "the same publication is entered twice: keep one entry"),
        Rule("BIB004", "missing required field", "add the field from the publisher's or PubMed's record"),
        Rule("BIB005", "no identifier", "add a doi, pmid, pmcid or url (isbn for books) seen in a real record"),
        Rule(
            "BIB006",
            "malformed identifier",
            "write a DOI as 10.xxxx/..., a PMID as digits, a PMCID as PMC123, a URL with https://",
        ),
        Rule("BIB007", "unknown evidence type", "set evidence to one of the types listed in CONTRIBUTING.md"),
        Rule("BIB008", "entry not cited by any page", "cite it from a chapter or remove it from references.bib"),
        Rule("BIB009", "malformed key", "use only letters, digits, _ and - in keys (mkdocs-bibtex drops others)"),
        Rule(
            "BIB010",
            "link command or non-https address in a field",
            "write plain text: no \\href or \\url; put the address in the url or doi field, https:// only",
        ),
        # Citations
        Rule("CIT001", "unknown citation key", "add the entry to references.bib or fix the key's spelling"),
        Rule("CIT002", "malformed citation", "write citations as [@key] or [@key1; @key2]"),
        Rule("CIT003", "empty citation", "put a key after the @: [@key]"),
        Rule(
            "CIT009",
            "citation in a heading",
            "cite in the text below the heading: a number in a heading would show in the table of contents and the section's link",
        ),
        Rule(
            "CIT004",
            "citation locator not supported",
            "the AMA style drops page numbers: cite [@key] and name the page in the sentence",
        ),
        Rule("CIT005", "unterminated citation", "close the citation with ]: [@key]"),
        Rule("CIT006", "nested brackets around a citation", "write one pair of brackets: [@key], not [[@key]]"),
        Rule(
            "CIT007",
            "citation in link text or image alt",
            "move the citation out of the link or image, to the end of the sentence",
        ),
        Rule(
            "CIT008",
            "footnote named like a reference key",
            "rename the footnote ([^note-1]): a reference with this key would replace its text",
        ),
        # Claims
        Rule(
            "CLM001",
            "uncited claim",
            'add a citation such as [@key] before the sentence\'s final period, or mark a true non-claim with <!-- evidence: ignore CLM001 "reason" -->',
        ),
        Rule(
            "CLM002",
            "strong causal wording rests only on weak sources",
            'soften the wording ("is linked to", "may") or cite a guideline, review or trial',
            Severity.WARNING,
        ),
        Rule(
            "CLM003",
            "suppression without a rule or a reason",
            'write <!-- evidence: ignore CLM001 "why this sentence is not a claim" -->, with the rule it is for',
        ),
        Rule(
            "CLM004",
            "suppression that suppresses nothing",
            "remove the comment or the rule it names, or put it right before the sentence it is for",
        ),
        Rule(
            "CLM005",
            "possible uncited claim",
            "if it states a fact, cite a source [@key]; if it does not, leave it or reword it (a notice never fails the build)",
            Severity.NOTICE,
        ),
        # Front matter
        Rule("FM001", "front matter does not parse", "fix the YAML between the --- lines"),
        Rule("FM002", "missing front matter key", "add it to the front matter"),
        Rule("FM003", "bad front matter value", "see the message for the expected value"),
        Rule("FM004", "unknown front matter key", "remove it or fix its spelling"),
        Rule(
            "FM005",
            "review is more than twelve months old",
            "review the page against current evidence and update reviewed",
            Severity.WARNING,
        ),
        Rule("FM006", "YAML anchor or alias in front matter", "write each value out in full: no &anchor or *alias"),
        Rule(
            "FM007",
            "unsafe front matter value",
            'write plain text, without < > " or &, or a value from the list in the message',
        ),
        # Raw HTML
        Rule(
            "HTML001",
            "forbidden HTML element",
            "content pages may not run or embed code: use Markdown, or ask for a theme change in overrides/",
        ),
        Rule("HTML002", "event handler attribute", "remove the on...= attribute"),
        Rule("HTML003", "javascript: URL", "link to a real address"),
        Rule(
            "HTML004",
            "content removed by the sanitizer",
            "the published page cannot hold this: use Markdown, https:// links and images from docs/",
        ),
        # Links
        Rule("LNK001", "external link is not https", "link to the https:// address"),
        Rule("LNK002", "link or image to a missing file", "fix the path: it is relative to this page's file in docs/"),
        # Files in docs/ that are not pages
        Rule(
            "STA001",
            "unsafe SVG",
            "remove scripts, event handlers, foreignObject and outside links from the drawing (an editor's plain SVG export)",
        ),
        Rule(
            "STA002",
            "file type not allowed in docs/",
            "docs/ holds pages, images and the stylesheets and scripts mkdocs.yml names: remove the file or name it there",
        ),
        # Limits and encoding
        Rule("LIM001", "page too large", "split the page into several pages"),
        Rule("LIM002", "line too long", "break the line: a paragraph can span many lines"),
        Rule("LIM003", "brackets nested too deep", "close the brackets: links and citations need one or two levels"),
        Rule(
            "LIM004", "lists or quotes nested too deep", "flatten the list: use headings or a table for deep structure"
        ),
        Rule("ENC001", "file is not UTF-8", "save the file as UTF-8 (your editor's Save with Encoding)"),
        # Source passages
        Rule(
            "PSG001",
            "passage file for a key not in references.bib",
            "name the file passages/<key>.yml after an entry's key, or add the entry to references.bib",
        ),
        Rule(
            "PSG002",
            "empty or malformed passage",
            'write each passage as - text: "words quoted from the record" with where: "PubMed 12345678, abstract (Results)"',
        ),
        Rule(
            "PSG003",
            "passage too long",
            'quote a sentence or two, at most about 60 words; cut with "..."',
            Severity.WARNING,
        ),
        Rule(
            "PSG004",
            "passage copies the guide's sentence",
            "quote the source's own words from its record; if the guide copied them, reword the guide",
        ),
        Rule(
            "PSG005",
            "no supporting passage recorded",
            "add the words of the source's record that say this to passages/<key>.yml (a notice never fails the build)",
            Severity.NOTICE,
        ),
        Rule(
            "PSG006",
            "supports: entry that names no sentence",
            "the sentence was edited: read it against the passage again, then update the entry's words or remove it",
        ),
        Rule(
            "NUM001",
            "number not in any passage of the cited sources",
            'add the passage that holds it to passages/<key>.yml, correct the number, or write "about" before a rounded number',
        ),
        Rule(
            "NUM002",
            "numeric claim whose sources have no passages",
            "add passages/<key>.yml with the record's words that hold each number",
        ),
        Rule(
            "NUM003",
            "derived number whose arithmetic does not hold",
            'fix says or from so the conversion is exact, or write "about" in says for a rounding',
        ),
        # Navigation
        Rule(
            "NAV001",
            "page not in the navigation",
            "add the page under nav: in mkdocs.yml, where readers will look for it",
        ),
        Rule(
            "NAV002",
            "page missing from the issue forms",
            "add the page's navigation title to the page list in .github/ISSUE_TEMPLATE/1-error.yml",
        ),
        # Rendered output
        Rule(
            "OUT001",
            "citation syntax left in the rendered page",
            "a citation was not rendered: check its key and that hooks/evidence_pipeline.py is listed under hooks: in mkdocs.yml",
        ),
    )
}


# Rules a comment right before a sentence may suppress for that sentence, with a reason:
# `<!-- evidence: ignore CLM001 "reason" -->`. A suppression of CLM001 also covers CLM005 (the
# same finding when the classifier is unsure), so a retrained model does not break it.
SUPPRESSIBLE = frozenset({"CLM001", "CLM002", "CLM005", "NUM001", "NUM002", "PSG005"})


def rule(code: str) -> Rule:
    """The rule with this code; a code that is not in RULES is a ValueError at once."""
    try:
        return RULES[code]
    except KeyError:
        raise ValueError(f"unknown rule code {code!r} (hooks/evidence/findings.py RULES)") from None


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem. `rule` is a code of RULES (or a Rule, stored as its code); a misspelt code
    fails when the Finding is made. `level` is the site's severity for the rule, when mkdocs.yml
    changes it (RuleSettings.apply); otherwise the rule's own."""

    rule: str
    path: str
    line: int
    column: int
    text: str
    message: str
    level: Severity | None = None

    def __post_init__(self) -> None:
        code = self.rule.code if isinstance(self.rule, Rule) else self.rule
        object.__setattr__(self, "rule", rule(code).code)

    @property
    def severity(self) -> Severity:
        return self.level or RULES[self.rule].severity

    @property
    def hint(self) -> str:
        return RULES[self.rule].hint

    def location(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"

    def format_text(self) -> str:
        quoted = f' "{shorten(self.text)}"' if self.text else ""
        return f"{self.location()}: {self.rule} {self.message}:{quoted} ({self.hint})"


LEVELS = {"error": Severity.ERROR, "warning": Severity.WARNING, "notice": Severity.NOTICE, "off": None}


@dataclass(frozen=True, slots=True)
class RuleSettings:
    """A site's choice of severity per rule (`extra.evidence.rules` in mkdocs.yml), such as
    `{CLM002: notice, PSG005: off}`. The build hook and hooks/check.py both pass every finding
    through `apply`, the one place the choice takes effect."""

    levels: tuple[tuple[str, Severity | None], ...] = ()

    @classmethod
    def from_config(cls, config: object) -> RuleSettings:
        """From the YAML mapping; an unknown code or severity is a ValueError naming it."""
        if config is None:
            return cls()
        if not isinstance(config, dict):
            raise ValueError(
                f"extra.evidence.rules must map rule codes to error, warning, notice or off (got {config!r})"
            )
        levels = []
        for code, level in config.items():
            if code not in RULES:
                raise ValueError(f"extra.evidence.rules: unknown rule code {code!r} (RULES.md lists every rule)")
            level = "off" if level is False else level  # YAML reads a bare off as false
            if not isinstance(level, str) or level not in LEVELS:
                raise ValueError(
                    f"extra.evidence.rules.{code}: unknown severity {level!r}: write error, warning, notice or off"
                )
            levels.append((code, LEVELS[level]))
        return cls(tuple(levels))

    def apply(self, findings: Iterable[Finding]) -> list[Finding]:
        """The findings with the site's severities; those of rules turned off are dropped."""
        if not self.levels:
            return list(findings)
        levels = dict(self.levels)
        out = []
        for finding in findings:
            if finding.rule not in levels:
                out.append(finding)
            elif (level := levels[finding.rule]) is not None:
                out.append(replace(finding, level=level))
        return out


def plural(n: int, word: str) -> str:
    """'1 finding', '2 findings': counts in messages read as English."""
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def shorten(text: str, width: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def sort_key(finding: Finding) -> tuple[str, int, int, str]:
    return (finding.path, finding.line, finding.column, finding.rule)


def summarize(findings: Iterable[Finding], **counts: int) -> dict[str, object]:
    findings = list(findings)
    by_rule = Counter(f.rule for f in findings)
    return {
        "findings": len(findings),
        "errors": sum(1 for f in findings if f.severity is Severity.ERROR),
        "warnings": sum(1 for f in findings if f.severity is Severity.WARNING),
        "notices": sum(1 for f in findings if f.severity is Severity.NOTICE),
        "by_rule": dict(sorted(by_rule.items())),
        **counts,
    }


def format_text(findings: Iterable[Finding]) -> str:
    return "\n".join(f.format_text() for f in sorted(findings, key=sort_key))


def format_json(findings: Iterable[Finding], **counts: int) -> str:
    findings = sorted(findings, key=sort_key)
    return json.dumps(
        {
            "findings": [
                {k: v for k, v in asdict(f).items() if k != "level"} | {"severity": f.severity.value, "hint": f.hint}
                for f in findings
            ],
            "summary": summarize(findings, **counts),
        },
        indent=2,
    )


def _escape_property(value: str) -> str:
    # GitHub's workflow-command escaping (actions/toolkit, command.ts).
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A").replace(":", "%3A").replace(",", "%2C")


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def format_github(findings: Iterable[Finding]) -> str:
    lines = []
    for f in sorted(findings, key=sort_key):
        level = f.severity.value
        title = f"{f.rule} {RULES[f.rule].summary}"
        quoted = f' "{shorten(f.text)}"' if f.text else ""
        message = f"{f.message}:{quoted}. Fix: {f.hint}"
        lines.append(
            f"::{level} file={_escape_property(f.path)},line={f.line},col={f.column},"
            f"title={_escape_property(title)}::{_escape_data(message)}"
        )
    return "\n".join(lines)
