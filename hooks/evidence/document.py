"""A Markdown page -> the prose a reader reads, as sentences with their file positions.

Block structure comes from markdown-it-py's tokens (with the plugins for admonitions,
footnotes and definition lists, and pymdownx tabs read as admonitions). Inside each block of
inline text, a small scanner marks what is not prose (code spans, HTML comments and tags, link
targets, images, footnote references, attribute lists) so that sentences, citations and
suppressions keep the exact line and column they have in the file.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.admon import admon_plugin
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin

from .frontmatter import FrontMatter, parse_front_matter
from .inline import mask_regions, scan_inline
from .sentences import plain, split_sentences

# Where prose lives, named after the Markdown construct that holds it (innermost container wins).
CONTAINERS = {
    "blockquote_open": "blockquote",
    "list_item_open": "list-item",
    "td_open": "table-cell",
    "dd_open": "definition",
    "footnote_reference_open": "footnote",
}

# `[...]` holding an @ followed by a key character: what mkdocs-bibtex would take for a citation.
CITATION_BLOCK = re.compile(r"\[([^\[\]\n]*?@[\w-][^\[\]\n]*?|\s*@\s*)\]")
# `<!-- evidence: ignore CLM001 NUM001 "reason" -->`; the old `<!-- claims: ignore "reason" -->`
# is read too, so that it can be reported (CLM003) instead of silently ignored.
SUPPRESSION = re.compile(r"<!--\s*(evidence|claims):\s*ignore\b(.*?)-->", re.S)
SUPPRESSION_BODY = re.compile(r"((?:[A-Za-z]+[0-9]+\b[\s,]*)*)(.*)", re.S)
# pymdownx.tabbed's `=== "Title"` line; read as an admonition title so its indented body is prose.
TAB_LINE = re.compile(r"^(\s*)===[!+]?( +)", re.M)
ABBREVIATION_LINE = re.compile(r"^\*\[[^\]]+\]:.*$", re.M)
SNIPPET_LINE = re.compile(r"^\s*-{1,2}8<-{1,2}.*$", re.M)


@dataclass(frozen=True, slots=True)
class Citation:
    """One `[...]` citation block in prose, e.g. `[@a; @b]`."""

    raw: str
    line: int
    column: int
    hidden: bool = False  # inside code or an HTML comment: shown, never rendered as a citation
    in_heading: bool = False  # would be rendered in the heading and its table-of-contents entry


@dataclass(frozen=True, slots=True)
class Suppression:
    """`<!-- evidence: ignore CODE... "reason" -->`: the codes it names, and its reason without
    the quotes ("" when it gives none). `legacy` marks the old form, which names no rule."""

    reason: str
    line: int
    column: int
    codes: tuple[str, ...] = ()
    raw: str = ""
    legacy: bool = False


def read_suppression(match: re.Match[str], line: int, column: int) -> Suppression:
    body = SUPPRESSION_BODY.fullmatch(match.group(2).strip())
    assert body is not None  # the pattern matches any text
    codes = tuple(re.findall(r"[A-Za-z]+[0-9]+", body.group(1)))
    reason = body.group(2).strip()
    if len(reason) >= 2 and reason[0] == reason[-1] and reason[0] in "\"'":
        reason = reason[1:-1]
    raw = " ".join(match.group(0).split())
    return Suppression(reason.strip(), line, column, codes, raw, legacy=match.group(1) == "claims")


@dataclass(slots=True)
class Sentence:
    text: str  # plain prose: markup, code and citations removed
    source: str  # the sentence as written, for messages
    line: int
    column: int
    construct: str
    heading: str | None  # the nearest heading above, for links to the sentence's section
    citations: list[Citation] = field(default_factory=list)
    hidden_citations: list[Citation] = field(default_factory=list)
    suppression: Suppression | None = None
    end: tuple[int, int] = (0, 0)  # (line, column) of the sentence's last character


@dataclass(slots=True)
class Document:
    path: str
    front_matter: FrontMatter
    sentences: list[Sentence]
    citations: list[Citation]  # every citation block, hidden ones included
    suppressions: list[Suppression]  # every suppression comment
    unused_suppressions: list[Suppression]  # those with no sentence after them in their block
    html: list[tuple[int, str]]  # (line, raw HTML) of every HTML block and inline tag
    links: list[tuple[int, int, str]]  # (line, column, href) of every link and image
    code_lines: set[int]  # 1-based lines inside fenced or indented code blocks
    line_count: int


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    parser = MarkdownIt("commonmark").enable("table").use(admon_plugin).use(footnote_plugin).use(deflist_plugin)
    # Inline text is read from each block's source by scan_inline, with positions, so
    # markdown-it's inline pass is not run at all; nor is the step that moves footnote
    # definitions to the end of the page (it keeps only those referenced, which needs the
    # inline pass): each definition stays where it is written.
    parser.core.ruler.disable(["inline", "footnote_tail"])
    return parser


def _prepare(text: str, front_matter_lines: int) -> str:
    """Blank what the parser must not see as prose, keeping every line where it is."""
    lines = text.split("\n")
    for i in range(min(front_matter_lines, len(lines))):
        lines[i] = ""
    text = "\n".join(lines)
    text = ABBREVIATION_LINE.sub("", text)
    text = SNIPPET_LINE.sub("", text)
    # `=== "Tab"` -> `!!! tab "Tab"`: same body indentation, so the body keeps its columns.
    return TAB_LINE.sub(lambda m: f"{m.group(1)}!!! tab{m.group(2)}", text)


def block_tokens(text: str, front_matter_lines: int) -> list[Token]:
    """A page's block tokens as the checks read them (front matter, abbreviations and snippet
    lines blanked, content tabs read as admonitions), each with its source lines."""
    return _parser().parse(_prepare(text, front_matter_lines))


class _Block:
    """An inline token's source text with a map from offsets back to file positions."""

    def __init__(self, content: str, first_line: int, source_lines: list[str]) -> None:
        self.content = content
        self.starts: list[int] = []
        self.lines: list[int] = []
        self.columns: list[int] = []
        offset = 0
        for i, part in enumerate(content.split("\n")):
            line_no = first_line + i
            source = source_lines[line_no - 1] if 0 < line_no <= len(source_lines) else ""
            column = source.find(part) if part else 0
            self.starts.append(offset)
            self.lines.append(line_no)
            self.columns.append(max(column, 0) + 1)
            offset += len(part) + 1

    def position(self, offset: int) -> tuple[int, int]:
        i = bisect.bisect_right(self.starts, offset) - 1
        return self.lines[i], self.columns[i] + offset - self.starts[i]


class _Parser:
    """Walks markdown-it's tokens once, keeping the state a sentence needs (container, heading,
    a suppression waiting for its sentence)."""

    def __init__(self, text: str, path: str) -> None:
        self.path = path
        self.front_matter = parse_front_matter(text)
        self.source_lines = text.split("\n")
        self.tokens = block_tokens(text, self.front_matter.end_line)
        self.sentences: list[Sentence] = []
        self.citations: list[Citation] = []
        self.unused: list[Suppression] = []
        self.html: list[tuple[int, str]] = []
        self.links: list[tuple[int, int, str]] = []
        self.code_lines: set[int] = set()
        self.stack: list[str] = []
        self.heading: str | None = None
        self.pending: list[Suppression] = []  # waiting for the sentence after them

    def suppress(self, suppression: Suppression) -> None:
        self.pending.append(suppression)

    def run(self) -> Document:
        in_heading = in_title = in_term = in_header_cell = False
        for index, token in enumerate(self.tokens):
            kind = token.type
            if kind.endswith("_open"):
                if kind in CONTAINERS:
                    self.stack.append(CONTAINERS[kind])
                elif kind == "admonition_open":
                    self.stack.append("tab" if token.meta.get("tag") == "tab" else "admonition")
                in_heading |= kind == "heading_open"
                in_title |= kind == "admonition_title_open"
                in_term |= kind == "dt_open"
                in_header_cell |= kind == "th_open"
            elif kind.endswith("_close"):
                if kind.replace("_close", "_open") in CONTAINERS or kind == "admonition_close":
                    self.stack.pop()
                in_heading &= kind != "heading_close"
                in_title &= kind != "admonition_title_close"
                in_term &= kind != "dt_close"
                in_header_cell &= kind != "th_close"
            elif kind in ("fence", "code_block") and token.map:
                self.code_lines.update(range(token.map[0] + 1, token.map[1] + 1))
            elif kind == "html_block" and token.map:
                self.html_block(token.content, token.map[0] + 1)
            elif kind == "inline" and token.map:
                level = int(self.tokens[index - 1].tag[1]) if in_heading else 0
                self.inline(
                    token.content, token.map[0] + 1, level=level, prose=not (in_title or in_term or in_header_cell)
                )
        self.unused += self.pending
        used = [s.suppression for s in self.sentences if s.suppression]
        return Document(
            self.path,
            self.front_matter,
            self.sentences,
            self.citations,
            sorted(used + self.unused, key=lambda s: (s.line, s.column)),
            self.unused,
            self.html,
            self.links,
            self.code_lines,
            len(self.source_lines),
        )

    def html_block(self, content: str, line: int) -> None:
        self.html.append((line, content))
        for m in CITATION_BLOCK.finditer(content):
            self.citations.append(Citation(m.group(0), line, 1, hidden=True))
        leading = SUPPRESSION.match(content.lstrip())
        rest = content.lstrip()[leading.end() :].strip() if leading else ""
        if leading and rest:
            # `<!-- claims: ignore "..." --> Text` is an HTML block to markdown-it, but the text
            # after the comment is prose on the page (with any further suppressions in it).
            self.suppress(read_suppression(leading, line, 1))
            self.inline(rest, line, level=0, prose=True)
            return
        for m in SUPPRESSION.finditer(content):
            self.suppress(read_suppression(m, line, 1))

    def inline(self, content: str, first_line: int, *, level: int, prose: bool) -> None:
        block = _Block(content, first_line, self.source_lines)
        regions = scan_inline(content)
        masked = mask_regions(content, regions)

        hidden: list[tuple[int, Citation]] = []
        for r in regions:
            line, column = block.position(r.start)
            raw = content[r.start : r.end]
            if r.kind == "comment" and (m := SUPPRESSION.match(raw)):
                self.suppress(read_suppression(m, line, column))
            if r.kind in ("html", "comment"):
                self.html.append((line, raw))
            elif r.kind == "target":
                self.links.append((line, column, raw[1:-1].strip().split(" ")[0].strip("<>")))
            elif r.kind == "image":
                self.links.append((line, column, raw[raw.rfind("(") + 1 : -1].strip().split(" ")[0].strip("<>")))
            if r.kind in ("code", "comment"):
                for m in CITATION_BLOCK.finditer(raw):
                    offset = r.start + m.start()
                    hidden.append((offset, Citation(m.group(0), *block.position(offset), hidden=True)))
        visible = [
            (m.start(), Citation(m.group(0), *block.position(m.start()), in_heading=bool(level)))
            for m in CITATION_BLOCK.finditer(masked)
        ]
        self.citations.extend(c for _, c in hidden)
        self.citations.extend(c for _, c in visible)

        if level:
            self.heading = plain(masked)
            return
        if not prose:
            return

        # The visible citations blanked out: `visible` is exactly CITATION_BLOCK's matches in
        # `masked`, so one sub does it (no list of the block's characters).
        text = CITATION_BLOCK.sub(_blank, masked) if visible else masked
        construct = self.stack[-1] if self.stack else "paragraph"
        read = [(a, b, plain(text[a:b])) for a, b in split_sentences(text)]
        spans = [(a, b) for a, b, words in read if words]
        block_sentences: list[Sentence] = []
        for start, end, words in read:
            if not words:
                continue
            line, column = block.position(start)
            sentence = Sentence(
                text=words,
                source=" ".join(content[start:end].split()),
                line=line,
                column=column,
                construct=construct,
                heading=self.heading,
                end=block.position(max(end - 1, start)),
            )
            # Each suppression is for the sentence right after it; two with no sentence between
            # them: the earlier suppresses nothing.
            due = [p for p in self.pending if (p.line, p.column) <= (line, column)]
            if due:
                sentence.suppression = due[-1]
                self.unused += due[:-1]
                self.pending = [p for p in self.pending if p not in due]
            block_sentences.append(sentence)
        # A suppression inside a block reaches no further than that block.
        self.unused += [p for p in self.pending if p.line >= block.lines[0]]
        self.pending = [p for p in self.pending if p.line < block.lines[0]]
        if not block_sentences:
            return
        # A citation belongs to the sentence it sits in; one that starts a sentence, or sits
        # between two, belongs to the sentence before it ("... knee. [@key] Next ...").
        starts = [a for a, _ in spans]
        for offset, citation in visible + hidden:
            i = bisect.bisect_right(starts, offset) - 1
            if i > 0 and not text[starts[i] : offset].strip():
                i -= 1
            target = block_sentences[max(i, 0)]
            (target.hidden_citations if citation.hidden else target.citations).append(citation)
        self.sentences.extend(block_sentences)


def _blank(m: re.Match[str]) -> str:
    return " " * len(m.group(0))


def parse_document(text: str, path: str) -> Document:
    """Parse one Markdown file into its front matter, prose sentences and citations."""
    return _Parser(text, path).run()
