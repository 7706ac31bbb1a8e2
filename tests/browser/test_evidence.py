"""What the source says, where a reader looks (issue #17), in the real built guide.

A chapter's citations preview their entry in Material's footnote tooltip, with the passages of
that source the chapter's claims rely on ("The source says: ..."); the chapter's reference list
shows exactly those passages; the evidence ledger shows each claim beside its passage and its
match status; and site/claims/claims.json, which the build writes, has the documented shape and
points at real sentences of the guide.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from functools import cache
from pathlib import Path

import jsonschema
import pytest
from lxml import html as lxml_html
from pages import CHAPTERS, LEDGER
from playwright.sync_api import Browser
from siteserver import SiteServer

from conftest import ROOT, Build

pytestmark = pytest.mark.browser

SCHEMA = ROOT / "tests" / "fixtures" / "claims.schema.json"
SAYS = re.compile(r"The source says: \u201c(.*)\u201d \((.*)\)\s*$", re.S)


@cache
def claims_of(site_dir: str) -> list[dict]:
    return json.loads((Path(site_dir) / "claims" / "claims.json").read_text(encoding="utf-8"))["claims"]


def relied_on(site: Build, chapter: str) -> dict[str, set[tuple[str, str]]]:
    """Source key -> the (text, where) of its passages the chapter's claims rely on, per claims.json."""
    out: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for claim in claims_of(str(site.site)):
        if claim["page"] == f"docs/{chapter.strip('/')}.md":
            for passage in claim["passages"]:
                out[passage["source"]].add((passage["text"], passage["where"]))
    return out


def plain(markdown_line: str) -> str:
    """A source line as a reader reads it: no citations, link targets, emphasis, tags or list marks."""
    text = re.sub(r"\s*\[[^\[\]]*@[^\[\]]*\]", "", markdown_line)
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"\*+|`|<[^>]+>", "", text)
    text = re.sub(r"^\s*(?:[-*+]|\d+\.|>|#+|\|)\s*", "", text)
    return " ".join(text.split())


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_the_reference_list_shows_the_passages_the_chapters_claims_rely_on(site: Build, chapter: str) -> None:
    expected = relied_on(site, chapter)
    assert expected, f"no claim of {chapter} relies on a passage: nothing to show"
    tree = lxml_html.parse(str(site.site / chapter / "index.html"))
    shown: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for entry in tree.xpath('//div[contains(@class, "footnote")]//li[starts-with(@id, "fn:")]'):
        for says in entry.xpath('.//span[@class="source-says"]'):
            match = SAYS.match(says.text_content())
            assert match, f"{chapter}: a passage not shown as 'The source says: \u201c\u2026\u201d (where)'"
            shown[entry.get("id").removeprefix("fn:")].add((match.group(1), match.group(2)))
    assert dict(shown) == dict(expected), (
        f"{chapter}: the reference list shows other passages than its claims rely on\n"
        f"missing: {sorted((k, t[:60]) for k in expected for t, _ in expected[k] - shown.get(k, set()))}\n"
        f"extra: {sorted((k, t[:60]) for k in shown for t, _ in shown[k] - expected.get(k, set()))}"
    )


def test_hovering_a_citation_shows_its_entry_and_what_the_source_says(
    browser: Browser, served: SiteServer, site: Build
) -> None:
    chapter = "treatment/"
    passages = relied_on(site, chapter)
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(served.url + chapter)
        # The first citation in the text of a source whose passages the chapter relies on.
        citation = next(
            link
            for link in page.locator("article sup a.footnote-ref").all()
            if (link.get_attribute("href") or "").removeprefix("#fn:") in passages
        )
        key = (citation.get_attribute("href") or "").removeprefix("#fn:")
        citation.scroll_into_view_if_needed()
        citation.hover()
        tooltip = page.locator(".md-tooltip2").filter(has_text="The source says:").first
        tooltip.wait_for(state="visible", timeout=10_000)
        text = " ".join(tooltip.inner_text().split())
        entry = " ".join(page.locator(f'li[id="fn:{key}"] > p').first.inner_text().split())
        assert entry[:60] in text, f"the tooltip is not the entry of {key}:\n{text[:300]}"
        for quote, where in passages[key]:
            assert f"The source says: \u201c{' '.join(quote.split())}\u201d" in text, (key, quote[:80], text[:400])
            assert where in text
    finally:
        context.close()


def test_the_ledger_shows_a_claim_its_passage_and_its_match_side_by_side(
    browser: Browser, served: SiteServer, site: Build
) -> None:
    claim = next(c for c in claims_of(str(site.site)) if c["status"] == "supported" and len(c["text"]) < 120)
    passage = claim["passages"][0]
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    try:
        page = context.new_page()
        page.goto(served.url + LEDGER)
        row = page.locator("table.guide-ledger tr").filter(has=page.locator("td", has_text=claim["text"])).first
        row.scroll_into_view_if_needed()
        cells = row.locator("td").all()
        texts = [" ".join(cell.inner_text().split()) for cell in cells]
        headers = [" ".join(h.split()) for h in row.locator("xpath=ancestor::table//th").all_inner_texts()]
        column = dict(zip(headers, texts, strict=True))
        assert column["Claim"] == claim["text"]
        assert f"\u201c{' '.join(passage['text'].split())}\u201d" in column["The source says"], column
        assert passage["where"] in column["The source says"]
        assert column["Match"] == "Supported by a recorded passage", column
        # Side by side: the claim, its passage and its status share one line of the table, in that order.
        boxes = [cells[headers.index(name)].bounding_box() for name in ("Claim", "The source says", "Match")]
        assert all(boxes), "a cell is not laid out"
        assert boxes[0]["x"] < boxes[1]["x"] < boxes[2]["x"], boxes
        assert max(b["y"] for b in boxes) < min(b["y"] + b["height"] for b in boxes), f"not on one row: {boxes}"
        assert all(cells[headers.index(n)].is_visible() for n in ("Claim", "The source says", "Match"))
    finally:
        context.close()


def test_claims_json_matches_its_schema(site: Build) -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    data = json.loads((site.site / "claims" / "claims.json").read_text(encoding="utf-8"))
    errors = sorted(jsonschema.Draft202012Validator(schema).iter_errors(data), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:20])
    claims = data["claims"]
    assert {c["status"] for c in claims} >= {"supported", "no-passage", "suppressed", "exempt"}
    for claim in claims:
        assert {p["source"] for p in claim["passages"]} <= set(claim["sources"]), claim


def test_every_claim_in_claims_json_points_at_a_real_sentence(site: Build) -> None:
    claims = claims_of(str(site.site))
    wrong = []
    for claim in claims:
        source = ROOT / claim["page"]
        assert source.is_file(), claim["page"]
        lines = source.read_text(encoding="utf-8").split("\n")
        assert 1 <= claim["line"] <= len(lines), claim
        start = plain(" ".join(claim["text"].split()[:4]))
        if start not in plain(lines[claim["line"] - 1]):
            wrong.append(f"{claim['page']}:{claim['line']}: {claim['text'][:60]!r} | {lines[claim['line'] - 1][:80]!r}")
    assert not wrong, f"{len(wrong)} claims point at a line that does not start them:\n" + "\n".join(wrong[:20])
    chapters = {c["page"] for c in claims}
    assert {f"docs/{c.strip('/')}.md" for c in CHAPTERS} <= chapters


def test_the_ledger_shows_each_claim_as_the_reader_reads_it(site: Build) -> None:
    """The ledger's Claim column is the sentence as the chapter shows it, as claims.json has it
    (shortened with an ellipsis at most): no Markdown such as **bold** or [text](page.md)."""
    claims = claims_of(str(site.site))
    rows = lxml_html.parse(str(site.site / "claims" / "index.html")).xpath('//table[@class="guide-ledger"]/tbody/tr')
    assert len(rows) == len(claims), "one ledger row per claim of claims.json, in the same order"
    wrong = []
    for row, claim in zip(rows, claims, strict=True):
        shown = " ".join(row.xpath("./td[1]")[0].text_content().split())
        text = " ".join(claim["text"].split())
        if not (shown == text or (shown.endswith("\u2026") and text.startswith(shown[:-1].rstrip()))):
            wrong.append(
                f"{claim['page']}:{claim['line']} [{claim['status']}]\n  ledger: {shown[:120]}\n  json:   {text[:120]}"
            )
    assert not wrong, f"{len(wrong)} ledger rows show another text than the claim:\n" + "\n".join(wrong[:8])
