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
    assert set(size["variants"]) == {"plain", "full", "claims", "citations"}
    for variant in size["variants"].values():
        assert len(variant["times_s"]) == 1
        assert variant["median_s"] > 0 and variant["peak_rss_mb"] > 0
    for key in ("ratio_full_plain", "ms_per_chapter_full", "peak_rss_mb_full", "words", "citations"):
        assert size[key] > 0


def test_every_generated_claim_is_cited(results: dict) -> None:
    # The synthetic guide builds strictly, so the checker found nothing to report.
    counted = results["sizes"][0].get("claims_counted")
    if counted is not None:
        assert counted["findings"] == 0
        assert counted["claims"] == counted["cited_claims"] > 0


def test_serve_rebuild_and_targets(results: dict) -> None:
    serve = results["serve_rebuild"]
    assert serve["pages"] > 0 and serve["first_build_s"] > 0
    assert serve["median_rebuild_s"] > 0 and all(t > 0 for t in serve["rebuilds_s"])
    assert "serve_rebuild_within_1s" in results["targets"]
    assert isinstance(results["targets"]["serve_rebuild_within_1s"]["holds"], bool)
    assert results["claims_only"]["measured"]
    assert results["machine"]["cpus"] >= 1
