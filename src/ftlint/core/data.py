"""Where ftlint's data (models, profiles, schemas: the top-level `rules/` folder) lives at run time."""

from __future__ import annotations

from functools import cache
from pathlib import Path


@cache
def rules_data_dir() -> Path:
    """The `rules/` data folder: packaged as `ftlint/_rules` in a wheel, the repository's in a checkout."""
    packaged = Path(__file__).resolve().parent.parent / "_rules"
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parents[3] / "rules"
    if checkout.is_dir():
        return checkout
    raise FileNotFoundError(f"ftlint's rule data is missing: neither {packaged} nor {checkout} exists")
