"""Front matter schema (FM), raw HTML policy (HTML) and external link form (LNK)."""

from __future__ import annotations

import datetime as dt
import posixpath
import re
import reprlib
import urllib.parse
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from html.parser import HTMLParser

from .document import Document
from .findings import Finding

REQUIRED_KEYS = ("title", "description", "reviewed")
KNOWN_KEYS = {
    "title",
    "description",
    "reviewed",
    "claims",
    "claims_reason",
    # Material's own page options
    "hide",
    "search",
    "icon",
    "status",
    "subtitle",
    "template",
}
REVIEW_INTERVAL = dt.timedelta(days=365)


@dataclass(frozen=True, slots=True)
class PageSchema:
    """What a page's front matter must and may hold (FM002, FM004) and how long a review lasts
    (FM005). A site sets its own in mkdocs.yml (`extra.evidence.page_schema`); the guide's are
    the defaults above. Material's page options and `claims` stay known whatever a site adds."""

    required: tuple[str, ...] = REQUIRED_KEYS
    known: frozenset[str] = frozenset(KNOWN_KEYS)
    review_interval: dt.timedelta = REVIEW_INTERVAL

    @classmethod
    def from_config(cls, value: object) -> PageSchema:
        """From `{required: [keys], optional: [keys], review_interval_days: N}`; None: defaults."""
        if value is None:
            return cls()
        if not isinstance(value, Mapping) or set(value) - {"required", "optional", "review_interval_days"}:
            raise ValueError("extra.evidence.page_schema takes required, optional and review_interval_days")
        lists = {}
        for name in ("required", "optional"):
            keys = value.get(name, list(REQUIRED_KEYS) if name == "required" else [])
            if not isinstance(keys, list) or not all(isinstance(k, str) and k for k in keys):
                raise ValueError(f"extra.evidence.page_schema.{name} must be a list of front matter keys")
            lists[name] = tuple(keys)
        days = value.get("review_interval_days", REVIEW_INTERVAL.days)
        if not isinstance(days, int) or isinstance(days, bool) or days < 1:
            raise ValueError("extra.evidence.page_schema.review_interval_days must be a whole number of days")
        known = frozenset(KNOWN_KEYS) | set(lists["required"]) | set(lists["optional"])
        return cls(lists["required"], known, dt.timedelta(days=days))


DEFAULT_PAGE_SCHEMA = PageSchema()

# Values Material writes into every page's HTML, some without escaping (the review's F07-F12):
# plain text only, or a value from a list.
TEXT_KEYS = ("title", "description", "subtitle")
UNSAFE_TEXT = re.compile(r'[<>"&\x00-\x08\x0b\x0c\x0e-\x1f\x7f]')
HIDE_VALUES = {"navigation", "toc", "footer", "path", "tags", "feedback"}
# Material's icon sets: "material/github", "fontawesome/brands/github"; no "..", no other path.
ICON = re.compile(r"^(?:material|fontawesome|octicons|simple)(?:/[a-z0-9]+(?:-[a-z0-9]+)*){1,2}$")
SEARCH_KEYS: dict[str, type | tuple[type, ...]] = {"exclude": bool, "boost": (int, float)}
MESSAGE_VALUE = reprlib.Repr()
(
    MESSAGE_VALUE.maxlevel,
    MESSAGE_VALUE.maxlist,
    MESSAGE_VALUE.maxdict,
    MESSAGE_VALUE.maxstring,
    MESSAGE_VALUE.maxother,
) = 2, 4, 4, 60, 60
# Cap on how far the alias check walks a value (a well-formed front matter has a few dozen nodes).
MAX_WALK = 10_000

# Elements that run code, embed other documents or post data: never in content pages.
FORBIDDEN_ELEMENTS = {
    "script",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "form",
    "input",
    "button",
    "textarea",
    "select",
    "base",
    "meta",
    "link",
    "noscript",
}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster"}


def check_front_matter(
    document: Document,
    path: str,
    today: dt.date,
    *,
    statuses: Collection[str] = (),
    templates: Collection[str] = (),
    icons: Collection[str] | None = None,
    schema: PageSchema = DEFAULT_PAGE_SCHEMA,
) -> list[Finding]:
    """The front matter's schema (FM002-FM005) and the safety of what reaches the theme (FM006,
    FM007). `statuses` are the keys of mkdocs.yml's extra.status, `templates` the page templates
    a page may name (none by default), `icons` the icon names that exist (None: check the form
    only)."""
    fm = document.front_matter
    if fm.error:
        line, column, problem = fm.error
        return [Finding("FM001", path, line, column, "", f"front matter does not parse: {problem}")]
    out: list[Finding] = []
    data, lines = fm.data, fm.lines
    shared = _shared_value(data)
    if shared is not None:
        # An alias: report it and read nothing else (its expansion can take gigabytes).
        return [
            Finding(
                "FM006",
                path,
                lines.get(shared, 1),
                1,
                shared,
                f"'{shared}' holds a YAML alias (*name) or anchor (&name)",
            )
        ]
    out += _theme_values(data, lines, path, statuses, templates, icons)
    for key in schema.required:
        if key not in data or data[key] in (None, ""):
            out.append(Finding("FM002", path, lines.get(key, 1), 1, key, f"front matter has no '{key}'"))
    for key in data:
        if key not in schema.known:
            out.append(Finding("FM004", path, lines[key], 1, key, f"unknown front matter key '{key}'"))
    for key in ("title", "description"):
        if key in data and data[key] is not None and not isinstance(data[key], str):
            out.append(Finding("FM003", path, lines[key], 1, key, f"'{key}' must be text"))
    if "reviewed" in data and data["reviewed"] not in (None, ""):
        reviewed = data["reviewed"]
        line = lines["reviewed"]
        if not isinstance(reviewed, dt.date) or isinstance(reviewed, dt.datetime):
            out.append(
                Finding("FM003", path, line, 1, _preview(reviewed), "'reviewed' must be an ISO date such as 2026-11-23")
            )
        elif reviewed > today:
            out.append(Finding("FM003", path, line, 1, str(reviewed), "'reviewed' is in the future"))
        elif today - reviewed > schema.review_interval:
            out.append(
                Finding(
                    "FM005",
                    path,
                    line,
                    1,
                    str(reviewed),
                    f"last reviewed on {reviewed}, more than {_interval(schema.review_interval)} ago",
                )
            )
    if "claims" in data:
        if data["claims"] != "exempt":
            out.append(
                Finding("FM003", path, lines["claims"], 1, _preview(data["claims"]), "'claims' can only be 'exempt'")
            )
        elif not str(data.get("claims_reason") or "").strip():
            out.append(
                Finding(
                    "FM002",
                    path,
                    lines["claims"],
                    1,
                    "claims_reason",
                    "'claims: exempt' needs a 'claims_reason' saying why",
                )
            )
    return out


def _interval(interval: dt.timedelta) -> str:
    days = interval.days
    return "twelve months" if days == 365 else f"{days} days"


def _preview(value: object) -> str:
    """A value for a message, capped: never the whole of a huge or deeply nested value."""
    text = value if isinstance(value, str) else MESSAGE_VALUE.repr(value)
    return text if len(text) <= 80 else text[:79] + "…"


def _shared_value(data: dict[str, object]) -> str | None:
    """The first top-level key whose value holds a list or mapping seen before: what a YAML
    alias produces once loaded. Walks each object once, so an alias bomb costs no more than
    its size on disk."""
    seen: set[int] = set()
    budget = MAX_WALK
    for key, value in data.items():
        stack = [value]
        while stack:
            item = stack.pop()
            if not isinstance(item, (list, dict)):
                continue
            if id(item) in seen:
                return key
            seen.add(id(item))
            budget -= 1
            if budget < 0:
                return key
            stack.extend(item.values() if isinstance(item, dict) else item)
    return None


def _theme_values(
    data: dict[str, object],
    lines: dict[str, int],
    path: str,
    statuses: Collection[str],
    templates: Collection[str],
    icons: Collection[str] | None,
) -> list[Finding]:
    """FM007: values Material writes into the page are plain text or from a list."""
    out: list[Finding] = []

    def finding(key: str, value: object, message: str) -> None:
        out.append(Finding("FM007", path, lines.get(key, 1), 1, _preview(value), message))

    for key in TEXT_KEYS:
        value = data.get(key)
        if isinstance(value, str) and (m := UNSAFE_TEXT.search(value)):
            finding(key, value, f"'{key}' holds {m.group(0)!r}: the theme writes it into the page's HTML")
        elif key == "subtitle" and value is not None and not isinstance(value, str):
            finding(key, value, "'subtitle' must be text")
    if "status" in data:
        status = data["status"]
        allowed = ", ".join(sorted(statuses)) or "none (mkdocs.yml sets no extra.status)"
        if not isinstance(status, str) or status not in statuses:
            finding("status", status, f"'status' must be one of the statuses in mkdocs.yml's extra.status: {allowed}")
    if "icon" in data:
        icon = data["icon"]
        if not isinstance(icon, str) or not ICON.match(icon):
            finding("icon", icon, "'icon' must name one of Material's icons, such as material/run")
        elif icons is not None and icon not in icons:
            finding("icon", icon, f"there is no icon '{icon}'")
    if "template" in data:
        template = data["template"]
        allowed = ", ".join(sorted(templates)) or "none"
        if not isinstance(template, str) or template not in templates:
            finding("template", template, f"'template' may only name one of the guide's page templates: {allowed}")
    if "hide" in data:
        hide = data["hide"]
        if not isinstance(hide, list) or not all(isinstance(v, str) and v in HIDE_VALUES for v in hide):
            finding("hide", hide, f"'hide' must be a list of: {', '.join(sorted(HIDE_VALUES))}")
    if "search" in data:
        search = data["search"]
        if not isinstance(search, dict) or not all(
            k in SEARCH_KEYS and isinstance(v, SEARCH_KEYS[k]) for k, v in search.items()
        ):
            finding("search", search, "'search' may only hold exclude: true/false or boost: a number")
    return out


class _HTMLPolicy(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[tuple[str, str, str]] = []  # (rule, text, message)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in FORBIDDEN_ELEMENTS:
            self.problems.append(("HTML001", f"<{tag}>", f"<{tag}> is not allowed in content pages"))
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(("HTML002", f"{name}=", f"event handler attribute '{name}' on <{tag}>"))
            if name in URL_ATTRIBUTES and value:
                scheme = "".join(value.split()).lower()
                if scheme.startswith(("javascript:", "vbscript:", "data:text/html")):
                    self.problems.append(("HTML003", value, f"script URL in {name} on <{tag}>"))

    handle_startendtag = handle_starttag


def check_html(document: Document, path: str) -> list[Finding]:
    out: list[Finding] = []
    for line, raw in document.html:
        if raw.lstrip().startswith("<!--") and raw.rstrip().endswith("-->"):
            continue
        policy = _HTMLPolicy()
        policy.feed(raw)
        policy.close()
        for rule, text, message in policy.problems:
            out.append(Finding(rule, path, line, 1, text, message))
    return out


def check_links(document: Document, path: str, uri: str, files: Collection[str] | None) -> list[Finding]:
    """External links must be https; relative links and images must point at a file in docs/.

    MkDocs also reports a missing page or anchor, but without the line; anchors are left to it.
    """
    out = []
    for line, column, href in document.links:
        target = urllib.parse.urlsplit(href)
        if target.scheme == "http":
            out.append(Finding("LNK001", path, line, column, href, f"external link '{href}' is not https"))
        if files is None or target.scheme or target.netloc or not target.path or href.startswith("/"):
            continue
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(uri), urllib.parse.unquote(target.path)))
        if resolved not in files and posixpath.join(resolved, "index.md") not in files:
            out.append(Finding("LNK002", path, line, column, href, f"'{href}' points at no file in docs/"))
    return out
