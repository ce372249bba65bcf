"""The console entry point pauses the cycle collector for start-up; the engine turns it back on."""

from __future__ import annotations

import gc
import subprocess
import sys
from pathlib import Path

from ftlint.commands.check import Engine
from ftlint.commands.settings import Flags

REPO = Path(__file__).resolve().parents[1]


def test_the_engine_resumes_a_paused_collector_with_start_up_objects_frozen() -> None:
    gc.disable()
    try:
        Engine.from_flags(Flags())
        assert gc.isenabled()
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
        gc.enable()


def test_a_check_through_the_entry_point_runs_with_the_collector_on(tmp_path: Path) -> None:
    # The engine's start is the one place the collector comes back: a check run through the entry
    # point must end with it on, or a long run would never collect a cycle.
    probe = (
        "import gc, sys\n"
        "import ftlint.commands.check as check\n"
        "real = check.check_inputs\n"
        "def spy(*args, **kwargs):\n"
        "    print('collector on' if gc.isenabled() else 'collector off', file=sys.stderr)\n"
        "    return real(*args, **kwargs)\n"
        "check.check_inputs = spy\n"
        "from ftlint.launch import main\n"
        "sys.argv = ['ftlint', 'check', sys.argv[1]]\n"
        "main()\n"
    )
    data = tmp_path / "data.jsonl"
    data.write_text('{"messages": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "yo"}]}\n')
    done = subprocess.run([sys.executable, "-c", probe, str(data)], capture_output=True, text=True, cwd=tmp_path)
    assert "collector on" in done.stderr, done.stderr
