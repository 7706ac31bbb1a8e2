"""Files under docs/ that are not pages: MkDocs publishes each one as it is (issue #18).

A contributed SVG with a script runs on the site's origin when its address is opened, and an
.html or .js file in docs/ is hosted as it stands. So:

- STA001: every SVG is parsed with a real XML parser (lxml; no network, no DTD, no entity
  expansion) and may hold no `<script>`, `<foreignObject>`, `<handler>`/`<listener>`, no `on*`
  attribute, no `href`/`xlink:href` other than a local `#fragment`, no animation that sets an
  href, no `url(...)` to anything but a `#fragment` (in a style or a presentation attribute),
  no `@import`, and no entity declarations. An SVG that does not parse is reported too.
- STA002: only known kinds of file (pages, images, robots.txt); `.html`, `.js` and `.css` only
  where mkdocs.yml names them (`allowed`: extra_css, extra_javascript, as paths inside docs/);
  and no symbolic links (MkDocs would copy whatever they point at, such as .git/config).

Files and folders whose names start with a dot are skipped, as MkDocs skips them.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from pathlib import Path

from lxml import etree

from .findings import Finding

# What docs/ may hold besides the files mkdocs.yml names.
ALLOWED_EXTENSIONS = {".md", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".svg", ".ico", ".txt", ".pdf"}
# Allowed only where mkdocs.yml names them.
NAMED_ONLY = {".html", ".htm", ".xhtml", ".js", ".mjs", ".css"}

FORBIDDEN_SVG_ELEMENTS = {"script", "foreignobject", "handler", "listener", "iframe", "embed", "object"}
ANIMATIONS = {"animate", "set", "animatetransform", "animatemotion"}
LINK_ATTRIBUTES = {"href", "xlink:href", "src"}
CSS_URL = re.compile(r"url\(\s*(['\"]?)\s*([^'\")]*)", re.I)
CSS_IMPORT = re.compile(r"@import", re.I)


def check_static_files(docs_dir: Path, display_root: Path, allowed: set[str]) -> list[Finding]:
    """STA001 and STA002 for every file under docs_dir; `allowed` holds paths inside docs_dir
    (posix, as mkdocs.yml writes them) of the stylesheets, scripts and pages it names."""
    out: list[Finding] = []
    for file in sorted(docs_dir.rglob("*")):
        relative = file.relative_to(docs_dir)
        if any(part.startswith(".") for part in relative.parts):
            continue
        shown = _display(file, display_root)
        if file.is_symlink():
            out.append(
                Finding(
                    "STA002",
                    shown,
                    1,
                    1,
                    relative.as_posix(),
                    "a symbolic link: MkDocs would publish what it points at",
                )
            )
            continue
        if not file.is_file():
            continue
        suffix = file.suffix.lower()
        if suffix in NAMED_ONLY:
            if relative.as_posix() not in allowed:
                out.append(
                    Finding(
                        "STA002",
                        shown,
                        1,
                        1,
                        relative.as_posix(),
                        f"a {suffix} file is published as it is; only those mkdocs.yml names are allowed",
                    )
                )
        elif suffix not in ALLOWED_EXTENSIONS:
            out.append(
                Finding(
                    "STA002", shown, 1, 1, relative.as_posix(), f"'{suffix or file.name}' files do not belong in docs/"
                )
            )
        elif suffix == ".svg":
            out += check_svg(file.read_bytes(), shown)
    return out


def _display(file: Path, root: Path) -> str:
    try:
        return file.relative_to(root).as_posix()
    except ValueError:
        return file.as_posix()


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, remove_comments=False
    )


def check_svg(data: bytes, path: str) -> list[Finding]:
    """STA001 findings for one SVG file's bytes."""
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as error:
        line, column = error.position if error.position else (1, 1)
        return [
            Finding("STA001", path, line or 1, (column or 0) + 1, "", f"the SVG does not parse as XML: {error.msg}")
        ]
    out: list[Finding] = []

    def finding(element: etree._Element, text: str, message: str) -> None:
        out.append(Finding("STA001", path, element.sourceline or 1, 1, text, message))

    tree = root.getroottree()
    if tree.docinfo.internalDTD is not None and any(True for _ in tree.docinfo.internalDTD.iterentities()):
        out.append(
            Finding("STA001", path, 1, 1, "<!ENTITY", "the SVG declares entities (they can expand without bound)")
        )
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        name = etree.QName(element).localname
        lowered = name.lower()
        if lowered in FORBIDDEN_SVG_ELEMENTS:
            finding(element, f"<{name}>", f"<{name}> can run code or embed a page")
        if lowered == "style":
            _check_css(element.text or "", functools.partial(finding, element))
        for attribute, value in element.attrib.items():
            qname = etree.QName(attribute)
            local = qname.localname.lower()
            shown = (
                f"xlink:{qname.localname}"
                if qname.namespace and qname.namespace.endswith("/xlink")
                else qname.localname
            )
            if local.startswith("on"):
                finding(element, f"{shown}=", f"event handler '{shown}' on <{name}>")
            elif local in ("href", "src") and not value.strip().startswith("#"):
                finding(element, value, f"{shown} on <{name}> points outside the drawing")
            elif lowered in ANIMATIONS and local == "attributename" and value.strip().lower() in LINK_ATTRIBUTES:
                finding(element, f'attributeName="{value}"', f"<{name}> changes a link")
            elif local == "style" or "url(" in value.lower():
                _check_css(value, functools.partial(finding, element))
    return out


def _check_css(css: str, report: Callable[[str, str], None]) -> None:
    for m in CSS_URL.finditer(css):
        target = m.group(2).strip()
        if not target.startswith("#"):
            report(f"url({target})", "a style loads something from outside the drawing")
    if CSS_IMPORT.search(css):
        report("@import", "a style imports another stylesheet")
