"""Build tiktoken encodings from the rank files shipped in `data/`, checking their SHA-256 first.

The patterns, special tokens and hashes are tiktoken's own (`tiktoken_ext/openai_public.py`), so the
encodings are token-identical to `tiktoken.get_encoding`, which would download the files instead.
Loading takes a few tenths of a second, so it happens once per process and only when a count is
needed.
"""

from __future__ import annotations

import binascii
import gzip
import hashlib
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import tiktoken

ENDOFTEXT = "<|endoftext|>"
FIM_PREFIX = "<|fim_prefix|>"
FIM_MIDDLE = "<|fim_middle|>"
FIM_SUFFIX = "<|fim_suffix|>"
ENDOFPROMPT = "<|endofprompt|>"

_CL100K_PATTERN = (
    r"""'(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}++|\p{N}{1,3}+| ?[^\s\p{L}\p{N}]++[\r\n]*+|\s++$|\s*[\r\n]|"""
    r"""\s+(?!\S)|\s"""
)
_O200K_PATTERN = "|".join(
    [
        r"""[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?""",
        r"""[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?""",
        r"""\p{N}{1,3}""",
        r""" ?[^\s\p{L}\p{N}]+[\r\n/]*""",
        r"""\s*[\r\n]+""",
        r"""\s+(?!\S)""",
        r"""\s+""",
    ]
)

_SPECS: dict[str, dict[str, object]] = {
    "cl100k_base": {
        "sha256": "223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7",
        "pattern": _CL100K_PATTERN,
        "special": {ENDOFTEXT: 100257, FIM_PREFIX: 100258, FIM_MIDDLE: 100259, FIM_SUFFIX: 100260,
                    ENDOFPROMPT: 100276},
    },
    "o200k_base": {
        "sha256": "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d",
        "pattern": _O200K_PATTERN,
        "special": {ENDOFTEXT: 199999, ENDOFPROMPT: 200018},
    },
}
ENCODING_NAMES = tuple(_SPECS)


class CorruptTokenizerError(RuntimeError):
    pass


def load_ranks(name: str) -> dict[bytes, int]:
    """The BPE ranks of `name`, read from package data and checked against tiktoken's hash."""
    spec = _SPECS[name]
    packed = resources.files("ftlint.core.tokens").joinpath("data", f"{name}.tiktoken.gz").read_bytes()
    data = gzip.decompress(packed)
    digest = hashlib.sha256(data).hexdigest()
    if digest != spec["sha256"]:
        raise CorruptTokenizerError(
            f"the shipped {name} rank file has SHA-256 {digest}, expected {spec['sha256']}; reinstall ftlint"
        )
    # "token rank" rows, parsed by C loops (map, zip) rather than a Python one: a third faster, and
    # `ftlint stats` does it before any record is counted. The hash above vouches for every row.
    fields = data.split()
    return dict(zip(map(binascii.a2b_base64, fields[0::2]), map(int, fields[1::2]), strict=True))


@cache
def get_encoding(name: str) -> tiktoken.Encoding:
    """A tiktoken encoding built from shipped files; cached for the life of the process."""
    import tiktoken  # imported on first use: a check that needs no count never pays for it

    if name not in _SPECS:
        raise ValueError(f"unknown encoding `{name}`; ftlint ships {', '.join(ENCODING_NAMES)}")
    spec = _SPECS[name]
    return tiktoken.Encoding(
        name=name,
        pat_str=str(spec["pattern"]),
        mergeable_ranks=load_ranks(name),
        special_tokens=dict(spec["special"]),  # type: ignore[call-overload]
    )
