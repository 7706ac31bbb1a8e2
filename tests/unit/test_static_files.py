"""Files in docs/ that are not pages (hooks/evidence/static_files.py): issue #18."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from evidence.site_config import read_mkdocs_yml
from evidence.static_files import check_static_files, check_svg

ROOT = Path(__file__).resolve().parents[2]
SVG = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10">\n{}\n</svg>\n'


def named_in_mkdocs_yml() -> set[str]:
    config = read_mkdocs_yml(ROOT / "mkdocs.yml")
    return set(config.get("extra_css") or []) | set(config.get("extra_javascript") or [])


def test_the_guides_docs_folder_passes() -> None:
    assert check_static_files(ROOT / "docs", ROOT, named_in_mkdocs_yml()) == []


@pytest.mark.parametrize(
    "inner",
    [
        "<script>alert(1)</script>",
        '<script xlink:href="https://evil.example/x.js"/>',
        '<g onload="alert(1)"/>',
        '<a xlink:href="javascript:alert(1)"><text>x</text></a>',
        '<a href="https://example.org"><text>x</text></a>',
        '<image href="https://tracker.example/x.png"/>',
        '<use href="other.svg#a"/>',
        '<foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject>',
        '<animate attributeName="href" values="javascript:alert(1)"/>',
        '<set attributeName="xlink:href" to="javascript:alert(1)"/>',
        '<rect style="fill:url(https://evil.example/a.svg#g)"/>',
        '<rect fill="url(//evil.example/a.svg#g)"/>',
        '<style>@import "https://evil.example/a.css";</style>',
        '<style>rect { fill: url("https://evil.example/p.png") }</style>',
        '<handler type="application/ecmascript">alert(1)</handler>',
    ],
)
def test_unsafe_svg_is_sta001_at_its_line(inner: str) -> None:
    findings = check_svg(SVG.format(inner).encode("utf-8"), "docs/a.svg")
    assert findings and {f.rule for f in findings} == {"STA001"}
    assert findings[0].line == 2


def test_local_references_are_fine() -> None:
    inner = '<defs><linearGradient id="g"/></defs><rect fill="url(#g)" style="stroke:url(#g)"/><use href="#g"/><use xlink:href="#g"/>'
    assert check_svg(SVG.format(inner).encode("utf-8"), "docs/a.svg") == []


def test_entities_and_broken_xml_are_reported_with_their_line() -> None:
    bomb = b'<?xml version="1.0"?>\n<!DOCTYPE svg [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>\n<svg xmlns="http://www.w3.org/2000/svg"><text>&b;</text></svg>\n'
    assert [f.rule for f in check_svg(bomb, "docs/a.svg")] == ["STA001"]
    broken = check_svg(b'<svg xmlns="http://www.w3.org/2000/svg">\n<g>\n</svg>\n', "docs/a.svg")
    assert [(f.rule, f.line) for f in broken] == [("STA001", 3)]


def test_file_types(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    files = {
        "index.md": "ok",
        "robots.txt": "ok",
        "assets/images/a.png": "",
        "assets/images/b.svg": SVG.format(""),
        "assets/stylesheets/guide.css": "",
        "assets/javascripts/print.js": "",
        "evil.html": "",
        "assets/javascripts/evil.js": "",
        "assets/stylesheets/evil.css": "",
        "run.sh": "",
        ".hidden/x.js": "",
        "notes.MD": "",
    }
    for name, text in files.items():
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / name).write_text(text, encoding="utf-8")
    os.symlink(tmp_path / "secret", docs / "link.png")
    found = check_static_files(docs, tmp_path, {"assets/stylesheets/guide.css", "assets/javascripts/print.js"})
    assert sorted((f.rule, f.path) for f in found) == [
        ("STA002", "docs/assets/javascripts/evil.js"),
        ("STA002", "docs/assets/stylesheets/evil.css"),
        ("STA002", "docs/evil.html"),
        ("STA002", "docs/link.png"),
        ("STA002", "docs/run.sh"),
    ]
