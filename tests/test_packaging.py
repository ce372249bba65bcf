"""The wheel carries the rule data (models, profiles, schemas), the tokenizer rank files and the benchmark index."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from tests.conftest import REPO


def test_wheel_contains_rule_data_and_tokenizers(tmp_path: Path) -> None:
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(tmp_path), str(REPO)],
                   check=True, capture_output=True)
    [wheel] = tmp_path.glob("ftlint-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {
        "ftlint/_rules/models.toml",
        "ftlint/_rules/profiles/openai.toml",
        "ftlint/_rules/schemas/chat.schema.json",
        "ftlint/_rules/README.md",
        "ftlint/core/tokens/data/o200k_base.tiktoken.gz",
        "ftlint/core/tokens/data/cl100k_base.tiktoken.gz",
        "ftlint/rules/quality/data/benchmarks.idx",  # DQ014's index of benchmark test sets
    }
    assert expected <= names, expected - names
