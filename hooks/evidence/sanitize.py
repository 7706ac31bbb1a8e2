"""What is published, sanitized: an allowlist over each page's rendered HTML (issue #18).

The source checks (guardrails.py) are the friendly early message, with a line to fix; this is
the guarantee. A page's HTML, after Python-Markdown and after the hooks have written citations,
references and the ledger, goes through nh3 (the Rust sanitizer ammonia, which parses with
html5ever as a browser does) with an allowlist of exactly what the guide and Material's
Markdown extensions write:

- tags: text structure, lists, tables, footnotes, abbreviations, admonitions, details, tabbed
  blocks (radio inputs and labels), code highlighting, images, and the inline SVG of Material's
  icons (span.twemoji > svg > path);
- attributes: per tag (ids, titles, table scope, image sizes...), classes from a per-tag list,
  `style` only as `text-align` on table cells (what Python-Markdown's tables write);
- URLs: links to https:, mailto:, #fragments and relative paths; images only from relative
  paths (the site asks no third party for anything). Protocol-relative (`//host`) and
  backslash forms are refused.

nh3 does not say what it removed, so `sanitize_html` parses the HTML before and after with a
real parser (lxml for the common case where nothing changed; html5lib, an HTML5-conformant
parser, when something did, so that the report reads the input as a browser would) and returns
each removed element, attribute, class or URL as a `Removal`. The common case is proved in
C: when lxml reads the input and the output as the same tree (compared canonically), nothing
was removed; any difference at all goes to the full comparison. `locate` finds the Markdown line
a removal came from, so the hook can report it as a finding (HTML004) at file:line.

`sanitize_reference_html` is the same for one formatted reference (pandoc's text, which turns
LaTeX in any field into links), with links further limited to the entry's DOI, PubMed or PMC
record, its own `url` field, and the guide's pages.

HTML comments are dropped, except the build's own markers (`<!--evidence:NAME-->`,
references.MARKER), which the build fills in later; dropped comments are not reported
(writers use comments for `claims: ignore` notes).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Iterable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache

import nh3

# ---------------------------------------------------------------------------------------------
# The allowlist

HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "caption",
    "code",
    "col",
    "colgroup",
    "dd",
    "del",
    "details",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "hr",
    "i",
    "img",
    "input",
    "ins",
    "kbd",
    "label",
    "li",
    "mark",
    "ol",
    "p",
    "path",
    "pre",
    "q",
    "s",
    "small",
    "span",
    "strong",
    "sub",
    "summary",
    "sup",
    "svg",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "u",
    "ul",
    "var",
} | HEADINGS
# Removed with everything inside them (their content is code, styles or another document).
CLEAN_CONTENT_TAGS = {
    "script",
    "style",
    "template",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "noscript",
    "noembed",
    "noframes",
    "xmp",
    "title",
    "textarea",
    "select",
    "math",
    "option",
}

ATTRIBUTES: dict[str, set[str]] = {
    **{h: {"id"} for h in HEADINGS},
    "a": {"href", "title", "id"},
    "abbr": {"title"},
    "div": {"id", "data-search-exclude", "data-tabs"},
    "p": {"id", "data-search-exclude"},
    "span": {"id", "title", "data-search-exclude"},
    "sup": {"id"},
    "li": {"id"},
    "ol": {"start"},
    "dt": {"id"},
    "details": {"open"},
    "th": {"scope", "colspan", "rowspan", "style"},
    "td": {"colspan", "rowspan", "style"},
    "img": {"src", "alt", "title", "width", "height", "loading"},
    "input": {"type", "id", "name", "checked"},
    "label": {"for"},
    "svg": {"xmlns", "viewBox", "width", "height", "aria-hidden", "focusable"},
    "path": {"d", "fill-rule", "clip-rule"},
}
# `class` is not listed here: allowed_classes() lists the class names each tag may carry.
URL_ATTRIBUTES = {"href", "src"}
BOOLEAN_ATTRIBUTES = {"checked", "open"}

ADMONITION_TYPES = {
    "admonition",
    "note",
    "abstract",
    "summary",
    "tldr",
    "info",
    "todo",
    "tip",
    "hint",
    "important",
    "success",
    "check",
    "done",
    "question",
    "help",
    "faq",
    "warning",
    "caution",
    "attention",
    "failure",
    "fail",
    "missing",
    "danger",
    "error",
    "bug",
    "example",
    "quote",
    "cite",
}


@lru_cache(maxsize=1)
def _pygments_classes() -> frozenset[str]:
    """The short token classes Pygments writes in highlighted code (`<span class="nb">`)."""
    try:
        from pygments.token import STANDARD_TYPES
    except ImportError:  # pragma: no cover - Pygments comes with MkDocs
        return frozenset()
    return frozenset(c for c in STANDARD_TYPES.values() if c)


def allowed_classes() -> dict[str, set[str]]:
    return {
        "a": {"headerlink", "footnote-ref", "footnote-backref", "md-button", "md-button--primary"},
        "div": {
            "footnote",
            "grid",
            "cards",
            "highlight",
            "guide-reference",
            "guide-ledger-counts",
            "tabbed-set",
            "tabbed-alternate",
            "tabbed-labels",
            "tabbed-content",
            "tabbed-block",
        }
        | ADMONITION_TYPES,
        "details": ADMONITION_TYPES,
        "p": {"admonition-title"},
        "span": {"citation", "evidence-label", "twemoji", "filename"} | set(_pygments_classes()),
        "table": {"guide-ledger"},
        "img": {"twemoji"},
        "code": set(),
        "pre": set(),
    }


ALIGNMENT = re.compile(r"\s*text-align\s*:\s*(?:left|right|center)\s*;?\s*", re.I)
# What browsers ignore in a URL before reading its scheme: C0 controls and spaces around it,
# tabs and newlines anywhere.
URL_IGNORED = re.compile(r"[\x00-\x20]")
SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):", re.I)


def url_problem(tag: str, attribute: str, value: str) -> str | None:
    """Why this URL may not be published, or None when it may."""
    url = URL_IGNORED.sub("", value).replace("\\", "/")
    scheme = SCHEME.match(url)
    if url.startswith("//"):
        return "a link to another site must start with https://"
    if tag == "img" or attribute == "src":
        if scheme:
            return "images must be files in docs/ (a relative path): the site asks no third party for anything"
        return None
    if scheme is None:
        return None
    if scheme.group(1).lower() == "https" or (scheme.group(1).lower() == "mailto" and attribute == "href"):
        return None
    return f"only https:, mailto: and relative links are allowed, not '{scheme.group(1).lower()}'"


# Material's own elements have ids starting with "__" (__config, __drawer, __search, __toc,
# __nav_..., __palette_...): content could shadow them (`document.getElementById("__config")`
# finds the first). Only pymdownx.tabbed's radio inputs and labels use that prefix in content.
RESERVED_ID = "__"
TABBED_ID = "__tabbed_"


# Where a formatted reference may link: its DOI, PubMed or PMC record, and its own url field.
REFERENCE_LINK_PREFIXES = (
    "https://doi.org/",
    "https://pubmed.ncbi.nlm.nih.gov/",
    "https://pmc.ncbi.nlm.nih.gov/",
    "https://www.ncbi.nlm.nih.gov/pmc/",
    "https://www.ncbi.nlm.nih.gov/pubmed/",
)
# While a reference is sanitized: its own url field(s); None otherwise.
_reference_links: ContextVar[frozenset[str] | None] = ContextVar("_reference_links", default=None)


def reference_link_problem(value: str, own: Collection[str]) -> str | None:
    """Why a reference's link may not be published (reference texts come from pandoc, which
    turns LaTeX in any field into links), or None."""
    if value.startswith(REFERENCE_LINK_PREFIXES) or value in own or not SCHEME.match(value.strip()):
        return None
    return "a reference links only to its DOI, PubMed or PMC record, or its own url field"


# The attributes _attribute_filter looks at; nh3 asks it about every allowed attribute (hundreds
# a page: classes, titles, footnote ids and links), so the others are let through first.
_FILTERED = frozenset({"id", "name", "for", "style", "type", "loading"} | URL_ATTRIBUTES)


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    if attribute not in _FILTERED:
        return value
    if value[:1] == "#" and attribute in URL_ATTRIBUTES:
        return value  # a fragment: no scheme, no host, any page of the guide may link to it
    if attribute in ("id", "name", "for") and value.startswith(RESERVED_ID):
        return value if tag in ("input", "label") and value.startswith(TABBED_ID) else None
    if attribute in URL_ATTRIBUTES:
        if url_problem(tag, attribute, value):
            return None
        own = _reference_links.get()
        if own is not None and tag == "a" and reference_link_problem(value, own):
            return None
        return value
    if attribute == "style":
        return value if ALIGNMENT.fullmatch(value) else None
    if attribute == "type" and tag == "input":
        return value if value.lower() == "radio" else None
    if attribute == "loading":
        return value if value.lower() in ("lazy", "eager") else None
    return value


# ---------------------------------------------------------------------------------------------
# Sanitizing

# The build's own markers (references.MARKER), kept for it to fill after sanitizing.
KEPT_COMMENT = re.compile(r"<!--evidence:([\w:.-]+)-->")
# A stand-in for a kept comment while nh3 runs: private-use characters around its name.
_KEEP_OPEN, _KEEP_CLOSE = "\ue050", "\ue051"
_KEPT = re.compile(_KEEP_OPEN + r"([\w:.-]+)" + _KEEP_CLOSE)


@dataclass(frozen=True, slots=True)
class Removal:
    """One thing the sanitizer took out of a page.

    kind: "element" (a tag; `value` is empty), "attribute" (an attribute not allowed on that
    tag), "url" (an href/src whose address is not allowed), "class" (a class name not in the
    list for that tag), "style" (a style other than a table cell's text-align).
    """

    kind: str
    tag: str
    attribute: str = ""
    value: str = ""
    reason: str = ""

    @property
    def text(self) -> str:
        """The removed thing as a writer would have typed it, for a finding's quoted text."""
        if self.kind == "element":
            return f"<{self.tag}>"
        if self.kind == "attribute":
            return f"{self.attribute}="
        return self.value

    @property
    def message(self) -> str:
        return f"removed from the published page: {self.reason}"


def sanitize_html(html: str) -> tuple[str, list[Removal]]:
    """The page's HTML with everything outside the allowlist removed, and what was removed."""
    if not html.isascii():
        # A lone surrogate (no UTF-8 file holds one) cannot reach the parser: U+FFFD instead.
        html = html.encode("utf-8", "surrogatepass").decode("utf-8", "replace")
    guarded = KEPT_COMMENT.sub(lambda m: f"{_KEEP_OPEN}{m.group(1)}{_KEEP_CLOSE}", html)
    cleaned = _cleaner().clean(guarded)
    removals = _removals(guarded, cleaned)
    return _KEPT.sub(lambda m: f"<!--evidence:{m.group(1)}-->", cleaned), removals


def sanitize_reference_html(html: str, own_links: Collection[str] = ()) -> tuple[str, list[Removal]]:
    """sanitize_html for one formatted reference (the entries mkdocs-bibtex and pandoc write):
    links are further limited to doi.org, PubMed, PMC and the entry's own `url` (own_links)."""
    token = _reference_links.set(frozenset(own_links))
    try:
        clean, removals = sanitize_html(html)
    finally:
        _reference_links.reset(token)
    own = frozenset(own_links)
    return clean, [
        Removal(r.kind, r.tag, r.attribute, r.value, f"{r.attribute} '{r.value}' on <{r.tag}>: {problem}")
        if r.kind == "url"
        and (problem := reference_link_problem(r.value, own))
        and not url_problem(r.tag, r.attribute, r.value)
        else r
        for r in removals
    ]


@lru_cache(maxsize=1)
def _cleaner() -> nh3.Cleaner:
    return nh3.Cleaner(
        tags=TAGS,
        clean_content_tags=CLEAN_CONTENT_TAGS,
        attributes=ATTRIBUTES,
        attribute_filter=_attribute_filter,
        strip_comments=True,
        link_rel=None,
        url_schemes={"https", "mailto"},
        allowed_classes=allowed_classes(),
    )


# ---------------------------------------------------------------------------------------------
# What was removed: the parsed input against the parsed output

Item = tuple[str, ...]


def _local(name: str) -> str:
    """A parser's tag or attribute name without its namespace: '{...svg}svg' -> 'svg'."""
    if name.startswith("{"):
        namespace, _, local = name[1:].partition("}")
        return f"xlink:{local}" if namespace.endswith("/xlink") else local
    return name


def _items(elements: Iterable[object]) -> Counter[Item]:
    """A multiset of what a parsed fragment holds: ("element", tag), ("attribute", tag, name,
    value) and ("class", tag, name)."""
    out: Counter[Item] = Counter()
    for element in elements:
        tag = getattr(element, "tag", None)
        if not isinstance(tag, str):
            continue  # comments, processing instructions
        tag = _local(tag).lower()
        out["element", tag] += 1
        for name, value in element.attrib.items():  # type: ignore[attr-defined]
            name = _local(name).lower()
            if name == "class":
                for token in value.split():
                    out["class", tag, token] += 1
            elif name in BOOLEAN_ATTRIBUTES:
                out["attribute", tag, name, ""] += 1
            else:
                out["attribute", tag, name, value] += 1
    return out


def _lxml_items(html: str) -> Counter[Item]:
    import lxml.html

    if not html.strip():
        return Counter()
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    items = _items(root.iter())
    items["element", "div"] -= 1  # the parent lxml adds
    return +items


def _html5_items(html: str) -> Counter[Item]:
    import html5lib

    root = html5lib.parseFragment(html, treebuilder="etree", namespaceHTMLElements=False)
    items = _items(root.iter())
    items["element", _local(root.tag)] -= 1  # the fragment's own container
    return +items


@lru_cache(maxsize=1)
def _fast_parser() -> object:
    import lxml.etree

    # Comments are not compared (the cleaner drops them on purpose); ids are not indexed.
    # The fragment comes as UTF-8 bytes: a str with any non-ASCII character would reach
    # libxml2 as UCS-4, which it reads more slowly (as in csp.py).
    return lxml.etree.HTMLParser(
        encoding="utf-8", remove_comments=True, remove_pis=True, collect_ids=False, no_network=True
    )


def _canonical(html: str) -> bytes | None:
    """The fragment as lxml reads it, written canonically (C14N: attributes sorted, comments
    left out); None when it cannot be written that way (a name XML does not allow)."""
    import lxml.etree

    if not html.strip():
        return b""
    try:
        document = f"<html><body>{html}</body></html>".encode("utf-8", "surrogatepass")
        root = lxml.etree.fromstring(document, _fast_parser())
        return lxml.etree.tostring(root, method="c14n", with_comments=False)
    except (lxml.etree.LxmlError, ValueError):
        return None


def _unchanged(before_html: str, after_html: str) -> bool:
    """True when lxml reads the input and the output as the very same tree (same elements,
    attributes, values and text), so the comparison below would find nothing missing.

    This is the common case (nothing removed), and it is decided in C: two parses and two
    canonical serializations, about a quarter of the cost of building the multisets in
    Python. Any difference at all, even one the multisets would ignore (text, attribute
    order), falls through to the full comparison, which reports the same as it always did."""
    before = _canonical(before_html)
    return before is not None and before == _canonical(after_html)


def _removals(before_html: str, after_html: str) -> list[Removal]:
    if _unchanged(before_html, after_html):
        return []
    before, after = _lxml_items(before_html), _lxml_items(after_html)
    if before == after:
        return []
    # Something changed: read the input again as a browser would (lxml's HTML parser reads
    # comments, CDATA and foreign content differently from HTML5) and compare like with like.
    before, after = _html5_items(before_html), _html5_items(after_html)
    return list(_describe(before - after))


def _describe(missing: Counter[Item]) -> Iterator[Removal]:
    for item, count in sorted(missing.items()):
        kind, tag = item[0], item[1]
        if kind == "element":
            removal = Removal("element", tag, reason=_element_reason(tag))
        elif kind == "class":
            if tag not in TAGS:
                continue  # the element went, and is reported
            removal = Removal("class", tag, "class", item[2], f"class '{item[2]}' is not one the guide uses on <{tag}>")
        else:
            name, value = item[2], item[3]
            if tag not in TAGS:
                continue  # the element went, and is reported
            if name in URL_ATTRIBUTES and name in ATTRIBUTES.get(tag, set()):
                problem = url_problem(tag, name, value) or "address not allowed"
                removal = Removal("url", tag, name, value, f"{name} '{value}' on <{tag}>: {problem}")
            elif name == "style" and name in ATTRIBUTES.get(tag, set()):
                removal = Removal(
                    "style", tag, name, value, f"style on <{tag}>: only text-align is allowed, on table cells"
                )
            elif name.startswith("on"):
                removal = Removal("attribute", tag, name, value, f"event handler '{name}' on <{tag}> runs script")
            elif name in ("id", "name", "for") and value.startswith(RESERVED_ID):
                removal = Removal(
                    "attribute", tag, name, value, f"{name} '{value}': names starting with __ belong to the theme"
                )
            elif name in ATTRIBUTES.get(tag, set()):
                removal = Removal("attribute", tag, name, value, f"value of '{name}' on <{tag}> is not allowed")
            else:
                removal = Removal("attribute", tag, name, value, f"attribute '{name}' is not allowed on <{tag}>")
        for _ in range(count):
            yield removal


def _element_reason(tag: str) -> str:
    if tag == "script":
        return "<script> runs code"
    if tag == "style":
        return "<style> can restyle or hide the whole site"
    if tag in CLEAN_CONTENT_TAGS:
        return f"<{tag}> (and its content) is not allowed in content pages"
    return f"<{tag}> is not an element the guide uses (its text is kept)"


# ---------------------------------------------------------------------------------------------
# From a removal back to the Markdown source


def locate(removal: Removal, markdown_source: str) -> tuple[int, int]:
    """(line, column) in the Markdown source where the removed thing was most likely written:
    the value first (a URL, a handler's code, a class name), then the attribute name, then the
    tag. Best effort; (1, 1) when it cannot be traced (for example, text that a hook wrote)."""
    needles: list[str] = []
    if removal.value and len(removal.value.strip()) > 1:
        needles.append(removal.value)
        needles.append(removal.value.strip())
    if removal.attribute:
        needles.append(f"{removal.attribute}=")
        needles.append(f" {removal.attribute}")  # a bare attribute: <input autofocus>
    if removal.kind == "element":
        needles.append(f"<{removal.tag}")
    lowered = markdown_source.lower()
    for needle in needles:
        index = markdown_source.find(needle)
        if index < 0:
            index = lowered.find(needle.lower())
        if index >= 0:
            line = markdown_source.count("\n", 0, index) + 1
            column = index - (markdown_source.rfind("\n", 0, index) + 1) + 1
            return line, column
    return 1, 1
