"""Overlap between a training record and evaluation items, by hashes of normalised text (DQ014, DQ015).

An item (a benchmark question, a line of the user's evaluation file) is kept as two sets of hashes,
never its text:

- its word n-grams (lower-cased, ASCII punctuation and spacing dropped, 32-bit xxh32 of the n words
  joined by spaces), less those shared by `COMMON_ITEMS` or more items: an instruction every IFEval
  prompt ends with, `from typing import List` in HumanEval. The share of an item's remaining n-grams
  found in a record is its overlap.
- its sentence keys: the 64-bit hash of each sentence (split at `.!?;` and line ends) of at least
  `MIN_SENTENCE` letters and digits once spacing and punctuation are dropped, less the common ones.

Hashing every n-gram of every record costs more than the rest of a check (a Python object per word),
so a record is first screened by the sentence keys of what it asks (`asked_texts`: a chat record's
user messages): one `bytes.translate` and a hash per sentence. Only a record sharing a whole sentence
with some item has its n-grams (of all its texts) counted (`every_record` counts them for all). An
item pasted into a training record keeps most of its sentences whole.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import xxhash

from ftlint.core.records import Record

COMMON_ITEMS = 3  # an n-gram or sentence in this many items is boilerplate, not one item's
MIN_SENTENCE = 24  # letters and digits: about five words; shorter sentences say too little to screen by

_ASCII_OTHER = bytes(c for c in range(128) if not chr(c).isalnum())
_ENDS = b".!?;\n\r"
# Sentence keys: sentence ends become line ends, A-Z become a-z, every other ASCII non-alphanumeric goes.
_SENTENCE_TABLE = bytes.maketrans(_ENDS + bytes(range(65, 91)), b"\n" * len(_ENDS) + bytes(range(97, 123)))
_SENTENCE_DROP = bytes(c for c in _ASCII_OTHER if c not in _ENDS)
# Words: every ASCII non-alphanumeric is a space.
_WORD_TABLE = bytes.maketrans(_ASCII_OTHER, b" " * len(_ASCII_OTHER))
_SYSTEM_ROLES = frozenset({"system", "developer"})
_SHARED_KEYS = frozenset({"system", "tools", "functions", "parallel_tool_calls"})


def _bytes(text: str) -> bytes:
    return text.lower().encode("utf-8", "surrogatepass")


def _screen_bytes(text: str) -> bytes:
    # ASCII letters lower-cased by the table, in the same pass: no str.lower on every record's prompt.
    return text.encode("utf-8", "surrogatepass").translate(_SENTENCE_TABLE, _SENTENCE_DROP)


def sentence_keys(text: str) -> list[int]:
    """The hashes of the text's sentences long enough to screen by."""
    hash64 = xxhash.xxh3_64_intdigest
    return [hash64(part) for part in _screen_bytes(text).split(b"\n") if len(part) >= MIN_SENTENCE]


# Typographic punctuation read as its ASCII form by the n-gram count (only screened records reach it):
# "Janet\u2019s" and "Janet's" are the same words.
_TYPOGRAPHIC = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-",
                              "\u2014": "-", "\u2026": "...", "\u00a0": " ", "\u2212": "-"})


def gram_hashes(text: str, size: int) -> set[int]:
    """The distinct hashes of the text's word `size`-grams (none for a text of fewer words)."""
    words = _bytes(text.translate(_TYPOGRAPHIC)).translate(_WORD_TABLE).split()
    hash32 = xxhash.xxh32_intdigest
    join = b" ".join
    return {hash32(join(words[start:start + size])) for start in range(len(words) - size + 1)}


def record_texts(data: dict[str, Any]) -> list[str]:
    """What a record says, but its system prompt and tool definitions (the same in most records of a
    file, and never an evaluation item): message contents for chat records, every other string else."""
    messages = data.get("messages")
    if messages.__class__ is list and messages:
        texts = []
        for message in messages:
            if message.__class__ is not dict:
                continue
            content = message.get("content")
            if content.__class__ is str:  # the common case first: a string, not a system prompt
                if message.get("role") not in _SYSTEM_ROLES:
                    texts.append(content)
            elif isinstance(content, list) and message.get("role") not in _SYSTEM_ROLES:
                texts.extend(part["text"] for part in content
                             if isinstance(part, dict) and isinstance(part.get("text"), str))
        if texts:
            return texts
    from ftlint.rules._texts import strings

    return [text for where, text in strings(data) if not (where and where[0] in _SHARED_KEYS)]


# The keys holding what a record without messages asks: a prompt/completion record's prompt, an Alpaca
# record's instruction and input (a DPO record's `input` is an object, not read here).
_ASKED_KEYS = ("prompt", "instruction", "input", "question")


def asked_texts(data: dict[str, Any]) -> list[str]:
    """What a record asks, where an evaluation item (a question, an instruction) is pasted: the user
    messages of a chat record, the prompt (or instruction and input) of a record with one, every text
    but the system prompt and tools of any other. The screen reads these only: it costs in proportion
    to the text, and answers are half of a record (on 100k prompt/completion records, screening the
    completions too cost the check 18%; the prompts alone, under a tenth)."""
    asked = [text for key in _ASKED_KEYS if (text := data.get(key)).__class__ is str]
    if asked:
        return asked
    messages = data.get("messages")
    if messages.__class__ is list and messages:
        texts = []
        for message in messages:  # objects: the rules see only valid records
            if message.get("role") == "user":
                content = message.get("content")
                if content.__class__ is str:
                    texts.append(content)
                elif isinstance(content, list):
                    texts.extend(part["text"] for part in content
                                 if isinstance(part, dict) and isinstance(part.get("text"), str))
        return texts
    return record_texts(data)


_USERS_AT: dict[tuple[str, ...], tuple[int, ...]] = {}  # a plain chat record's roles -> where its user turns are


def record_asked_texts(record: Record) -> list[str]:
    """`asked_texts` of a record, straight from its shape for a plain chat record (its roles in order,
    every content a string: see `ftlint.core.formats.plain`): most records, and no walk of the messages."""
    shape = record.shape
    if shape.__class__ is tuple and record.format == "chat":
        at = _USERS_AT.get(shape)
        if at is None:
            at = tuple(index for index, role in enumerate(shape) if role == "user")
            if len(_USERS_AT) < 4096:  # role sequences are few; a file of all different ones is not cached
                _USERS_AT[shape] = at
        messages = record.data["messages"]
        return [messages[index]["content"] for index in at]
    return asked_texts(record.data)


@dataclass(frozen=True)
class Match:
    item: int  # index into the index's labels
    matched: int  # the item's n-grams found in the record
    share: float  # matched / the item's n-grams


class OverlapIndex:
    """Items' n-gram and sentence hashes, with a label for each item ("HumanEval/12", "evals.jsonl:45").

    The table from n-gram to items is built on the first record that passes the screen: most checks
    have none, and building it costs a worker ~0.1 s for the shipped benchmarks.
    """

    def __init__(self, labels: list[str], grams: Sequence[Iterable[int]], sentences: Iterable[int]) -> None:
        self.labels = labels
        self.sentences = frozenset(sentences)
        self._item_grams = grams  # each item's (already uncommon) n-gram hashes
        self._table: dict[int, Any] | None = None
        self.sizes: list[int] = []

    @classmethod
    def from_hashes(cls, labels: list[str], grams: Sequence[Iterable[int]],
                    sentences: Iterable[int]) -> OverlapIndex:
        return cls(labels, grams, sentences)

    @property
    def grams(self) -> dict[int, Any]:
        """n-gram hash -> an item index, or a tuple of them."""
        if self._table is None:
            table: dict[int, Any] = {}
            sizes = []
            for item, hashes in enumerate(self._item_grams):
                count = 0
                for value in hashes:
                    count += 1
                    present = table.get(value)
                    if present is None:
                        table[value] = item
                    elif isinstance(present, tuple):
                        table[value] = (*present, item)
                    else:
                        table[value] = (present, item)
                sizes.append(count)
            self.sizes, self._table = sizes, table
        return self._table

    def screen(self, text: str) -> bool:
        """Whether the text shares a whole sentence with some item: only then is it worth counting."""
        # As `sentence_keys`, without its length test: a short sentence's hash is in no index, and
        # one hash per sentence in C costs less than a test per sentence in Python (run per record).
        return not self.sentences.isdisjoint(map(xxhash.xxh3_64_intdigest, _screen_bytes(text).split(b"\n")))

    def matches(self, text: str, size: int, min_share: float, min_matches: int) -> list[Match]:
        """The items whose n-grams the text holds in at least `min_share` of them and `min_matches` in
        number, best first."""
        counts: Counter[int] = Counter()
        table = self.grams  # built on first use, with `sizes`
        for value in gram_hashes(text, size):
            item = table.get(value)
            if item is None:
                continue
            if isinstance(item, tuple):
                counts.update(item)
            else:
                counts[item] += 1
        found = [Match(item, matched, matched / self.sizes[item]) for item, matched in counts.items()
                 if matched >= min_matches and matched >= min_share * self.sizes[item]]
        return sorted(found, key=lambda m: (-m.share, -m.matched, m.item))


def item_hashes(texts: Sequence[str], size: int) -> tuple[list[list[int]], list[list[int]]]:
    """Per item, its uncommon n-gram hashes (sorted) and its uncommon sentence keys (sorted)."""
    grams = [gram_hashes(text, size) for text in texts]
    keys = [set(sentence_keys(text)) for text in texts]
    gram_items = Counter(value for item in grams for value in item)
    key_items = Counter(value for item in keys for value in item)
    return ([sorted(v for v in item if gram_items[v] < COMMON_ITEMS) for item in grams],
            [sorted(v for v in item if key_items[v] < COMMON_ITEMS) for item in keys])


def index_of(labels: list[str], texts: Sequence[str], size: int) -> OverlapIndex:
    """The index of items given by their text (a user's evaluation file)."""
    grams, keys = item_hashes(texts, size)
    return OverlapIndex.from_hashes(labels, grams, (key for item in keys for key in item))
