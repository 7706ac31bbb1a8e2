"""The claim classifier's word lists, read once from vocabulary.yml beside this file."""

from __future__ import annotations

from pathlib import Path

import yaml

VOCABULARY_FILE = Path(__file__).with_name("vocabulary.yml")


def load_vocabulary(path: Path = VOCABULARY_FILE) -> dict[str, tuple[str, ...]]:
    """Each list of vocabulary.yml as a tuple of words or phrases."""
    # libyaml's parser when PyYAML has it (ten times faster; the same lists), else PyYAML's own
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected lists of words under names")
    return {str(key): tuple(str(word) for word in words) for key, words in data.items()}


VOCABULARY = load_vocabulary()
