"""The held-out gold sets stay what was annotated: every quotation occurs in its article as
declared, with consistent fields (benchmarks/heldout/check_gold.py), and each split is marked
complete. The drafter's figures on them are benchmarks (BENCHMARKS.md), not tests."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

HELDOUT = Path(__file__).resolve().parents[1] / "benchmarks" / "heldout"
SPLITS = ["dev", "test", "dev2", "test2", "test3"]


def _checker():
    spec = importlib.util.spec_from_file_location("check_gold", HELDOUT / "check_gold.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("split", SPLITS)
def test_every_gold_file_agrees_with_its_article(split, capsys):
    assert (HELDOUT / split / "READY").is_file()
    assert sorted(p.name.removesuffix(".gold.yaml") for p in (HELDOUT / split).glob("*.gold.yaml")) == \
        sorted(p.stem for p in (HELDOUT / split).glob("*.txt"))
    assert _checker().main([split]) == 0, capsys.readouterr().out


def test_no_article_is_in_two_splits():
    texts = {}
    for split in SPLITS:
        for p in (HELDOUT / split).glob("*.txt"):
            assert p.read_bytes() not in texts, f"{split}/{p.name} repeats {texts.get(p.read_bytes())}"
            texts[p.read_bytes()] = f"{split}/{p.name}"
