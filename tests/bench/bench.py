"""Benchmark the site build on synthetic guides of growing size (`make bench`).

    python tests/bench/bench.py [--sizes 10,50,200,800] [--runs 3] [--quick] [--out FILE]

For each size, a synthetic guide is generated in a temporary folder: N chapters written like the
real ones (front matter, a Key points admonition, cited paragraphs, lists, a table, admonitions,
a collapsible block, cross-links), a references.bib whose every entry is complete and cited, and
copies of the project's real mkdocs.yml, hooks/, overrides/ and csl/ with the nav rewritten to
the generated chapters. With --real N, the real guide's own content is also measured, grown N
times (each chapter copied N times). Each guide is built several times, in a fresh process each
time, in three variants:

  plain       Material only: search, no hooks (citations stay raw text)
  full        the real pipeline (hooks/evidence_pipeline.py), strict, as mkdocs.yml has it
              (background: auto, a worker process beside the build)
  in-process  the same with extra.evidence.background: off (checks and pandoc in the build's
              own process)

With --load N, N busy processes run during the measurement (a loaded machine). The full build
logs how long its checks took and how long it waited for them.

It also times a serve rebuild at the real guide's size: the project's own docs/ (copied), built
twice in one Python process the way `mkdocs serve` does (config reloaded, plugins with
on_startup kept, hook modules and their caches kept), with one chapter edited in between.

Prints a Markdown table and writes every number to bench-results/bench.json (git-ignored).
The targets are reported, never asserted: timings depend on the machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
COPIED = ("mkdocs.yml", "hooks", "overrides", "csl")
DEFAULT_SIZES = (10, 80, 200, 800)
VARIANTS = ("plain", "full", "in-process")
LEDGER, REFERENCES = "claims.md", "references.md"

# Targets from issues 11 and 16 (reported, not asserted).
RATIO_LIMIT = 1.3  # full / plain, at every size from RATIO_FROM chapters up, and on the real guide grown
RATIO_FROM = 50
GROWTH_LIMIT = 4.5  # time(800) / time(200): linear growth would be 4
SERVE_LIMIT_S = 1.0
CHECKS_LIMIT = 0.1  # issue 4: the build waits for the checks at most a tenth of its time


# ---------------------------------------------------------------------------------------------
# Synthetic guide


EVIDENCE = (
    "systematic-review",
    "meta-analysis",
    "rct",
    "cohort",
    "guideline",
    "consensus",
    "cross-sectional",
    "case-control",
    "narrative-review",
    "pilot",
)
SURNAMES = (
    "Andersen",
    "Barton",
    "Crossley",
    "Dahl",
    "Evans",
    "Ferber",
    "Garcia",
    "Hansen",
    "Ito",
    "Jensen",
    "Kim",
    "Lopez",
    "Martin",
    "Nielsen",
    "Okafor",
    "Patel",
    "Quinn",
    "Rossi",
    "Silva",
    "Tanaka",
    "Usman",
    "Vogel",
    "Walker",
    "Xu",
    "Young",
    "Zhang",
)
JOURNALS = (
    "British Journal of Sports Medicine",
    "Journal of Orthopaedic and Sports Physical Therapy",
    "American Journal of Sports Medicine",
    "Scandinavian Journal of Medicine and Science in Sports",
    "Clinical Journal of Sport Medicine",
    "Physical Therapy in Sport",
)
TOPICS = (
    "hip strengthening",
    "knee strengthening",
    "gait retraining",
    "running volume",
    "cadence changes",
    "foot orthoses",
    "patellar taping",
    "load management",
    "education",
    "quadriceps exercise",
    "trunk exercise",
    "rest from running",
)
GROUPS = (
    "recreational runners",
    "novice runners",
    "adolescent runners",
    "adults with knee pain",
    "marathon runners",
    "military recruits",
    "female runners",
    "older runners",
)
# Claims only: every sentence states a finding, so the checker wants (and gets) a citation.
# No strong causal verbs (prove, cure, prevent, cause ...): the sources are of mixed strength.
SENTENCES = (
    "In a trial of {n} {group}, {topic} eased knee pain within {w} weeks",
    "A review of {k} studies found that {topic} helped {group} return to running sooner",
    "Among {n} {group}, about {p} in 100 still had pain after one year",
    "People who added {topic} to their training reported less pain at {w} weeks than those who did not",
    "The benefit of {topic} was small, and it faded after about {w} weeks",
    "{Topic} was linked with a lower rate of knee pain in {group} followed for {m} months",
    "Pain during stairs and squats was the most common complaint among {group}",
    "Guidelines rate {topic} as a reasonable option for {group} with knee pain",
    "The studies of {topic} were small, and most followed people for less than {m} months",
    "In {group}, weekly distance rose by about {p} in 100 before the pain began",
    "Most {group} in the study could run without pain again after {w} weeks of {topic}",
    "The effect of {topic} on pain was similar in men and women",
)
LIST_ITEMS = (
    "{Topic} reduced pain on stairs in {group}",
    "{Topic} improved self-reported function at {w} weeks",
    "the effect of {topic} lasted about {m} months in {group}",
    "adherence to {topic} was about {p} in 100 at the end of the trial",
)


# How each number of a sentence appears in its source's passage (passages/<key>.yml): the
# check finds every number of a cited sentence in a passage of its sources.
IN_PASSAGE = {"n": "{} participants", "k": "{} studies", "w": "{} weeks", "m": "{} months", "p": "{}%"}


def _fill(template: str, rng: random.Random, numbers: list[str] | None = None) -> str:
    topic = rng.choice(TOPICS)
    values = {
        "n": rng.randint(20, 900),
        "k": rng.randint(4, 40),
        "w": rng.randint(2, 16),
        "m": rng.randint(3, 36),
        "p": rng.randint(5, 95),
        "group": rng.choice(GROUPS),
        "topic": topic,
        "Topic": topic[0].upper() + topic[1:],
    }
    if numbers is not None:
        numbers += [IN_PASSAGE[name].format(values[name]) for name in IN_PASSAGE if "{" + name + "}" in template]
        numbers += ["one year"] if "one year" in template else []
    return template.format(**values)


def _slug(i: int) -> str:
    return f"chapter-{i:04d}"


def _title(i: int) -> str:
    return f"Chapter {i}: {TOPICS[i % len(TOPICS)]}"


class _Citer:
    """Hands out citation blocks: first every key of the chapter's own share, then random keys."""

    def __init__(self, own: list[str], all_keys: list[str], rng: random.Random, passages: dict[str, list[str]]) -> None:
        self.todo = list(own)
        self.keys = all_keys
        self.rng = rng
        self.passages = passages  # key -> the numbers its citing sentences state, as its passage says them

    def __call__(self, numbers: list[str] = ()) -> str:  # type: ignore[assignment]
        count = self.rng.choice((1, 1, 1, 2, 2, 3))
        chosen: list[str] = []
        while self.todo and len(chosen) < count:
            chosen.append(self.todo.pop())
        while len(chosen) < count:
            key = self.rng.choice(self.keys)
            if key not in chosen:
                chosen.append(key)
        for phrase in numbers:
            self.passages.setdefault(chosen[0], []).append(phrase)
        return "[" + "; ".join(f"@{k}" for k in chosen) + "]"


def chapter_text(
    i: int,
    chapters: int,
    own: list[str],
    keys: list[str],
    reviewed: dt.date,
    passages: dict[str, list[str]] | None = None,
) -> str:
    rng = random.Random(i)
    cite = _Citer(own, keys, rng, passages if passages is not None else {})

    def sentence(templates: tuple[str, ...] = SENTENCES) -> str:
        numbers: list[str] = []
        text = _fill(rng.choice(templates), rng, numbers)
        return f"{text} {cite(numbers)}."

    def item() -> str:
        numbers: list[str] = []
        text = _fill(rng.choice(LIST_ITEMS), rng, numbers)
        return f"{text} {cite(numbers)}"

    def paragraph(count: int) -> str:
        return " ".join(sentence() for _ in range(count))

    others = [j for j in rng.sample(range(1, chapters + 1), min(chapters, 4)) if j != i][:3]
    out = [
        "---",
        f'title: "{_title(i)}"',
        f"description: Synthetic benchmark chapter {i} about {TOPICS[i % len(TOPICS)]} and knee pain in runners.",
        f"reviewed: {reviewed.isoformat()}",
        "---",
        "",
        f"# {_title(i)}",
        "",
        '!!! abstract "Key points"',
        "",
        *(f"    - {sentence()}" for _ in range(4)),
        "",
        paragraph(3),
        "",
        "## Training load",
        "",
        paragraph(5),
        "",
        paragraph(4),
        "",
        *(f"- {item()};" for _ in range(4)),
        "",
        "## What the studies found",
        "",
        paragraph(5),
        "",
        "| Study | Finding |",
        "|---|---|",
        *(f"| Trial {t} | {sentence()} |" for t in "ABCD"),
        "",
        paragraph(4),
        "",
        '!!! tip "In practice"',
        "",
        f"    {paragraph(2)}",
        "",
        "### Recovery",
        "",
        paragraph(5),
        "",
        *(f"{n}. {sentence()}" for n in range(1, 4)),
        "",
        '??? info "More detail on the studies"',
        "",
        f"    {paragraph(4)}",
        "",
        f"    {paragraph(3)}",
        "",
        "## Related chapters",
        "",
        paragraph(4),
        "",
    ]
    for j in others:
        out.append(
            f"See [{_title(j)}]({_slug(j)}.md) for more, and its [training load section]({_slug(j)}.md#training-load)."
        )
        out.append("")
    out.append(paragraph(3))
    out.append("")
    out.append("See a doctor or physical therapist if your knee is swollen or gives way.")
    out.append("")
    return "\n".join(out)


def bib_entry(n: int) -> str:
    rng = random.Random(10_000 + n)
    authors = " and ".join(
        f"{rng.choice(SURNAMES)}, {chr(65 + rng.randrange(26))}. {chr(65 + rng.randrange(26))}."
        for _ in range(rng.randint(1, 5))
    )
    first = rng.randint(1, 900)
    return (
        f"@article{{bench{n:05d},\n"
        f"  author   = {{{authors}}},\n"
        f"  title    = {{Synthetic study {n} of {rng.choice(TOPICS)} in {rng.choice(GROUPS)}}},\n"
        f"  journal  = {{{rng.choice(JOURNALS)}}},\n"
        f"  year     = {{{rng.randint(1995, 2025)}}},\n"
        f"  volume   = {{{rng.randint(1, 60)}}},\n"
        f"  pages    = {{{first}--{first + rng.randint(4, 15)}}},\n"
        f"  doi      = {{10.5555/bench.{n}}},\n"
        f"  evidence = {{{rng.choice(EVIDENCE)}}}\n"
        "}\n"
    )


def _sections(yml: str) -> dict[str, str]:
    """mkdocs.yml split into its top-level blocks, in order (text, so !!python tags survive)."""
    blocks: dict[str, str] = {}
    key = ""
    for line in yml.splitlines(keepends=True):
        match = re.match(r"^([A-Za-z_]+):", line)
        if match:
            key = match.group(1)
        blocks[key] = blocks.get(key, "") + line
    return blocks


PLAIN_PLUGINS = "plugins:\n  - search\n\n"


def variant_config(source_yml: str, variant: str, nav: str | None = None) -> str:
    """mkdocs.yml for one variant: plugins, hooks and settings cut down, and `nav` (a block) if
    given. Without `nav`, the original nav is kept, minus the ledger page when the evidence hook
    (which generates it) is not in the variant.
    """
    blocks = _sections(source_yml)
    plugins, hooks, extra = blocks.get("plugins", ""), blocks.get("hooks", ""), blocks.get("extra", "")
    assert "- search" in plugins, "mkdocs.yml's plugins block has no search"
    assert "hooks/evidence_pipeline.py" in hooks, "mkdocs.yml's hooks changed"
    assert "background: auto" in extra, "mkdocs.yml's extra.evidence.background is not auto"
    assert "nav" in blocks, "mkdocs.yml has no nav"
    plugin_block, hook_block, extra_block = {
        "plain": (PLAIN_PLUGINS, "", extra),
        "full": (plugins, hooks, extra),
        "in-process": (plugins, hooks, extra.replace("background: auto", "background: off")),
    }[variant]
    ledger = variant != "plain"
    if nav is None:
        nav = "".join(line for line in blocks["nav"].splitlines(keepends=True) if ledger or LEDGER not in line)
    text = ""
    for key, block in blocks.items():
        text += {"plugins": plugin_block, "hooks": hook_block, "extra": extra_block, "nav": nav}.get(key, block)
    return text


def write_configs(project: Path, nav: list[str], source_yml: str) -> dict[str, Path]:
    """One mkdocs-<variant>.yml per variant next to the copied mkdocs.yml."""

    def nav_block(with_ledger: bool) -> str:
        # Shaped like the real nav: the chapters in one section, "The guide", here in parts of
        # 20 (with navigation.prune, a page carries the links of its own part only).
        lines = ["nav:", "  - Home: index.md", "  - The guide:"]
        for part in range(0, len(nav), 20):
            lines.append(f"      - Part {part // 20 + 1}:")
            lines += [f'          - "{_title(int(uri[8:12]))}": {uri}' for uri in nav[part : part + 20]]
        lines.append("  - Evidence:")
        lines.append(f"      - References: {REFERENCES}")
        if with_ledger:  # the ledger page is generated by the evidence hook
            lines.append(f"      - Evidence ledger: {LEDGER}")
        return "\n".join(lines) + "\n"

    out = {}
    for variant in VARIANTS:
        path = project / f"mkdocs-{variant}.yml"
        text = variant_config(source_yml, variant, nav_block(variant != "plain"))
        path.write_text(text, encoding="utf-8")
        out[variant] = path
    return out


@dataclass
class Guide:
    project: Path
    chapters: int
    references: int
    configs: dict[str, Path]
    words: int
    citations: int


def generate(project: Path, chapters: int, refs_per_chapter: int = 4, min_refs: int = 40) -> Guide:
    """Write a synthetic guide of `chapters` chapters into `project` (an empty folder)."""
    project.mkdir(parents=True, exist_ok=True)
    for part in COPIED:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, project / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, project / part)
    docs = project / "docs"
    shutil.copytree(ROOT / "docs" / "assets", docs / "assets")  # the site's CSS and images
    references = max(min_refs, refs_per_chapter * chapters)
    keys = [f"bench{n:05d}" for n in range(1, references + 1)]
    (project / "references.bib").write_text(
        "% Synthetic bibliography for the benchmark.\n\n" + "\n".join(bib_entry(n) for n in range(1, references + 1)),
        encoding="utf-8",
    )
    reviewed = dt.date.today() - dt.timedelta(days=30)
    nav, words, citations = [], 0, 0
    passages: dict[str, list[str]] = {}
    for i in range(1, chapters + 1):
        own = keys[i - 1 :: chapters]  # every entry belongs to one chapter, which cites it
        text = chapter_text(i, chapters, own, keys, reviewed, passages)
        words += len(text.split())
        citations += text.count("@bench")
        uri = f"{_slug(i)}.md"
        (docs / uri).write_text(text, encoding="utf-8")
        nav.append(uri)
    (docs / "index.md").write_text(
        "---\ntitle: Home\ndescription: A synthetic guide for the build benchmark.\n"
        f"reviewed: {reviewed.isoformat()}\n---\n\n# A synthetic guide\n\n"
        f"Knee pain is common in runners [@{keys[0]}].\n\n"
        + "".join(f"- [{_title(i)}]({_slug(i)}.md)\n" for i in range(1, chapters + 1)),
        encoding="utf-8",
    )
    (docs / REFERENCES).write_text(
        "---\ntitle: References\n"
        f"reviewed: {reviewed.isoformat()}\n"
        "description: Every source the synthetic guide cites.\n---\n\n# References\n",
        encoding="utf-8",
    )
    # Each entry's passage: the numbers its citing sentences state, in a source's words.
    (project / "passages").mkdir()
    for key, phrases in passages.items():
        text = "Results were reported for " + ", ".join(dict.fromkeys(phrases)) + "."
        (project / "passages" / f"{key}.yml").write_text(
            f'- text: "{text}"\n  where: "Synthetic record of {key}, abstract"\n', encoding="utf-8"
        )
    source_yml = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    configs = write_configs(project, nav, source_yml)
    return Guide(project, chapters, references, configs, words, citations)


def generate_real(project: Path, copies: int) -> Guide:
    """The real guide's content grown `copies` times: every chapter of the nav's "The guide" and
    "Evidence" sections (not the generated ledger) copied, each copy a page of its own in a
    section "Copy k" of the nav; the references, passages and everything else as they are."""
    project.mkdir(parents=True, exist_ok=True)
    for part in (*COPIED, "references.bib", "docs", "passages"):
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, project / part, ignore=shutil.ignore_patterns("__pycache__"))
        elif source.exists():
            shutil.copy2(source, project / part)
    source_yml = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    nav = _sections(source_yml)["nav"]
    chapters = [
        uri for uri in re.findall(r":\s*([\w-]+\.md)\s*$", nav, re.M) if uri not in (LEDGER, REFERENCES, "index.md")
    ]
    docs = project / "docs"
    extra = []
    for k in range(2, copies + 1):
        extra.append(f"  - Copy {k}:")
        for uri in chapters:
            text = (docs / uri).read_text(encoding="utf-8")
            copy = uri.replace(".md", f"-{k}.md")
            (docs / copy).write_text(
                re.sub(r"^title: (.*)$", rf"title: \1 ({k})", text, count=1, flags=re.M), encoding="utf-8"
            )
            extra.append(f"      - {copy}")
    grown = nav.rstrip("\n") + "\n" + "\n".join(extra) + "\n\n"
    configs = {}
    for variant in VARIANTS:
        path = project / f"mkdocs-{variant}.yml"
        path.write_text(
            variant_config(
                source_yml,
                variant,
                grown if variant != "plain" else grown.replace(f"      - Evidence ledger: {LEDGER}\n", ""),
            ),
            encoding="utf-8",
        )
        configs[variant] = path
    pages = list(docs.rglob("*.md"))
    words = sum(len(p.read_text(encoding="utf-8").split()) for p in pages)
    citations = sum(p.read_text(encoding="utf-8").count("[@") for p in pages)
    references = (project / "references.bib").read_text(encoding="utf-8").count("\n@")
    return Guide(project, len(pages), references, configs, words, citations)


@contextmanager
def busy(processes: int) -> Iterator[None]:
    """`processes` busy loops running for the duration (a loaded machine)."""
    loops = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(processes)]
    try:
        yield
    finally:
        for loop in loops:
            loop.kill()
            loop.wait()


# ---------------------------------------------------------------------------------------------
# Measuring


@dataclass
class Run:
    seconds: float
    cpu_seconds: float  # user + system, the process and what it waited for (pandoc)
    peak_rss_mb: float
    returncode: int
    log: str


def _env() -> dict[str, str]:
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"}


def timed(cmd: list[str], cwd: Path) -> Run:
    """Run cmd; wall-clock seconds and the peak RSS of the process (os.wait4: this child only)."""
    with tempfile.TemporaryFile("w+") as log:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=_env(), stdout=log, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        log.seek(0)
        text = log.read()
    return Run(seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, proc.returncode, text)


def build_cmd(config: Path, site: Path, quiet: bool = True) -> list[str]:
    return [
        sys.executable,
        "-m",
        "mkdocs",
        "build",
        "--strict",
        *(["-q"] if quiet else []),
        "-f",
        str(config),
        "-d",
        str(site),
    ]


# What the evidence hook logs: how long the checks took, and how long the build waited for them.
CHECKS_LINE = re.compile(r"Evidence checks took ([\d.]+) s\W.*?waited ([\d.]+) s")


def checks_timing(log: str) -> tuple[float, float] | None:
    m = CHECKS_LINE.search(log)
    return (float(m.group(1)), float(m.group(2))) if m else None


def measure_size(chapters: int, runs: int, scratch: Path, real_copies: int = 0) -> dict:
    if real_copies:
        guide = generate_real(scratch / f"real-{real_copies}", real_copies)
    else:
        guide = generate(scratch / f"guide-{chapters}", chapters)
    result: dict = {
        "load_average_before": round(os.getloadavg()[0], 2),
        "guide": f"real x{real_copies}" if real_copies else "synthetic",
        "chapters": guide.chapters,
        "references": guide.references,
        "words": guide.words,
        "citations": guide.citations,
        "variants": {},
    }
    checks: list[tuple[float, float]] = []
    order = list(VARIANTS)
    samples: dict[str, list[Run]] = {v: [] for v in order}
    for r in range(runs):
        # Interleave the variants, so drift on a busy machine spreads over all of them.
        for variant in order if r % 2 == 0 else order[::-1]:
            site = scratch / f"site-{chapters}-{variant}"
            # The full builds log their checks' timing (INFO lines: a few, so not -q).
            run = timed(build_cmd(guide.configs[variant], site, quiet=variant == "plain"), guide.project)
            if run.returncode != 0:
                raise RuntimeError(f"{variant} build of {result['guide']} {chapters} failed:\n{run.log[-4000:]}")
            if variant == "full" and (timing := checks_timing(run.log)):
                checks.append(timing)
            shutil.rmtree(site, ignore_errors=True)
            samples[variant].append(run)
            print(
                f"  {result['guide']:<9} {guide.chapters:>4} chapters  {variant:<10} run {r + 1}: {run.seconds:7.2f} s  {run.cpu_seconds:7.2f} s CPU  "
                f"{run.peak_rss_mb:6.0f} MB",
                file=sys.stderr,
                flush=True,
            )
    for variant, runs_ in samples.items():
        times = [x.seconds for x in runs_]
        cpu = [x.cpu_seconds for x in runs_]
        result["variants"][variant] = {
            "times_s": [round(t, 4) for t in times],
            "median_s": round(statistics.median(times), 4),
            "cpu_times_s": [round(t, 4) for t in cpu],
            "median_cpu_s": round(statistics.median(cpu), 4),
            "peak_rss_mb": round(max(x.peak_rss_mb for x in runs_), 1),
        }
    result["load_average_after"] = round(os.getloadavg()[0], 2)
    full, plain = result["variants"]["full"]["median_s"], result["variants"]["plain"]["median_s"]
    result["ratio_full_plain"] = round(full / plain, 3)
    full_cpu, plain_cpu = result["variants"]["full"]["median_cpu_s"], result["variants"]["plain"]["median_cpu_s"]
    result["ratio_full_plain_cpu"] = round(full_cpu / plain_cpu, 3)
    result["ratio_in_process_plain"] = round(result["variants"]["in-process"]["median_s"] / plain, 3)
    result["ms_per_chapter_full"] = round(1000 * full / guide.chapters, 1)
    if checks:
        result["checks_s"] = round(statistics.median(c[0] for c in checks), 4)
        result["checks_waited_s"] = round(statistics.median(c[1] for c in checks), 4)
        result["checks_share"] = round(result["checks_waited_s"] / full, 4)
    result["peak_rss_mb_full"] = result["variants"]["full"]["peak_rss_mb"]
    shutil.rmtree(guide.project, ignore_errors=True)
    return result


# In one interpreter, like `mkdocs serve`: reload the config for every build, keep the plugins
# that have on_startup (mkdocs-bibtex), keep imported hook modules and their caches.
SERVE_SNIPPET = """
import json, sys, time
from pathlib import Path
import logging
from mkdocs.commands.build import build
from mkdocs.config import load_config
config_file, site, chapter, edits = sys.argv[1], sys.argv[2], Path(sys.argv[3]), int(sys.argv[4])
logging.getLogger("mkdocs").setLevel(logging.ERROR)

def get_config():
    config = load_config(config_file=config_file, site_dir=site, strict=True)
    config.site_url = "http://127.0.0.1:8000/"
    return config

start = time.perf_counter()
config = get_config()
config.plugins.on_startup(command="serve", dirty=False)
build(config, serve_url="http://127.0.0.1:8000/")
first = time.perf_counter() - start
original = chapter.read_text(encoding="utf-8")
rebuilds, rebuilds_cpu = [], []
for n in range(edits):
    chapter.write_text(original + f"\\nExercise therapy helped runners with knee pain in trial {chr(65 + n)} [@willy2019patellofemoral].\\n", encoding="utf-8")
    start, cpu = time.perf_counter(), time.process_time()
    build(get_config(), serve_url="http://127.0.0.1:8000/")
    rebuilds.append(time.perf_counter() - start)
    rebuilds_cpu.append(time.process_time() - cpu)
chapter.write_text(original, encoding="utf-8")
print(json.dumps({"first_build_s": first, "rebuilds_s": rebuilds, "rebuilds_cpu_s": rebuilds_cpu}))
"""


def measure_serve(scratch: Path, edits: int) -> dict:
    """Serve-style rebuilds of a copy of the real guide after editing one chapter.

    Measured for the real pipeline (mkdocs.yml) and, to see what MkDocs and Material cost by
    themselves, for the plain variant (no bibtex plugin, no hooks; the ledger left out of nav).
    """
    project = scratch / "real-guide"
    project.mkdir(parents=True, exist_ok=True)
    for part in ("mkdocs.yml", "references.bib", "passages", "docs", *COPIED[1:]):
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, project / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, project / part)
    source_yml = (project / "mkdocs.yml").read_text(encoding="utf-8")
    (project / "mkdocs-plain.yml").write_text(variant_config(source_yml, "plain"), encoding="utf-8")
    chapter = project / "docs" / "treatment.md"
    out: dict = {
        "pages": len(list((project / "docs").rglob("*.md"))),
        "edited": "docs/treatment.md (one cited sentence appended, then another, ...)",
    }
    for variant, config in (("full", "mkdocs.yml"), ("plain", "mkdocs-plain.yml")):
        cmd = [sys.executable, "-c", SERVE_SNIPPET, config, str(scratch / f"serve-{variant}"), str(chapter), str(edits)]
        run = timed(cmd, project)
        if run.returncode != 0:
            raise RuntimeError(f"the serve rebuild ({variant}) failed:\n{run.log[-4000:]}")
        data = json.loads(run.log.strip().splitlines()[-1])
        print(f"  serve rebuild ({variant}): {data['rebuilds_s']}", file=sys.stderr, flush=True)
        entry = {
            "first_build_s": round(data["first_build_s"], 4),
            "rebuilds_s": [round(t, 4) for t in data["rebuilds_s"]],
            "median_rebuild_s": round(statistics.median(data["rebuilds_s"]), 4),
            "median_rebuild_cpu_s": round(statistics.median(data["rebuilds_cpu_s"]), 4),
            "peak_rss_mb": round(run.peak_rss_mb, 1),
        }
        if variant == "full":
            out.update(entry)
        else:
            out["plain"] = entry
    shutil.rmtree(project, ignore_errors=True)
    return out


# ---------------------------------------------------------------------------------------------
# Report


def targets(results: list[dict], serve: dict | None) -> dict:
    out: dict = {}
    """Each target on wall-clock time (what it is stated in), with the CPU-time value beside it."""
    counted = [r for r in results if r["chapters"] >= RATIO_FROM or r.get("guide", "synthetic") != "synthetic"]
    ratios = {f"{r.get('guide', 'synthetic')} {r['chapters']}": r["ratio_full_plain"] for r in counted}
    if ratios:
        out["full_within_1.3x_plain"] = {
            "limit": RATIO_LIMIT,
            "values": ratios,
            "holds": all(v <= RATIO_LIMIT for v in ratios.values()),
            "values_cpu": {
                f"{r.get('guide', 'synthetic')} {r['chapters']}": r["ratio_full_plain_cpu"] for r in counted
            },
        }
    shares = {
        f"{r.get('guide', 'synthetic')} {r['chapters']}": r["checks_share"] for r in results if "checks_share" in r
    }
    if shares:
        out["checks_within_a_tenth_of_the_build"] = {
            "limit": CHECKS_LIMIT,
            "values": shares,
            "holds": all(v <= CHECKS_LIMIT for v in shares.values()),
            "values_cpu": {
                f"{r.get('guide', 'synthetic')} {r['chapters']}": round(
                    r["checks_s"] / r["variants"]["full"]["median_cpu_s"], 4
                )
                for r in results
                if "checks_s" in r
            },
        }
    by_size = {r["chapters"]: r["variants"]["full"] for r in results if r.get("guide", "synthetic") == "synthetic"}
    if 200 in by_size and 800 in by_size:
        growth = by_size[800]["median_s"] / by_size[200]["median_s"]
        growth_cpu = by_size[800]["median_cpu_s"] / by_size[200]["median_cpu_s"]
        out["linear_growth_800_vs_200"] = {
            "limit": GROWTH_LIMIT,
            "value": round(growth, 3),
            "holds": growth <= GROWTH_LIMIT,
            "value_cpu": round(growth_cpu, 3),
        }
    if serve:
        out["serve_rebuild_within_1s"] = {
            "limit": SERVE_LIMIT_S,
            "value": serve["median_rebuild_s"],
            "holds": serve["median_rebuild_s"] <= SERVE_LIMIT_S,
            "value_cpu": serve["median_rebuild_cpu_s"],
        }
    return out


def _t(variant: dict) -> str:
    return f"{variant['median_s']:.2f} ({variant['median_cpu_s']:.2f})"


def _checks(result: dict) -> str:
    if "checks_s" not in result:
        return "n/a"
    return f"{result['checks_s']:.2f} ({result['checks_waited_s']:.2f}, {100 * result['checks_share']:.0f}%)"


def markdown_table(data: dict) -> str:
    load = data["settings"].get("load", 0)
    lines = [
        f"Medians, wall-clock seconds (CPU seconds in brackets); {load} busy processes beside the builds.",
        "",
        "| Guide | Chapters | References | Plain | Full | Full in-process | Full / plain | In-process / plain | Checks in the full build: took (waited for) | ms per chapter (full) | Peak memory (full) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in data["sizes"]:
        v = r["variants"]
        lines.append(
            f"| {r.get('guide', 'synthetic')} | {r['chapters']} | {r['references']} | {_t(v['plain'])} | {_t(v['full'])} | "
            f"{_t(v['in-process'])} | {r['ratio_full_plain']:.2f} ({r['ratio_full_plain_cpu']:.2f}) | "
            f"{r['ratio_in_process_plain']:.2f} | {_checks(r)} | {r['ms_per_chapter_full']:.0f} | {r['peak_rss_mb_full']:.0f} MB |"
        )
    serve = data.get("serve_rebuild")
    if serve:
        lines.append("")
        lines.append(
            f"Serve rebuild at the real guide's size ({serve['pages']} pages), after editing one chapter: "
            f"median {serve['median_rebuild_s']:.2f} s ({serve['median_rebuild_cpu_s']:.2f} s CPU) over {len(serve['rebuilds_s'])} edits "
            f"(first build {serve['first_build_s']:.2f} s); Material alone (plain variant): "
            f"median {serve['plain']['median_rebuild_s']:.2f} s ({serve['plain']['median_rebuild_cpu_s']:.2f} s CPU)."
        )
    lines.append("")
    for name, t in data["targets"].items():
        value = t.get("value", t.get("values"))
        cpu = t.get("value_cpu", t.get("values_cpu"))
        lines.append(f"- {name}: {'holds' if t['holds'] else 'FAILS'} (wall {value}; CPU {cpu}; limit {t['limit']})")
    return "\n".join(lines)


def _versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    out = {}
    for name in ("mkdocs", "mkdocs-material", "mkdocs-bibtex", "pypandoc-binary", "Markdown"):
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = "not installed"
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python tests/bench/bench.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)), help="chapter counts, comma-separated")
    parser.add_argument("--runs", type=int, default=3, help="builds per size and variant (the median is reported)")
    parser.add_argument(
        "--large-runs", type=int, help="builds per variant for sizes over 200 chapters (default: --runs)"
    )
    parser.add_argument("--quick", action="store_true", help="smoke test: the smallest size, 1 run, 1 serve edit")
    parser.add_argument("--serve-edits", type=int, default=5, help="edits (rebuilds) in the serve measurement")
    parser.add_argument("--no-serve", action="store_true", help="skip the serve rebuild measurement")
    parser.add_argument(
        "--real", type=int, default=8, help="also the real guide's content grown this many times (0: not)"
    )
    parser.add_argument(
        "--load", type=int, default=0, help="busy processes to run beside the builds (a loaded machine)"
    )
    parser.add_argument("--out", type=Path, default=ROOT / "bench-results" / "bench.json")
    parser.add_argument(
        "--merge",
        type=Path,
        nargs="+",
        metavar="JSON",
        help="combine earlier results (e.g. sizes run separately) into --out, and print the table",
    )
    args = parser.parse_args(argv)
    if args.merge:
        return merge(args.merge, args.out)

    sizes = sorted({int(s) for s in args.sizes.split(",") if s.strip()})
    runs, edits = args.runs, args.serve_edits
    if args.quick:
        sizes, runs, edits, args.real = [sizes[0]], 1, 1, 0
    if not sizes or min(sizes) < 2 or runs < 1 or edits < 1:
        parser.error("sizes must be 2 chapters or more, runs and serve edits 1 or more")

    results: list[dict] = []
    with busy(args.load), tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        scratch = Path(tmp)
        jobs = [(chapters, 0) for chapters in sizes] + ([(0, args.real)] if args.real else [])
        for chapters, copies in jobs:
            size_runs = args.large_runs if args.large_runs and chapters > 200 else runs
            results.append(measure_size(chapters, size_runs, scratch, copies))
            # Kept as it goes, so the sizes already measured survive an interrupted run.
            args.out.parent.mkdir(parents=True, exist_ok=True)
            args.out.write_text(json.dumps({"partial": True, "sizes": results}, indent=2) + "\n", encoding="utf-8")
        serve = None if args.no_serve else measure_serve(scratch, edits)

    data = {
        "generated": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
            "packages": _versions(),
        },
        "settings": {
            "sizes": sizes,
            "real_copies": args.real,
            "load": args.load,
            "runs": runs,
            "large_runs": args.large_runs,
            "serve_edits": edits,
            "refs_per_chapter": 4,
            "min_refs": 40,
        },
        "sizes": results,
        "serve_rebuild": serve,
    }
    data["targets"] = targets(results, serve)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    print(markdown_table(data))
    print(f"\nNumbers written to {args.out}", file=sys.stderr)
    return 0


def merge(paths: list[Path], out: Path) -> int:
    """One result from several runs of this script: sizes joined, targets recomputed."""
    parts = [json.loads(p.read_text(encoding="utf-8")) for p in paths]
    data = dict(parts[0])
    by_size = {r["chapters"]: r for part in parts for r in part["sizes"]}
    data["sizes"] = [by_size[c] for c in sorted(by_size)]
    data["serve_rebuild"] = next((p["serve_rebuild"] for p in parts if p.get("serve_rebuild")), None)
    data["settings"] = {
        **data["settings"],
        "sizes": sorted(by_size),
        "merged_from": [p.name for p in paths],
        "runs_per_size": {r["chapters"]: len(r["variants"]["full"]["times_s"]) for r in data["sizes"]},
    }
    data["targets"] = targets(data["sizes"], data["serve_rebuild"])
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    print(markdown_table(data))
    return 0


if __name__ == "__main__":
    sys.exit(main())
