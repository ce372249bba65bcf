"""The Executor seam: any executor that yields each chunk's result with its index, in any order, gives
the same check; the local pool leaves the garbage collector as it found it."""

from __future__ import annotations

import gc
import json
import random
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from ftlint.core.engine.executor import InProcess, LocalPool, choose_executor
from ftlint.core.engine.pack import RulePack
from ftlint.core.engine.worker import ChunkTask
from tests.conftest import check_paths


class Shuffled:
    """An executor that runs every task here but hands the results back in a random order, as a
    cluster would."""

    decodes_in_tasks = False

    def __init__(self, seed: int) -> None:
        self.seed, self.calls = seed, 0

    def map(self, chunk_fn: Any, pack: RulePack, tasks: Sequence[ChunkTask]) -> Iterator[tuple[int, Any]]:
        self.calls += 1
        results = list(InProcess().map(chunk_fn, pack, tasks))
        random.Random(self.seed).shuffle(results)
        return iter(results)


def _data(path: Path, records: int) -> Path:
    rng = random.Random(3)
    with path.open("w", encoding="utf-8") as out:
        for number in range(records):
            if number % 97 == 5:
                out.write('{"messages": [\n')  # invalid JSON, at known lines
                continue
            answer = "" if number % 89 == 7 else f"answer {rng.randint(0, 30)}"  # empty ones, and duplicates
            out.write(json.dumps({"messages": [{"role": "user", "content": f"q {number % 400}"},
                                               {"role": "assistant", "content": answer}]}) + "\n")
    return path


def _summary(result: Any) -> list[tuple[str, int, str, str]]:
    return [(f.path, f.line, f.code, f.message) for f in result.findings]


def test_results_in_any_order_give_the_check_in_order(tmp_path: Path) -> None:
    path = _data(tmp_path / "data.jsonl", 3000)
    expected = check_paths([path], chunk_bytes=8 << 10, jobs=1)
    assert {"DQ001", "FL005", "CH004"} <= {f.code for f in expected.findings} and expected.records > 2900
    for seed in range(3):
        shuffled = Shuffled(seed)
        result = check_paths([path], chunk_bytes=8 << 10, executor=shuffled)
        assert shuffled.calls == 1
        # DQ001 reads the feature table: its lines are right only when the chunks were folded in order.
        assert _summary(result) == _summary(expected)


def test_the_local_pool_gives_the_same_check_and_unfreezes_what_it_froze(tmp_path: Path) -> None:
    path = _data(tmp_path / "data.jsonl", 3000)
    expected = check_paths([path], chunk_bytes=8 << 10, jobs=1)
    assert gc.get_freeze_count() == 0  # pytest, like a notebook, never froze anything
    result = check_paths([path], chunk_bytes=8 << 10, executor=LocalPool(2))
    assert _summary(result) == _summary(expected)
    assert gc.get_freeze_count() == 0  # the pool froze the parent's objects for the fork, and let them go


def test_the_executor_is_chosen_by_the_size_of_the_input() -> None:
    small = [ChunkTask(0, "a", "a", 0, 1000, "chat"), ChunkTask(0, "a", "a", 1000, 2000, "chat")]
    big = [ChunkTask(0, "a", "a", 0, 8 << 20, "chat"), ChunkTask(0, "a", "a", 8 << 20, 16 << 20, "chat")]
    assert isinstance(choose_executor(2, small), InProcess)
    assert isinstance(choose_executor(1, big), InProcess)
    assert isinstance(choose_executor(2, big[:1]), InProcess)
    chosen = choose_executor(2, big)
    assert isinstance(chosen, LocalPool) and chosen.jobs == 2
