"""Source passages: short quotations from each source's record, and the claims they support.

Each reference may have `passages/<key>.yml` beside references.bib: a YAML list of passages
quoted verbatim from the source's record, each with where it was read, and optionally the
numbers the guide derives from it:

    - text: "Sixty-nine runners with PFP were randomly assigned to one of three intervention groups"
      where: "PubMed 28476902, abstract (Methods)"
    - text: "..."        (a sentence of a record that gives a median of 49 days)
      where: "..."
      derived:
        - says: "7 weeks"
          from: "49 days"

`load_passages` reads the folder (findings PSG001-PSG003, NUM003, with each item's YAML line);
`ground_claims` (called with one page's claims, or with the whole site's, which makes a PSG004
rejection site-wide) picks, for each cited claim, the passages of its cited sources that best support
it (overlap of words and of the terms of lay_terms.yml, the guide's plain words with their
technical equivalents, weighted by rarity; and shared numbers; two passages together when no one
suffices, as a sentence may join a record's methods and its result), and checks that every number of the
sentence is in a chosen passage (NUM001, NUM002), that a claim without numbers has a passage that
supports it (PSG005, a notice), and that no passage merely copies the guide's sentence (PSG004).

Pure: stdlib and PyYAML, no MkDocs, no network. Passages are analysed once when loaded; a claim
costs a tokenization and a comparison with the few passages of its own sources.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from .document import CITATION_BLOCK
from .findings import Finding
from .frontmatter import SAFE_LOADER
from .inline import scan_inline
from .numbers import Number, check_derivation, extract_numbers, supports, would_round
from .sentences import plain

if TYPE_CHECKING:
    from .bibliography import Reference
    from .claims import Claim

FIELDS = ("text", "where", "derived", "supports")
DERIVED_FIELDS = ("says", "from")
MAX_WORDS = 60
# A claim with no number is "supported" when a passage of its sources covers at least this share
# of its features (its words, and the terms of lay_terms.yml, so that "kneecap" meets "patella"),
# each weighted by how rare it is among all passages and less if it is the source's topic; below
# it the claim gets a PSG005 notice. Tuned on tests/fixtures/passages/judged-pairs.tsv (pairs of
# the guide judged by reading): at 0.35, precision 0.93 and recall 0.60 on the 120 tuning pairs,
# precision 0.94 on 50 held-out pairs; at 0.25 precision fell to 0.79 (a false "supported" is
# worse than a notice). tests/unit/test_passages.py checks these figures.
THRESHOLD = 0.35
# And at least this many of its words (a term of lay_terms.yml counts its words; a one-word claim
# needs its word).
MIN_SHARED = 2
# A passage stating a study's aim, question or search ("To determine whether...", "The purpose of
# this review was...", "We searched...") tells what was studied, not what was found: its share
# counts this much (it still supports a sentence that only names the study's design or topic).
AIM_WEIGHT = 0.5
# A feature that most of a source's documents (its passages and its title) hold is the source's
# topic: repeating it says little about which passage supports the sentence, so its weight is cut
# by up to this much (the share of the documents holding it times TOPIC_DISCOUNT).
TOPIC_DISCOUNT = 0.5
AIM = re.compile(
    r"\b(?:aims?|aimed|purposes?|objectives?|goals?|sought)\s+(?:of|to|was|were|is|are)\b"
    r"|^\W*to\s+(?:determine|examine|assess|investigate|evaluate|compare|describe|identify|explore|establish|quantify|test)\b"
    r"|\b(?:we|were)\s+searched\b|\bto\s+test\s+whether\b",
    re.IGNORECASE,
)
# A passage whose words are this close to the guide's own sentence is a copy of it (PSG004).
COPY_RATIO = 0.85
LAY_TERMS = Path(__file__).with_name("lay_terms.yml")  # the guide's plain words = its sources' terms
STATUSES = ("supported", "numbers-missing", "no-passage", "uncited", "suppressed", "exempt")

STOPWORDS = frozenset(
    [
        "a",
        "about",
        "above",
        "after",
        "again",
        "against",
        "all",
        "also",
        "am",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "because",
        "been",
        "before",
        "being",
        "below",
        "between",
        "both",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "doing",
        "down",
        "during",
        "each",
        "few",
        "for",
        "from",
        "further",
        "had",
        "has",
        "have",
        "having",
        "he",
        "her",
        "here",
        "hers",
        "him",
        "his",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "itself",
        "just",
        "may",
        "me",
        "might",
        "more",
        "most",
        "much",
        "must",
        "my",
        "no",
        "nor",
        "not",
        "of",
        "off",
        "on",
        "once",
        "one",
        "only",
        "or",
        "other",
        "our",
        "out",
        "over",
        "own",
        "same",
        "she",
        "should",
        "so",
        "some",
        "such",
        "than",
        "that",
        "the",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "to",
        "too",
        "under",
        "until",
        "up",
        "very",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
        "yours",
        "s",
        "t",
    ]
)
WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
# Greek letters spelled out, so that a record's "IL-1β" meets the guide's "IL-1 beta".
GREEK = str.maketrans({"α": " alpha", "β": " beta", "γ": " gamma", "δ": " delta", "κ": " kappa"})
QUOTED = re.compile(r"[\"“]([^\"”]{12,})[\"”]")
# Words in quotation marks are someone else's: a myth the sentence refutes, a title, a record's
# words. Numbers inside them are listed ("quoted") but not looked for in passages.
QUOTATION = re.compile(r"\"[^\"]*\"|“[^”]*”")


# ---------------------------------------------------------------------------------------------
# Passages


@dataclass(frozen=True, slots=True)
class Derivation:
    says: str
    source: str  # the `from` field
    line: int
    number: Number | None  # the derived number, when its arithmetic holds


@dataclass(frozen=True, slots=True)
class Passage:
    key: str
    text: str
    where: str
    path: str  # display path of the passage file
    line: int  # line of the item's `- text:` (its first field)
    column: int
    derived: tuple[Derivation, ...] = ()
    numbers: tuple[Number, ...] = ()  # read from the text, then those derived from it
    words: frozenset[str] = frozenset()
    sequence: tuple[str, ...] = ()  # every word in order, for PSG004
    aim: bool = False  # states what a study set out to do (AIM), not what it found
    # the starts of the guide's sentences a contributor matched to this passage by reading
    # (`supports:`): (normalized as pin_text does, as written, its line and column in the file)
    supports: tuple[tuple[str, str, int, int], ...] = ()
    # (path, line): names the passage in maps; the set of `sequence`, for PSG004. Both made once
    # here: grounding asks for them for every claim of every source the passage belongs to.
    ident: tuple[str, int] = field(init=False, repr=False, compare=False)
    vocabulary: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "ident", (self.path, self.line))
        object.__setattr__(self, "vocabulary", frozenset(self.sequence or _sequence(self.text)))


@dataclass(slots=True)
class PassageStore:
    passages: dict[str, tuple[Passage, ...]]  # reference key -> its passages, in file order
    findings: list[Finding]
    paths: dict[str, str] = field(default_factory=dict)  # reference key -> its file's display path
    idf: dict[str, float] = field(default_factory=dict)
    default_idf: float = 1.0  # for a word in no passage
    # reference key -> share of its documents (its passages and its title) that hold each feature
    topics: dict[str, dict[str, float]] = field(default_factory=dict)
    rarity: dict[frozenset[str], float] = field(default_factory=dict)  # a feature's weight, once computed
    pins_used: set[tuple[str, int]] = field(default_factory=set)  # `supports:` entries that named a sentence

    def for_key(self, key: str) -> tuple[Passage, ...]:
        return self.passages.get(key, ())

    def weight(self, word: str) -> float:
        return self.idf.get(word, self.default_idf)


def _display(file: Path, root: Path) -> str:
    try:
        return file.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return file.as_posix()


def _scalar(node: yaml.Node | None) -> str | None:
    """A string scalar's text, or None for anything else (a list, a number, a mapping)."""
    if isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:str":
        return str(node.value)
    return None


# (display path, text) -> what the file holds: `mkdocs serve` re-reads only the files that changed.
_files: dict[tuple[str, str], tuple[list[Passage], list[Finding]]] = {}


def load_passages(folder: Path, display_root: Path, references: Mapping[str, Reference]) -> PassageStore:
    """Read every passages/<key>.yml; report problems at their file and line."""
    store = PassageStore({}, [])
    files = sorted(folder.glob("*.y*ml")) if folder.is_dir() else []
    for file in files:
        path = _display(file, display_root)
        key = file.stem
        if file.suffix != ".yml":
            store.findings.append(
                Finding("PSG001", path, 1, 1, file.name, f"passage files are named <key>.yml, not '{file.name}'")
            )
            continue
        try:
            text = file.read_text(encoding="utf-8")
        except UnicodeDecodeError as error:
            store.findings.append(
                Finding(
                    "PSG002", path, 1, 1, file.name, f"the file is not UTF-8 (byte {error.start}): save it as UTF-8"
                )
            )
            continue
        cached = _files.get((path, text))
        if cached is None:
            cached = _files[(path, text)] = parse_passages(text, key, path)
        passages = cached[0]
        store.findings.extend(cached[1])
        if key not in references:
            store.findings.append(
                Finding("PSG001", path, 1, 1, key, f"passage file for '{key}', which is not a key in references.bib")
            )
            continue
        store.paths[key] = path
        store.passages[key] = tuple(passages)
    _weigh(store, references)
    return store


def parse_passages(text: str, key: str, path: str) -> tuple[list[Passage], list[Finding]]:
    """One passage file's text -> its passages and findings (for tests and single files)."""
    findings: list[Finding] = []
    return _read_file(text, key, path, findings), findings


def _read_file(text: str, key: str, path: str, findings: list[Finding]) -> list[Passage]:
    def problem(line: int, column: int, shown: str, message: str, rule: str = "PSG002") -> None:
        findings.append(Finding(rule, path, line, column, shown, message))

    if not text.strip():
        problem(1, 1, "", "empty passage file: write at least one passage, or delete the file")
        return []
    if "&" in text or "*" in text:
        try:
            for event in yaml.parse(text, Loader=SAFE_LOADER):
                if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                    mark = event.start_mark
                    name = str(getattr(event, "anchor", "") or "")
                    problem(
                        (mark.line + 1) if mark else 1,
                        (mark.column + 1) if mark else 1,
                        name,
                        "YAML anchor or alias: write each passage out in full",
                    )
                    return []
        except yaml.YAMLError:
            pass  # reported below
    try:
        root = yaml.compose(text, Loader=SAFE_LOADER)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem(line, column, "", f"the file does not parse as YAML ({getattr(error, 'problem', None) or error})")
        return []
    if root is None:
        problem(1, 1, "", "empty passage file: write at least one passage, or delete the file")
        return []
    if not isinstance(root, yaml.SequenceNode):
        mark = root.start_mark
        problem(mark.line + 1, mark.column + 1, "", "a passage file is a list: each passage starts with '- text:'")
        return []
    if not root.value:
        problem(root.start_mark.line + 1, 1, "", "empty passage file: write at least one passage, or delete the file")
    out: list[Passage] = []
    seen: dict[str, int] = {}
    for item in root.value:
        line, column = item.start_mark.line + 1, item.start_mark.column + 1
        if not isinstance(item, yaml.MappingNode):
            problem(line, column, "", "each passage is a mapping with text: and where:")
            continue
        fields: dict[str, yaml.Node] = {}
        for key_node, value_node in item.value:
            name = str(key_node.value)
            if name not in FIELDS:
                problem(
                    key_node.start_mark.line + 1,
                    key_node.start_mark.column + 1,
                    name,
                    f"unknown field '{name}' (a passage has text, where, derived and supports)",
                )
            fields[name] = value_node
        quote = " ".join((_scalar(fields.get("text")) or "").split())
        where = " ".join((_scalar(fields.get("where")) or "").split())
        if not quote:
            problem(line, column, where, "passage with no text: quote the record's words in text:")
            continue
        if not where:
            problem(
                line,
                column,
                quote,
                "passage with no where: name the record (PubMed ID, PMC ID, DOI or page) and its section",
            )
            continue
        if quote in seen:
            problem(line, column, quote, f"the same passage twice (first at line {seen[quote]})")
            continue
        seen[quote] = line
        if len(quote.split()) > MAX_WORDS:
            problem(line, column, quote, f"passage of {len(quote.split())} words, over {MAX_WORDS}", "PSG003")
        numbers = extract_numbers(quote, passage=True)
        derivations = _derivations(fields.get("derived"), numbers, path, findings)
        numbers += [d.number for d in derivations if d.number is not None]
        supports = _supports(fields.get("supports"), path, findings)
        out.append(
            Passage(
                key,
                quote,
                where,
                path,
                line,
                column,
                tuple(derivations),
                tuple(numbers),
                frozenset(words(quote)),
                tuple(_sequence(quote)),
                AIM.search(quote) is not None,
                supports,
            )
        )
    return out


MIN_PIN_WORDS = 5  # a `supports:` entry names a sentence by its start, at least this many words


def pin_text(text: str) -> str:
    """A sentence (or the start of one) as a `supports:` entry is compared with it: its words,
    lower-cased, without punctuation, markup or citations."""
    return " ".join(_sequence(CITATION_BLOCK.sub(" ", text)))


def _supports(node: yaml.Node | None, path: str, findings: list[Finding]) -> tuple[tuple[str, str, int, int], ...]:
    if node is None:
        return ()
    items = node.value if isinstance(node, yaml.SequenceNode) else None
    if items is None:
        findings.append(
            Finding(
                "PSG002",
                path,
                node.start_mark.line + 1,
                node.start_mark.column + 1,
                "",
                "supports: is a list of the starts of the guide's sentences this passage supports",
            )
        )
        return ()
    out = []
    for item in items:
        written = " ".join(str(_scalar(item) or "").split())
        start = pin_text(written)
        line = item.start_mark.line + 1
        if len(start.split()) < MIN_PIN_WORDS:
            findings.append(
                Finding(
                    "PSG002",
                    path,
                    line,
                    item.start_mark.column + 1,
                    written,
                    f"a supports: entry quotes the start of the guide's sentence, at least {MIN_PIN_WORDS} words",
                )
            )
            continue
        out.append((start, written, line, item.start_mark.column + 1))
    return tuple(out)


def _derivations(node: yaml.Node | None, numbers: list[Number], path: str, findings: list[Finding]) -> list[Derivation]:
    if node is None:
        return []
    if not isinstance(node, yaml.SequenceNode):
        mark = node.start_mark
        findings.append(
            Finding(
                "PSG002",
                path,
                mark.line + 1,
                mark.column + 1,
                "derived",
                'derived is a list: - says: "7 weeks" / from: "49 days"',
            )
        )
        return []
    out: list[Derivation] = []
    for item in node.value:
        line, column = item.start_mark.line + 1, item.start_mark.column + 1
        values = {str(k.value): _scalar(v) for k, v in item.value} if isinstance(item, yaml.MappingNode) else {}
        says, source = (values.get("says") or "").strip(), (values.get("from") or "").strip()
        unknown = set(values) - set(DERIVED_FIELDS)
        if not says or not source or unknown:
            findings.append(
                Finding(
                    "PSG002",
                    path,
                    line,
                    column,
                    says or source,
                    "each derived entry has says: (the guide's number) and from: (the passage's), nothing else",
                )
            )
            continue
        number, why = check_derivation(says, source, numbers)
        if why:
            findings.append(Finding("NUM003", path, line, column, f"{says} from {source}", why))
        out.append(Derivation(says, source, line, number))
    return out


# ---------------------------------------------------------------------------------------------
# Words


@lru_cache(maxsize=16384)
def _stem(word: str) -> str:
    """A crude stemmer, the same on both sides: plurals, -ing, -ed, -ly, -ion after t or s, -at
    of a long word, a doubled final consonant and a final e (running/run, increased/increase,
    prevention/prevent, recommendation/recommend)."""
    word = word.removesuffix("'s")
    if len(word) <= 3:
        return word
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("sses"):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    for suffix in ("ing", "ied", "ed", "ly"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)] + ("y" if suffix == "ied" else "")
            break
    else:
        if word.endswith(("tion", "sion")) and len(word) > 6:
            word = word[:-3]
        elif word.endswith("ement") and len(word) > 8:
            word = word[:-5]  # improvement -> improv(e)
    if word.endswith("at") and len(word) > 6:
        word = word[:-2]  # recommendation -> recommend, associated and association -> associ
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "aeiouylsz":
        word = word[:-1]
    if len(word) > 4 and word.endswith("e"):
        word = word[:-1]
    return word


def _tokens(text: str) -> list[tuple[str, bool]]:
    """Every word of a text in order, stemmed (not an abbreviation of lay_terms.yml), with whether
    it is a content word (not a stopword, a number or a single letter)."""
    keep = _abbreviations()
    return [
        (w if w in keep else _stem(w), w not in STOPWORDS and not w.isdigit() and len(w) > 1)
        for w in WORD.findall(text.lower().replace("’", "'").translate(GREEK))
    ]


@lru_cache(maxsize=1)
def _lay_entries() -> object:
    return yaml.load(LAY_TERMS.read_text(encoding="utf-8"), Loader=SAFE_LOADER)


@lru_cache(maxsize=1)
def _abbreviations() -> frozenset[str]:
    """The one-word terms of lay_terms.yml written in capitals (ITBS, RCTs): never stemmed."""
    entries = _lay_entries()
    terms = (
        [t for e in entries if isinstance(e, dict) for k in ("same", "plain", "technical") for t in e.get(k) or ()]
        if isinstance(entries, list)
        else []
    )
    return frozenset(t.lower() for t in terms if isinstance(t, str) and re.fullmatch(r"[A-Z]{2,}s?", t))


def _key(term: str) -> str:
    return " ".join(stem for stem, _ in _tokens(term))


@dataclass(frozen=True, slots=True)
class LayTerms:
    """The equivalence list (lay_terms.yml) compiled for matching."""

    triggers: dict[
        str, tuple[tuple[tuple[str, ...], frozenset[str]], ...]
    ]  # first stem -> (a sentence's term, what matches it), longest first
    known: dict[str, tuple[tuple[str, ...], ...]]  # first stem -> every term, to find in passages
    entries: int = 0


def compile_lay_terms(entries: object) -> LayTerms:
    """lay_terms.yml's entries -> the matching tables (ValueError for a malformed entry)."""
    if not isinstance(entries, list):
        raise ValueError("lay terms: a YAML list of entries")
    matches: dict[tuple[str, ...], set[str]] = {}
    every: set[tuple[str, ...]] = set()
    for number, entry in enumerate(entries, 1):
        if not isinstance(entry, dict) or not set(entry) <= {"same", "plain", "technical", "note"}:
            raise ValueError(
                f"lay terms entry {number}: same: [...], or plain: [...] with technical: [...] (and note:)"
            )
        same, plain, technical = entry.get("same"), entry.get("plain"), entry.get("technical")
        lists = [g for g in (same, plain, technical) if g is not None]
        if not all(isinstance(g, list) and g for g in lists) or not (
            (same and not plain and not technical) or (plain and technical and not same)
        ):
            raise ValueError(f"lay terms entry {number}: same: [...], or plain: [...] with technical: [...]")
        raw: list[list[object]] = [same] if isinstance(same, list) else [plain or [], technical or []]
        if not all(isinstance(t, str) and _key(t) for group in raw for t in group):
            raise ValueError(f"lay terms entry {number}: every term is a word or phrase")
        groups = [[str(t) for t in group] for group in raw]
        triggering = groups[0]
        alternatives = {_key(t) for group in groups for t in group}
        for term in triggering:
            matches.setdefault(tuple(_key(term).split()), set()).update(alternatives)
        every.update(tuple(_key(t).split()) for group in groups for t in group)
    triggers: dict[str, list[tuple[tuple[str, ...], frozenset[str]]]] = {}
    for stems, alternatives in matches.items():
        triggers.setdefault(stems[0], []).append((stems, frozenset(alternatives)))
    known: dict[str, list[tuple[str, ...]]] = {}
    for stems in every:
        known.setdefault(stems[0], []).append(stems)
    return LayTerms(
        {k: tuple(sorted(v, key=lambda t: -len(t[0]))) for k, v in triggers.items()},
        {k: tuple(sorted(v, key=len, reverse=True)) for k, v in known.items()},
        len(entries),
    )


@lru_cache(maxsize=1)
def lay_terms() -> LayTerms:
    return compile_lay_terms(_lay_entries())


def words(text: str) -> set[str]:
    """A passage's features: its content words, stemmed, and the key of every term of the
    equivalence list it holds ("patellofemoral pain", "pfp")."""
    tokens = _tokens(text)
    stems = [s for s, _ in tokens]
    out = {s for s, content in tokens if content}
    known = lay_terms().known
    for i, stem in enumerate(stems):
        for term in known.get(stem, ()):
            if tuple(stems[i : i + len(term)]) == term:
                out.add(" ".join(term))
    return out


@dataclass(frozen=True, slots=True)
class Feature:
    alternatives: frozenset[str]  # any one of them in a passage matches
    size: int = 1  # content words of the sentence it stands for (for MIN_SHARED)


def features(text: str) -> list[Feature]:
    """A sentence's features for matching: each term of the equivalence list it holds, as one
    feature matched by any of its equivalents (runner's knee: patellofemoral pain, PFP), and each
    other content word alone. A term's words are not counted again on their own."""
    tokens = _tokens(text)
    stems = [s for s, _ in tokens]
    triggers = lay_terms().triggers
    out: dict[frozenset[str], Feature] = {}
    i = 0
    while i < len(tokens):
        for term, alternatives in triggers.get(stems[i], ()):
            if tuple(stems[i : i + len(term)]) == term:
                size = max(1, sum(content for _, content in tokens[i : i + len(term)]))
                if alternatives not in out or out[alternatives].size < size:
                    out[alternatives] = Feature(alternatives, size)
                i += len(term)
                break
        else:
            stem, content = tokens[i]
            if content:
                out.setdefault(frozenset((stem,)), Feature(frozenset((stem,))))
            i += 1
    return list(out.values())


def _weigh(store: PassageStore, references: Mapping[str, Reference] | None = None) -> None:
    df: Counter[str] = Counter()
    count = 0
    for key, passages in store.passages.items():
        own: Counter[str] = Counter()
        for p in passages:
            df.update(p.words)
            own.update(p.words)
            count += 1
        reference = references.get(key) if references is not None else None
        title = reference.field("title") if reference is not None else ""
        documents = len(passages) + (1 if title else 0)
        if title:
            own.update(words(title))
        if documents >= 2:
            store.topics[key] = {w: n / documents for w, n in own.items() if n >= 2}
    store.default_idf = math.log(1 + (count + 1) / 0.5)
    store.idf = {w: math.log(1 + (count + 1) / (n + 0.5)) for w, n in df.items()}


def weigh(
    claim_features: Sequence[Feature], store: PassageStore, key: str | None = None
) -> list[tuple[Feature, float]]:
    """Each feature of a claim with its weight: the rarity among passages of its commonest
    alternative (a term every source uses, such as PFP, weighs little). With the key of the
    source whose passages it is compared with, a feature that most of that source's documents
    (its passages and its title) hold is the source's topic: its weight is cut by up to
    TOPIC_DISCOUNT, so that repeating a source's topic words is not enough to be supported."""
    topics = store.topics.get(key) if key is not None else None
    rarity = store.rarity
    out = []
    for f in claim_features:
        alternatives = f.alternatives
        weight = rarity.get(alternatives)
        if weight is None:
            weight = rarity[alternatives] = min(store.weight(w) for w in alternatives)
        if topics:
            if len(alternatives) == 1:
                weight *= 1 - TOPIC_DISCOUNT * topics.get(next(iter(alternatives)), 0.0)
            else:
                weight *= 1 - TOPIC_DISCOUNT * max(topics.get(w, 0.0) for w in alternatives)
        out.append((f, weight))
    return out


def overlap(weighted: Sequence[tuple[Feature, float]], passage: Passage) -> float:
    """Share of the claim's features (each weighted as `weigh` says) the passage has; a passage
    that states a study's aim or search, not a finding, counts AIM_WEIGHT of it."""
    total = matched = 0.0
    shared = size = 0
    have = passage.words
    for feature, weight in weighted:
        total += weight
        size += feature.size
        if not feature.alternatives.isdisjoint(have):
            matched += weight
            shared += feature.size
    # One shared word ("common", "number") is chance, whatever its share, unless the claim has
    # only one (a table cell such as "Cohort": the passage that has it is the match).
    if shared < min(MIN_SHARED, size) or not total:
        return 0.0
    return matched / total * (AIM_WEIGHT if passage.aim else 1.0)


def overlap_pair(weighted: Sequence[tuple[Feature, float]], first: Passage, second: Passage) -> float:
    """Share of the claim's features that two passages hold together (a sentence often joins
    what a record says in two places: its methods and its result). Each passage must hold a
    feature the other lacks (else one is enough), and each counts AIM_WEIGHT if it states an aim."""
    total = matched = 0.0
    shared = size = 0
    only_first = only_second = False
    for feature, weight in weighted:
        total += weight
        size += feature.size
        a = not feature.alternatives.isdisjoint(first.words)
        b = not feature.alternatives.isdisjoint(second.words)
        if a or b:
            shared += feature.size
            factor = max(
                (AIM_WEIGHT if first.aim else 1.0) if a else 0.0,
                (AIM_WEIGHT if second.aim else 1.0) if b else 0.0,
            )
            matched += weight * factor
            only_first |= a and not b
            only_second |= b and not a
    if shared < min(MIN_SHARED, size) or not total or not (only_first and only_second):
        return 0.0
    return matched / total


def support_score(sentence: str, passage: Passage, store: PassageStore) -> float:
    """How well one passage supports one sentence (the score compared with THRESHOLD)."""
    return overlap(weigh(features(sentence), store, passage.key), passage)


def _sequence(text: str) -> list[str]:
    return WORD.findall(text.lower().replace("’", "'"))


def copies(
    sentence: str, passage: Passage, sequence: Sequence[str] | None = None, vocabulary: frozenset[str] | None = None
) -> bool:
    """Does the passage merely copy the guide's sentence (not a quotation the guide makes)?
    `sequence` and `vocabulary` are the sentence's words in order and as a set, if known."""
    a = list(sequence) if sequence is not None else _sequence(sentence)
    b = passage.sequence or tuple(_sequence(passage.text))
    if not a or not b:
        return False
    sa, sb = vocabulary if vocabulary is not None else frozenset(a), passage.vocabulary
    shared = len(sa & sb)
    if shared < 0.5 * (len(sa) + len(sb) - shared):  # fewer than half of all their words in common
        return False
    if SequenceMatcher(None, a, b, autojunk=False).ratio() < COPY_RATIO:
        return False
    # The guide quoting the record, in quotation marks, is fine: that is what a passage holds.
    for quoted in QUOTED.findall(sentence):
        if SequenceMatcher(None, _sequence(quoted), b, autojunk=False).ratio() >= COPY_RATIO:
            return False
    return True


# ---------------------------------------------------------------------------------------------
# Grounding claims


@dataclass(frozen=True, slots=True)
class NumberCheck:
    number: Number
    line: int
    column: int
    result: str  # exact | rounded | year (the source's own) | quoted (in quotation marks) | missing
    key: str | None = None  # the source whose passage holds it
    passage: Passage | None = None


@dataclass(frozen=True, slots=True)
class Chosen:
    key: str
    text: str
    where: str
    path: str
    line: int
    score: float
    pinned: bool = False  # matched to the sentence by a contributor (`supports:`), not by its words


@dataclass(frozen=True, slots=True)
class Grounding:
    claim: Claim
    status: str  # one of STATUSES
    numbers: tuple[NumberCheck, ...] = ()
    chosen: tuple[Chosen, ...] = ()
    score: float = 0.0  # the best passage's word overlap

    @property
    def missing(self) -> tuple[Number, ...]:
        return tuple(c.number for c in self.numbers if c.result == "missing")

    def as_dict(self) -> dict[str, object]:
        """For the ledger's claims.json."""
        c = self.claim
        return {
            "path": c.path,
            "line": c.line,
            "column": c.column,
            "text": c.text,
            "keys": list(c.keys),
            "status": self.status,
            "numbers": [
                {"text": n.number.text, "line": n.line, "column": n.column, "result": n.result, "key": n.key}
                for n in self.numbers
            ],
            "missing": [n.text for n in self.missing],
            "passages": [
                {
                    "key": p.key,
                    "text": p.text,
                    "where": p.where,
                    "file": f"{p.path}:{p.line}",
                    "score": round(p.score, 3),
                }
                for p in self.chosen
            ],
        }


def claim_plain_text(claim: Claim, masked: str | None = None) -> str:
    """The sentence as a reader reads it: the claim's own plain text when it has one, else its
    source with citations, link targets, code and markup taken out."""
    own = getattr(claim, "plain", None)
    return own if isinstance(own, str) and own else plain(masked if masked is not None else _masked(claim.text))


def _masked(source: str) -> str:
    chars = list(source)
    for region in scan_inline(source):
        chars[region.start : region.end] = " " * (region.end - region.start)
    masked = "".join(chars)
    return CITATION_BLOCK.sub(lambda m: " " * len(m.group(0)), masked)


def _years(keys: Iterable[str], references: Mapping[str, Reference]) -> set[int]:
    out = set()
    for key in keys:
        reference = references.get(key)
        year = reference.field("year") if reference is not None else ""
        if year.isdigit():
            out.add(int(year))
    return out


def ground_claims(
    claims: Sequence[Claim],
    store: PassageStore,
    references: Mapping[str, Reference],
    *,
    exempt: bool = False,
    sources: Mapping[str, str] | None = None,
) -> tuple[list[Grounding], list[Finding]]:
    """Ground each claim in its sources' passages.

    `exempt`: the claims are on a page with `claims: exempt` (an uncited claim is "exempt").
    `sources`: display path -> the file's text, to give each number its exact line and column
    when a sentence spans lines (without it, columns count along the sentence's first line).
    """
    findings: list[Finding] = []
    masks = [_masked(c.text) for c in claims]
    texts = [claim_plain_text(c, m) for c, m in zip(claims, masks, strict=False)]
    rejected = _copies(claims, texts, store, findings)
    lines = {path: text.split("\n") for path, text in sources.items()} if sources else None  # once per page
    groundings = [
        _ground(claim, text, masked, store, references, rejected, exempt, lines, findings)
        for claim, text, masked in zip(claims, texts, masks, strict=False)
    ]
    return groundings, findings


def _copies(
    claims: Sequence[Claim], texts: list[str], store: PassageStore, findings: list[Finding]
) -> set[tuple[str, int]]:
    rejected: dict[tuple[str, int], Claim] = {}
    for claim, text in zip(claims, texts, strict=False):
        sequence: list[str] | None = None
        vocabulary: frozenset[str] = frozenset()
        for key in claim.keys:
            for passage in store.for_key(key):
                if sequence is None:
                    sequence = _sequence(text)
                    vocabulary = frozenset(sequence)
                if passage.ident not in rejected and copies(text, passage, sequence, vocabulary):
                    rejected[passage.ident] = claim
                    findings.append(
                        Finding(
                            "PSG004",
                            passage.path,
                            passage.line,
                            passage.column,
                            passage.text,
                            f"passage copies the guide's sentence at {claim.path}:{claim.line}",
                        )
                    )
    return set(rejected)


def _ground(
    claim: Claim,
    text: str,
    masked: str,
    store: PassageStore,
    references: Mapping[str, Reference],
    rejected: set[tuple[str, int]],
    exempt: bool,
    lines: Mapping[str, Sequence[str]] | None,
    findings: list[Finding],
) -> Grounding:
    if not claim.keys:
        status = "suppressed" if claim.suppression is not None else "exempt" if exempt else "uncited"
        return Grounding(claim, status)

    numbers = extract_numbers(text)
    years = _years(claim.keys, references)
    place = _Locator(claim, masked, lines.get(claim.path) if lines else None)
    checks: list[NumberCheck] = []
    needed: list[tuple[int, Number]] = []
    quoted = [(m.start(), m.end()) for m in QUOTATION.finditer(text)]
    for number in numbers:
        line, column = place(number)
        if number.kind == "year" and int(number.value) in years:
            checks.append(NumberCheck(number, line, column, "year"))
        elif any(a < number.start < b for a, b in quoted):
            checks.append(NumberCheck(number, line, column, "quoted"))
        else:
            needed.append((len(checks), number))
            checks.append(NumberCheck(number, line, column, "missing"))

    candidates = [p for key in claim.keys for p in store.for_key(key) if p.ident not in rejected]
    claim_features = features(text) if candidates else []
    weighted = {key: weigh(claim_features, store, key) for key in {p.key for p in candidates}}
    scores = {p.ident: overlap(weighted[p.key], p) for p in candidates}
    best_score = max(scores.values(), default=0.0)

    pinned = _pinned(text, candidates, store) if any(p.supports for p in candidates) else []
    if not needed and pinned:
        chosen_pins = tuple(_chosen(p, scores, pinned=True) for p in pinned)
        return Grounding(claim, "supported", tuple(checks), chosen_pins, best_score)

    if not needed:
        best = max(candidates, key=lambda p: scores[p.ident], default=None)
        if best is not None and scores[best.ident] >= THRESHOLD:
            return Grounding(claim, "supported", tuple(checks), (_chosen(best, scores),), best_score)
        pair = _best_pair(candidates, scores, weighted)
        if pair is not None:
            (first, second), pair_score = pair
            chosen_pair = (_chosen(first, scores), _chosen(second, scores))
            return Grounding(claim, "supported", tuple(checks), chosen_pair, pair_score)
        findings.append(_no_passage(claim, candidates, best_score, store))
        return Grounding(claim, "no-passage", tuple(checks), (), best_score)

    if not candidates:
        listed = ", ".join(n.text for _, n in needed)
        keys = ", ".join(claim.keys)
        findings.append(
            Finding(
                "NUM002",
                claim.path,
                claim.line,
                claim.column,
                claim.text,
                f"numbers ({listed}) but no passages recorded for {keys}",
            )
        )
        return Grounding(claim, "numbers-missing", tuple(checks), (), 0.0)

    # Which passage holds which number: exact matches first, then roundings and bounds.
    holds: dict[tuple[str, int], dict[int, str]] = {}
    for p in candidates:
        found: dict[int, str] = {}
        for index, number in needed:
            results = {supports(number, q) for q in p.numbers}
            if "exact" in results:
                found[index] = "exact"
            elif "rounded" in results:
                found[index] = "rounded"
        holds[p.ident] = found

    chosen: list[Passage] = []
    uncovered = {index for index, _ in needed}
    while uncovered:
        best = max(
            candidates,
            key=lambda p: (
                len(holds[p.ident].keys() & uncovered),
                sum(holds[p.ident].get(i) == "exact" for i in uncovered),
                scores[p.ident],
            ),
        )
        covered = holds[best.ident].keys() & uncovered
        if not covered:
            break
        chosen.append(best)
        for index in covered:
            check = checks[index]
            checks[index] = NumberCheck(
                check.number, check.line, check.column, holds[best.ident][index], best.key, best
            )
        uncovered -= covered

    for index in sorted(uncovered):
        check = checks[index]
        findings.append(_missing(claim, check, candidates, store))
    status = "numbers-missing" if uncovered else "supported"
    return Grounding(claim, status, tuple(checks), tuple(_chosen(p, scores) for p in chosen), best_score)


# Pairs: of 25 claims supported only by two passages together, sampled and judged by reading
# (2026-11-30), 23 were supported: the precision of single passages.
PAIR_CANDIDATES = 6  # the best-scoring passages tried in pairs (a claim's sources rarely have more that matter)


def _best_pair(
    candidates: Sequence[Passage],
    scores: Mapping[tuple[str, int], float],
    weighted: Mapping[str, Sequence[tuple[Feature, float]]],
) -> tuple[tuple[Passage, Passage], float] | None:
    """The two passages that together support the claim best, if they reach THRESHOLD (weighted
    as for the better-scoring one's source)."""
    top = sorted(candidates, key=lambda p: -scores[p.ident])[:PAIR_CANDIDATES]
    best: tuple[tuple[Passage, Passage], float] | None = None
    for i, first in enumerate(top):
        for second in top[i + 1 :]:
            score = overlap_pair(weighted[first.key], first, second)
            if score >= THRESHOLD and (best is None or score > best[1]):
                best = ((first, second), score)
    return best


def _chosen(passage: Passage, scores: Mapping[tuple[str, int], float], pinned: bool = False) -> Chosen:
    return Chosen(
        passage.key, passage.text, passage.where, passage.path, passage.line, scores.get(passage.ident, 0.0), pinned
    )


def _pinned(text: str, candidates: Sequence[Passage], store: PassageStore) -> list[Passage]:
    """The candidates whose `supports:` names this sentence (by its start), each pin noted as used."""
    sentence = pin_text(text)
    out = []
    for p in candidates:
        for start, _, line, _ in p.supports:
            if sentence.startswith(start):
                store.pins_used.add((p.path, line))
                if p not in out:
                    out.append(p)
    return out


def unused_pins(store: PassageStore, cited: Collection[str] | None = None) -> list[Finding]:
    """PSG006 for each `supports:` entry that names no sentence citing its source (the sentence
    was edited or moved: read it again, and match it again or remove the entry). For a whole
    site only, after every page is grounded; with `cited`, only for the sources some page cites
    (a source no page cites is BIB008, which says what to do)."""
    return [
        Finding(
            "PSG006",
            p.path,
            line,
            column,
            written,
            f"supports: names no sentence of the guide that cites {p.key}: read the sentence again and "
            "update this entry, or remove it",
        )
        for key, passages in store.passages.items()
        if cited is None or key in cited
        for p in passages
        for _, written, line, column in p.supports
        if (p.path, line) not in store.pins_used
    ]


def _no_passage(claim: Claim, candidates: list[Passage], best: float, store: PassageStore) -> Finding:
    keys = ", ".join(claim.keys)
    if not candidates:
        message = f"no supporting passage recorded: {keys} {'has' if len(claim.keys) == 1 else 'have'} no passages"
    else:
        message = (
            f"no supporting passage recorded: the best passage of {keys} shares {best:.0%} of the sentence's words"
        )
    return Finding("PSG005", claim.path, claim.line, claim.column, claim.text, message)


def _missing(claim: Claim, check: NumberCheck, candidates: list[Passage], store: PassageStore) -> Finding:
    number = check.number
    with_passages = [k for k in claim.keys if any(p.key == k for p in candidates)]
    without = [k for k in claim.keys if k not in with_passages]
    message = f"'{number.text}' is in no passage of {', '.join(with_passages)}"
    if without:
        message += f" ({', '.join(without)} {'has' if len(without) == 1 else 'have'} no passages)"
    near = next((q for p in candidates for q in p.numbers if would_round(number, q)), None)
    if near is not None:
        message += f'; a passage has {near.text}: if the guide rounds it, write "about" before the number'
    return Finding("NUM001", claim.path, check.line, check.column, number.text, message)


_TOKEN_CHARS = frozenset("0123456789abcdefghijklmnopqrstuvwxyz")


def _find_token(text: str, needle: str, start: int) -> int:
    """Where `needle` stands in `text` (lower case) from `start` with no digit or letter
    touching it on either side; -1 if nowhere."""
    at = text.find(needle, start)
    while at >= 0:
        end = at + len(needle)
        if (at == 0 or text[at - 1] not in _TOKEN_CHARS) and (end == len(text) or text[end] not in _TOKEN_CHARS):
            return at
        at = text.find(needle, at + 1)
    return -1


class _Locator:
    """Where a number of the plain sentence is in the file: found in the sentence as written
    (citations, link targets and code blanked), then counted from the sentence's start."""

    def __init__(self, claim: Claim, masked: str, lines: Sequence[str] | None) -> None:
        self.claim = claim
        self.masked = masked.lower()
        self.cursor = 0
        self.lines = lines

    def __call__(self, number: Number) -> tuple[int, int]:
        offset = self._offset(number)
        if self.lines is None:
            return self.claim.line, self.claim.column + offset
        return self._walk(offset)

    def _offset(self, number: Number) -> int:
        for needle in (number.text.lower(), _first_token(number.text).lower()):
            if not needle:
                continue
            # whole tokens only: the 6 of "6 weeks", not the one in "16" or "T6" (str.find, not a
            # regex compiled for every number)
            found = _find_token(self.masked, needle, self.cursor)
            if found >= 0:
                self.cursor = found + len(needle)
                return found
        return 0

    def _walk(self, offset: int) -> tuple[int, int]:
        """Follow the whitespace-folded sentence through the file's lines to `offset`."""
        assert self.lines is not None
        source = self.claim.text
        row, col = self.claim.line - 1, self.claim.column - 1
        if row < len(self.lines) and self.lines[row].startswith(source, col):  # on one line, as written
            return row + 1, col + offset + 1
        i = 0
        budget = len(source) * 4 + 100
        while i < offset and row < len(self.lines) and budget:
            budget -= 1
            line = self.lines[row]
            if col >= len(line):
                row, col = row + 1, 0
                while row < len(self.lines) and col < len(self.lines[row]) and self.lines[row][col] in " \t>":
                    col += 1
                if source[i] == " ":
                    i += 1
                continue
            if source[i] == " " and line[col] in " \t":
                while col < len(line) and line[col] in " \t":
                    col += 1
                i += 1
                continue
            if line[col] == source[i]:
                i, col = i + 1, col + 1
            else:
                col += 1  # a character the folded sentence does not have (a blockquote marker)
        return row + 1, col + 1


def _first_token(text: str) -> str:
    m = re.search(r"[\w.,·−-]+", text)
    return m.group(0) if m else ""


def coverage(groundings: Iterable[Grounding]) -> dict[str, int]:
    """How many claims have each status, and how many cited claims have numbers."""
    counts = Counter(g.status for g in groundings if True)
    out = {status: counts.get(status, 0) for status in STATUSES}
    return out
