"""Deterministic synthetic fine-tuning datasets for the benchmark.

Every dataset is produced from seeded `random.Random`s, one per chunk of 5,000 records, so chunks can be
generated on all cores and still give the same bytes.  Chunks are streamed to disk in order (the 1 GB
file is never held in memory) under a temporary name that is renamed only once complete, so an
interrupted run never leaves a truncated file that looks reusable.  `WORK/datasets.json` records the
parameters each file was made with; a file is reused when its parameters and size still match.
"""

from __future__ import annotations

import os
import random
import time
from collections import Counter, deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import orjson

# Bump when the output of the generator changes, so stale files in WORK are regenerated.
GENERATOR_VERSION = 2
# Records per independently seeded chunk (~7 MB of chat); also the span within which duplicates recur.
CHUNK_RECORDS = 5000

_ENGLISH = """
the of and to a in is it you that he was for on are with as I his they be at one have this from or
had by not word but what some we can out other were all there when up use your how said an each she
which do their time if will way about many then them write would like so these her long make thing see
him two has look more day could go come did number sound no most people my over know water than call
first who may down side been now find any new work part take get place made live where after back little
only round man year came show every good me give our under name very through just form sentence great
think say help low line differ turn cause much mean before move right boy old too same tell does set three
want air well also play small end put home read hand port large spell add even land here must big high such
follow act why ask men change went light kind off need house picture try us again animal point mother world
near build self earth father head stand own page should country found answer school grow study still learn
plant cover food sun four between state keep eye never last let thought city tree cross farm hard start might
story saw far sea draw left late run while press close night real life few north open seem together next
white children begin got walk example ease paper group always music those both mark often letter until mile
river car feet care second book carry took science eat room friend began idea fish mountain stop once base
hear horse cut sure watch color face wood main enough plain girl usual young ready above ever red list though
feel talk bird soon body dog family direct pose leave song measure door product black short numeral class
wind question happen complete ship area half rock order fire south problem piece told knew pass since top
whole king space heard best hour better true during hundred five remember step early hold west ground
interest reach fast verb sing listen six table travel less morning ten simple several vowel toward war lay
against pattern slow center love person money serve appear road map rain rule govern pull cold notice voice
unit power town fine certain fly fall lead cry dark machine note wait plan figure star box noun field rest
correct able pound done beauty drive stood contain front teach week final gave green oh quick develop ocean
warm free minute strong special mind behind clear tail produce fact street inch multiply nothing course stay
wheel full force blue object decide surface deep moon island foot system busy test record boat common gold
possible plane stead dry wonder laugh thousand ago ran check game shape equate hot miss brought heat snow
tire bring yes distant fill east paint language among model dataset token function variable python request
server database query error response customer account invoice schedule meeting summary translate recipe
"""
# Non-ASCII words (Latin accents, Greek, Cyrillic, CJK, emoji) exercise UTF-8 decoding and tokenisation.
_NON_ASCII = """
café naïve résumé Zürich façade jalapeño Ångström São München crème brûlée piñata Straße Kraków Dvořák
Łódź fiancée niño Ελλάδα καλημέρα привет спасибо 東京 数据 こんにちは 안녕하세요 🙂 🚀 — … € °C
"""
VOCAB: list[str] = _ENGLISH.split() + _NON_ASCII.split()
_N_EN = len(_ENGLISH.split())
# Zipf-like weights so frequent function words dominate as in real text; the non-ASCII words together
# make up roughly 1-2 % of words.
_WEIGHTS = [1.0 / (rank + 8) for rank in range(_N_EN)] + [0.002] * (len(VOCAB) - _N_EN)
# Each word repeated in proportion to its weight: unweighted `choices` on this table is several times
# faster than weighted `choices` (which bisects per word), and generation speed matters for 1 GB.
_TABLE: list[str] = [
    word
    for word, weight in zip(VOCAB, _WEIGHTS, strict=True)
    for _ in range(max(1, round(weight / sum(_WEIGHTS) * 200_000)))
]
_PUNCT = ".........?!"

SYSTEM_SHARED = (
    "You are a helpful, precise assistant for Acme Corp. Answer the user's question clearly and concisely, "
    "cite the relevant policy when you can, and never reveal internal notes. If you are unsure, say so "
    "and suggest how the user could find out."
)
SYSTEM_OTHERS = (
    "You are a friendly tutor who explains things step by step.",
    "You are a senior Python engineer reviewing code for bugs and style.",
    "Du bist ein hilfreicher Assistent. Antworte kurz und höflich.",
    "You translate English into French, keeping the tone of the original.",
)
BAD_ROLES = ("human", "bot", "Assistant", "gpt", "model")


@dataclass
class Spec:
    """Everything that determines a dataset's bytes; compared field by field to decide reuse."""

    kind: str  # "chat" or "pc" (prompt/completion)
    seed: int
    records: int = 0  # number of lines to write; 0 means "until target_bytes is reached"
    target_bytes: int = 0
    defect_rate: float = 0.005
    dup_rate: float = 0.003
    version: int = GENERATOR_VERSION


@dataclass
class Stats:
    """What was written, so ftlint's findings can be compared with what was injected."""

    lines: int = 0
    bytes: int = 0
    duplicates: int = 0
    defects: dict[str, int] = field(default_factory=dict)


class TextGen:
    """English-ish sentences drawn from the Zipf-weighted vocabulary."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def sentences(self, n_words: int) -> str:
        rng = self.rng
        rand = rng.random
        words = rng.choices(_TABLE, k=n_words)
        out: list[str] = []
        i = 0
        while i < n_words:
            # int(random() * n) rather than randint/choice: same determinism, a third of the cost.
            length = 5 + int(rand() * 14)
            s = words[i : i + length]
            i += length
            if len(s) > 8:
                s[2 + int(rand() * (len(s) - 4))] += ","
            s[0] = s[0].capitalize()
            out.append(" ".join(s) + _PUNCT[int(rand() * len(_PUNCT))])
        return " ".join(out)

    def answer(self, n_words: int) -> str:
        """A multi-paragraph reply, sometimes with a bullet list or a code block, like real assistants."""
        rng = self.rng
        paragraphs = max(1, n_words // 60)
        parts = [self.sentences(max(5, n_words // paragraphs)) for _ in range(paragraphs)]
        roll = rng.random()
        if roll < 0.15:
            parts.append("\n".join(f"- {self.sentences(rng.randint(4, 10))}" for _ in range(rng.randint(2, 5))))
        elif roll < 0.22:
            parts.append(f"```python\ndef {rng.choice(VOCAB[:200])}(x):\n    return x * {rng.randint(2, 99)}\n```")
        return "\n\n".join(parts)


def _chat_record(tg: TextGen) -> dict[str, Any]:
    rng = tg.rng
    messages: list[dict[str, Any]] = []
    roll = rng.random()
    if roll < 0.85:
        messages.append({"role": "system", "content": SYSTEM_SHARED})
    elif roll < 0.95:
        messages.append({"role": "system", "content": rng.choice(SYSTEM_OTHERS)})
    turns = rng.choices((1, 2, 3), weights=(75, 20, 5))[0]
    for _ in range(turns):
        messages.append({"role": "user", "content": tg.sentences(rng.randint(10, 50))})
        messages.append({"role": "assistant", "content": tg.answer(rng.randint(50, 230))})
    return {"messages": messages}


def _chat_defect(rng: random.Random, rec: dict[str, Any]) -> tuple[str, dict[str, Any] | None]:
    """Break a record in one of the ways real datasets break; None means "emit invalid JSON"."""
    kind = rng.choice(("bad_role", "missing_assistant", "invalid_json", "empty_content"))
    msgs = rec["messages"]
    if kind == "bad_role":
        rng.choice(msgs)["role"] = rng.choice(BAD_ROLES)
    elif kind == "missing_assistant":
        rec["messages"] = [m for m in msgs if m["role"] != "assistant"]
    elif kind == "empty_content":
        rng.choice([m for m in msgs if m["role"] != "system"])["content"] = rng.choice(("", "   "))
    else:
        return kind, None
    return kind, rec


def _pc_record(tg: TextGen) -> dict[str, Any]:
    rng = tg.rng
    prompt = tg.sentences(rng.randint(25, 125)) + "\n\n###\n\n"
    return {"prompt": prompt, "completion": " " + tg.answer(rng.randint(110, 290)) + " END"}


def _pc_defect(rng: random.Random, rec: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """Soft defects only: lint findings, but still valid for the Together checker, which then reads the
    whole file instead of stopping at the first error (see README)."""
    kind = rng.choice(("no_separator", "no_stop", "no_leading_space", "empty_completion"))
    if kind == "no_separator":
        rec["prompt"] = rec["prompt"].removesuffix("\n\n###\n\n")
    elif kind == "no_stop":
        rec["completion"] = rec["completion"].removesuffix(" END")
    elif kind == "no_leading_space":
        rec["completion"] = rec["completion"].lstrip()
    else:
        rec["completion"] = ""
    return kind, rec


def _chunk(spec: Spec, index: int, n_records: int) -> tuple[bytes, Stats]:
    """Chunk `index` of the dataset: `n_records` lines joined by newlines, plus what went into them.

    Each chunk has its own seed, so the file is identical whatever the number of worker processes.
    """
    rng = random.Random(spec.seed * 1_000_003 + index)
    tg = TextGen(rng)
    make = _chat_record if spec.kind == "chat" else _pc_record
    pool: list[bytes] = []  # earlier clean lines of this chunk that exact duplicates are copied from
    defects: Counter[str] = Counter()
    stats = Stats()
    lines: list[bytes] = []
    for _ in range(n_records):
        roll = rng.random()
        if pool and roll < spec.dup_rate:
            line = rng.choice(pool)
            stats.duplicates += 1
        else:
            rec = make(tg)
            if roll > 1.0 - spec.defect_rate:
                kind, broken = _chat_defect(rng, rec) if spec.kind == "chat" else _pc_defect(rng, rec)
                defects[kind] += 1
                if broken is None:  # invalid JSON: a line cut short mid-record, as from a bad concat
                    # Cut between characters, not bytes: a cut inside a multi-byte character would also
                    # make the line invalid UTF-8, a different defect (and Together rejects the file
                    # outright for it).
                    full = orjson.dumps(rec).decode()
                    line = full[: rng.randrange(10, len(full) - 10)].encode()
                else:
                    line = orjson.dumps(broken)
            else:
                line = orjson.dumps(rec)
                pool.append(line)
        lines.append(line)
    blob = b"\n".join(lines) + b"\n"
    stats.lines, stats.bytes, stats.defects = n_records, len(blob), dict(defects)
    return blob, stats


def _chunk_sizes(spec: Spec) -> Iterator[int]:
    """Records per chunk: exactly `spec.records` in total, or unbounded when sized by bytes."""
    if spec.records:
        full, rest = divmod(spec.records, CHUNK_RECORDS)
        yield from [CHUNK_RECORDS] * full + ([rest] if rest else [])
    else:
        while True:
            yield CHUNK_RECORDS


def write_dataset(spec: Spec, path: Path, workers: int | None = None) -> Stats:
    """Stream the dataset to `path` chunk by chunk, generating chunks on all cores, in order.

    A byte-sized dataset stops after the first whole chunk that reaches `target_bytes`, so its
    length is deterministic too.  At most 2 chunks per worker are in flight, keeping memory flat.
    """
    workers = workers or os.cpu_count() or 1
    total = Stats()
    defects: Counter[str] = Counter()
    sizes = enumerate(_chunk_sizes(spec))
    with path.open("wb") as f, ProcessPoolExecutor(workers) as ex:
        pending: deque[Future[tuple[bytes, Stats]]] = deque()
        while True:
            while len(pending) < 2 * workers and (nxt := next(sizes, None)) is not None:
                pending.append(ex.submit(_chunk, spec, *nxt))
            if not pending:
                break
            blob, st = pending.popleft().result()
            f.write(blob)
            total.lines += st.lines
            total.bytes += st.bytes
            total.duplicates += st.duplicates
            defects.update(st.defects)
            if spec.target_bytes and total.bytes >= spec.target_bytes:
                for fut in pending:
                    fut.cancel()
                break
    total.defects = dict(sorted(defects.items()))
    return total


def _load_manifest(path: Path) -> dict[str, Any]:
    try:
        return orjson.loads(path.read_bytes())
    except (OSError, orjson.JSONDecodeError):
        return {}


def ensure_dataset(
    work: Path,
    name: str,
    spec: Any,
    log: Callable[[str], None] = print,
    write: Callable[[Path], Stats] | None = None,
) -> tuple[Path, Stats]:
    """Return the path and stats of dataset `name`, generating it unless an identical one exists.

    `spec` is a dataclass holding everything that determines the bytes (compared field by field for
    reuse); `write` makes the file at a given path (default: this module's generator for a `Spec`).
    """
    write = write or (lambda tmp: write_dataset(spec, tmp))
    path = work / f"{name}.jsonl"
    manifest_path = work / "datasets.json"
    entry = _load_manifest(manifest_path).get(name)
    if (
        entry
        and entry.get("spec") == asdict(spec)
        and path.is_file()
        and path.stat().st_size == entry["stats"]["bytes"]
    ):
        log(f"  reusing {path.name} ({entry['stats']['bytes'] / 1e6:.0f} MB)")
        return path, Stats(**entry["stats"])
    log(f"  generating {path.name} ...")
    t0 = time.perf_counter()
    tmp = path.with_suffix(".jsonl.partial")
    stats = write(tmp)
    os.replace(tmp, path)
    manifest = _load_manifest(manifest_path)  # other entries must survive the rewrite
    manifest[name] = {"spec": asdict(spec), "stats": asdict(stats)}
    manifest_path.write_bytes(orjson.dumps(manifest, option=orjson.OPT_INDENT_2))
    log(
        f"    {stats.lines} lines, {stats.bytes / 1e6:.1f} MB in {time.perf_counter() - t0:.0f} s, "
        f"{stats.duplicates} duplicates, defects {stats.defects}"
    )
    return path, stats
