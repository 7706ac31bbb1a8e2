"""Lets a theme override wrap Material's own template instead of copying it.

Templates in ``overrides/`` shadow Material's templates of the same name, so an override cannot
include the original it replaces. This hook makes Material's templates reachable under the prefix
``material/`` too: ``{% include "material/partials/search.html" %}`` is always Material's file.
"""

from __future__ import annotations

from pathlib import Path

import material
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, PrefixLoader

MATERIAL_TEMPLATES = Path(material.__file__).resolve().parent / "templates"


def on_env(env: Environment, config, files) -> Environment:  # noqa: ANN001 (MkDocs hook signature)
    original = FileSystemLoader(str(MATERIAL_TEMPLATES))
    env.loader = ChoiceLoader([env.loader, PrefixLoader({"material": original})])
    return env
