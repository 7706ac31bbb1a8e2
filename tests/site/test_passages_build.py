"""Source passages in real builds (issue #17).

A number in a cited sentence that no passage of its sources holds fails `mkdocs build --strict`
with NUM001 at the sentence's file and line; a passage that copies the guide's own sentence is
rejected (PSG004) at the passage's line; and in the real built guide, each citation's numbers
are sorted and joined ("1,3"), and a run of sentences citing the same sources shows them once.
"""

from __future__ import annotations

import concurrent.futures
import itertools
import json
import re
from collections import Counter
from pathlib import Path

import yaml
from lxml import html as lxml_html

from conftest import ROOT, Build, copy_project, mkdocs_build

CHAPTER = "docs/treatment.md"
CITATION = re.compile(r"\[([^\[\]\n]*@[^\[\]\n]*)\]")


def claims(site: Build) -> list[dict]:
    return json.loads((site.site / "claims" / "claims.json").read_text(encoding="utf-8"))["claims"]


def passages_of(project: Path, key: str) -> str:
    return " ".join(
        p["text"] for p in yaml.safe_load((project / "passages" / f"{key}.yml").read_text(encoding="utf-8"))
    )


def changed_number(site: Build, project: Path) -> tuple[int, str, str]:
    """A supported claim of the chapter whose first line holds one of its numbers once, as digits;
    that line rewritten with another number that no passage of its sources holds."""
    path = project / CHAPTER
    lines = path.read_text(encoding="utf-8").split("\n")
    for claim in claims(site):
        if claim["page"] != CHAPTER or claim["status"] != "supported":
            continue
        line = lines[claim["line"] - 1]
        held = " ".join(passages_of(project, key) for key in claim["sources"])
        for number in claim["numbers"]:
            if number.isdigit() and len(re.findall(rf"(?<![\d.,]){number}(?![\d.,])", line)) == 1:
                new = str(int(number) + 7)
                if not re.search(rf"(?<![\d.,]){new}(?![\d.,])", held) and new not in line:
                    lines[claim["line"] - 1] = re.sub(rf"(?<![\d.,]){number}(?![\d.,])", new, line)
                    path.write_text("\n".join(lines), encoding="utf-8")
                    return claim["line"], number, new
    raise AssertionError(f"no supported claim in {CHAPTER} has a number to change")


def copied_sentence(site: Build, project: Path) -> tuple[str, int, str]:
    """Append to a source's passages the guide's own sentence that cites it; (passages file, line, sentence)."""
    claim = next(
        c
        for c in claims(site)
        if c["page"] == CHAPTER
        and c["status"] == "supported"
        and len(c["sources"]) == 1
        and len(c["text"].split()) >= 12
    )
    key = claim["sources"][0]
    relative = f"passages/{key}.yml"
    path = project / relative
    text = path.read_text(encoding="utf-8")
    if not text.endswith("\n"):
        text += "\n"
    line = text.count("\n") + 1
    path.write_text(text + f'- text: {json.dumps(claim["text"])}\n  where: "PubMed 1, abstract"\n', encoding="utf-8")
    return relative, line, claim["text"]


def test_a_changed_number_and_a_copied_passage_fail_the_strict_build_where_they_are(
    site: Build, tmp_path: Path
) -> None:
    number_project = copy_project(tmp_path / "number")
    line, old, new = changed_number(site, number_project)
    copy_project_dir = copy_project(tmp_path / "copy")
    passage_file, passage_line, sentence = copied_sentence(site, copy_project_dir)
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        number_build, copy_build = pool.map(
            lambda project: mkdocs_build(project, project / "site"), (number_project, copy_project_dir)
        )
    assert not number_build.ok, f"{CHAPTER}:{line}: {old} -> {new} built strictly:\n{number_build.log[-3000:]}"
    assert re.search(rf"{re.escape(CHAPTER)}:{line}:\d+: NUM001\b.*{new}", number_build.log), number_build.log[-5000:]
    assert not copy_build.ok, f"a passage copying {sentence!r} built strictly"
    assert re.search(rf"{re.escape(passage_file)}:{passage_line}:\d+: PSG004\b", copy_build.log), copy_build.log[-5000:]


def chapter_pages(site: Build) -> list[tuple[Path, Path]]:
    out = []
    for md in sorted((ROOT / "docs").glob("*.md")):
        built = site.site / ("" if md.stem == "index" else md.stem) / "index.html"
        if built.is_file() and "footnote-ref" in built.read_text(encoding="utf-8"):
            out.append((md, built))
    return out


def citation_spans(built: Path) -> list:
    tree = lxml_html.parse(str(built))
    return tree.xpath('//span[@class="citation"][.//a[@class="footnote-ref"]]')


def test_citations_render_sorted_and_joined(site: Build) -> None:
    pages = chapter_pages(site)
    assert len(pages) >= 5
    reordered = 0
    for md, built in pages:
        spans = citation_spans(built)
        numbers: dict[str, int] = {}
        for span in spans:
            for link in span.xpath('.//a[@class="footnote-ref"]'):
                numbers.setdefault(link.get("href").removeprefix("#fn:"), int(link.text))
            shown = [int(n) for n in span.xpath('.//a[@class="footnote-ref"]/text()')]
            assert shown == sorted(shown) and len(set(shown)) == len(shown), f"{md.name}: {shown}"
            assert span.text_content() == ",".join(map(str, shown)), f"{md.name}: {span.text_content()!r}"
        # Sorting is real: some citation in the source lists its keys in another order than their numbers.
        for block in CITATION.findall(md.read_text(encoding="utf-8")):
            keys = re.findall(r"@([\w-]+)", block)
            order = [numbers[k] for k in keys if k in numbers]
            reordered += order != sorted(order)
    assert reordered, "no citation lists its keys out of order: sorting is untested"


def test_a_run_of_sentences_citing_the_same_sources_shows_them_once(site: Build) -> None:
    fewer = 0
    for md, built in chapter_pages(site):
        spans = citation_spans(built)
        shown: Counter[str] = Counter()
        for span, following in itertools.pairwise(spans):
            keys = sorted(a.get("href") for a in span.xpath('.//a[@class="footnote-ref"]'))
            next_keys = sorted(a.get("href") for a in following.xpath('.//a[@class="footnote-ref"]'))
            block = span.xpath("ancestor::*[self::p or self::li or self::td or self::th or self::dd or self::dt][1]")
            next_block = following.xpath(
                "ancestor::*[self::p or self::li or self::td or self::th or self::dd or self::dt][1]"
            )
            assert not (keys == next_keys and block and block == next_block), (
                f"{md.name}: {keys} twice in a row in one paragraph: "
                f"{' '.join(block[0].text_content().split())[:200]!r}"
            )
        for span in spans:
            shown.update(a.get("href").removeprefix("#fn:") for a in span.xpath('.//a[@class="footnote-ref"]'))
        written = Counter(
            k
            for block in CITATION.findall(md.read_text(encoding="utf-8"))
            for k in set(re.findall(r"@([\w-]+)", block))
        )
        fewer += sum(1 for key in shown if shown[key] < written[key])
    assert fewer, "no run of same-source citations in the guide: the rule is untested"
