"""Smoke test of the build benchmark: the smallest size, one run. Nothing here is timed."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).with_name("bench.py")


def _load_bench():
    spec = importlib.util.spec_from_file_location("bench", BENCH)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> dict:
    out = tmp_path_factory.mktemp("bench") / "bench.json"
    assert _load_bench().main(["--quick", "--out", str(out)]) == 0
    return json.loads(out.read_text(encoding="utf-8"))


def test_one_size_with_every_variant(results: dict) -> None:
    assert results["settings"]["runs"] == 1
    (size,) = results["sizes"]
    assert size["chapters"] >= 2 and size["references"] >= 40
    assert set(size["variants"]) == {"plain", "full", "in-process"}
    for variant in size["variants"].values():
        assert len(variant["times_s"]) == 1
        assert variant["median_s"] > 0 and variant["peak_rss_mb"] > 0
    for key in (
        "ratio_full_plain",
        "ratio_in_process_plain",
        "ms_per_chapter_full",
        "peak_rss_mb_full",
        "words",
        "citations",
    ):
        assert size[key] > 0


def test_the_full_build_reports_how_long_it_waited_for_its_checks(results: dict) -> None:
    # The synthetic guide builds strictly (every claim cited, every number in a passage), and the
    # full build logs its checks' time and its wait: the bench reads both from that line.
    (size,) = results["sizes"]
    assert size["checks_s"] > 0 and size["checks_waited_s"] >= 0


def test_serve_rebuild_and_targets(results: dict) -> None:
    serve = results["serve_rebuild"]
    assert serve["pages"] > 0 and serve["first_build_s"] > 0
    assert serve["median_rebuild_s"] > 0 and all(t > 0 for t in serve["rebuilds_s"])
    assert "serve_rebuild_within_1s" in results["targets"]
    assert isinstance(results["targets"]["serve_rebuild_within_1s"]["holds"], bool)
    assert results["machine"]["cpus"] >= 1
