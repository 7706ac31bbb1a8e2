"""Front matter that reaches the theme (FM007) and YAML aliases (FM006): issue #18."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from evidence.document import parse_document
from evidence.guardrails import check_front_matter
from evidence.limits import yaml_has_aliases

TODAY = dt.date(2026, 11, 30)
BASE = "title: Running downhill\ndescription: Why knees can hurt more on the way down.\nreviewed: 2026-11-01\n"


def findings(extra: str, base: str = BASE, **options: object) -> list[tuple[str, int]]:
    document = parse_document(f"---\n{base}{extra}---\n\nText.\n", "x.md")
    return [(f.rule, f.line) for f in check_front_matter(document, "x.md", TODAY, **options)]  # type: ignore[arg-type]


def test_the_guides_own_front_matter_is_accepted() -> None:
    assert (
        findings("hide: [toc, navigation]\nicon: material/run\nsearch:\n  exclude: true\nsubtitle: Hills and knees\n")
        == []
    )


@pytest.mark.parametrize(
    "extra",
    [
        'subtitle: "<img src=x onerror=alert(1)>"\n',
        "status: 'new\" tabindex=1 autofocus onfocus=\"alert(1)'\n",
        "status: new\n",
        "icon: ../../../../etc/passwd\n",
        'icon: material/run" onload="x\n',
        "template: 404.html\n",
        "template: ../../etc/passwd\n",
        "hide: [evil]\n",
        "hide: toc\n",
        "search: {exclude: yes please}\n",
        "search: {boost: '<b>'}\n",
        "subtitle: [a, b]\n",
        'subtitle: "a bell\\a"\n',
    ],
)
def test_unsafe_values_reaching_the_theme_are_fm007_at_their_line(extra: str) -> None:
    assert findings(extra) == [("FM007", 5)]


@pytest.mark.parametrize("key", ["title", "description"])
@pytest.mark.parametrize("value", ['"<b>x</b>"', '"a \\"quoted\\" word"', "Fish & chips", '"\\"><img src=x>"'])
def test_markup_in_title_and_description_is_fm007(key: str, value: str) -> None:
    base = BASE.replace(BASE.split("\n")[0 if key == "title" else 1], f"{key}: {value}")
    line = 2 if key == "title" else 3
    assert ("FM007", line) in findings("", base)


def test_allowed_statuses_templates_and_icons_come_from_the_caller() -> None:
    assert findings("status: new\n", statuses={"new", "deprecated"}) == []
    assert findings("template: chapter.html\n", templates={"chapter.html"}) == []
    assert findings("icon: material/run\n", icons={"material/run"}) == []
    assert findings("icon: material/walk\n", icons={"material/run"}) == [("FM007", 5)]


def test_an_alias_is_fm006_and_stops_the_other_checks() -> None:
    assert findings("hide: &h [toc]\nclaims: *h\n") == [("FM006", 6)]


def test_a_billion_laughs_is_caught_fast_and_its_message_stays_short() -> None:
    levels = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    levels += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 9)]
    text = "\n".join(levels) + "\nhide: *a8\nclaims: *a8\n"
    start = time.perf_counter()
    assert yaml_has_aliases(text, first_line=2) == 2
    document = parse_document(f"---\n{BASE}{text}---\n\nText.\n", "x.md")
    result = check_front_matter(document, "x.md", TODAY)
    assert time.perf_counter() - start < 2
    assert [f.rule for f in result] == ["FM006"]
    assert all(len(f.format_text()) < 400 for f in result)


def test_yaml_has_aliases_reads_events_only() -> None:
    assert yaml_has_aliases(BASE) is None
    assert yaml_has_aliases("a: &x 1\nb: 2\n") == 1
    assert yaml_has_aliases("a: 1\nb: *x\n", first_line=2) == 3  # an undefined alias: still found, never resolved
    assert yaml_has_aliases("a: [unclosed\n") is None  # left to the loader (FM001)


def test_long_values_are_capped_in_messages() -> None:
    document = parse_document(f"---\n{BASE}claims: [{', '.join(['x' * 50] * 2000)}]\n---\n\nText.\n", "x.md")
    result = check_front_matter(document, "x.md", TODAY)
    assert result and all(len(f.text) <= 200 for f in result)


def test_front_matter_that_does_not_parse_comes_alone_not_with_every_uncited_sentence() -> None:
    # security review F02/F09: the block that failed may hold `claims: exempt`, so the page's
    # sentences are not reported as uncited claims beside the FM001 that says what to fix.
    from evidence.analysis import analyze_page
    from evidence.bibliography import parse_bibliography

    body = "Running 50 km a week doubles the risk of knee pain.\n\nMost runners have knee pain every year.\n"
    bibliography = parse_bibliography("", "references.bib")
    broken = f"---\ntitle: [unclosed\nclaims: exempt\n---\n\n{body}"
    _, found = analyze_page("x/", "docs/x.md", broken, bibliography, TODAY)
    assert [f.rule for f in found] == ["FM001"]
    whole = f"---\n{BASE}---\n\n{body}"
    _, found = analyze_page("x/", "docs/x.md", whole, bibliography, TODAY)
    assert [f.rule for f in found] == ["CLM001", "CLM001"]
