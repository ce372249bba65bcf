"""The console entry point pauses the cycle collector for start-up; a command's run turns it back on, and a
session built outside a command leaves it alone."""

from __future__ import annotations

import gc
import subprocess
import sys
from pathlib import Path

from ftlint.commands.check import Run
from ftlint.commands.settings import Flags

REPO = Path(__file__).resolve().parents[1]


def test_a_command_resumes_a_paused_collector_with_start_up_objects_frozen() -> None:
    gc.disable()
    try:
        Run.from_flags(Flags())
        assert gc.isenabled()
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
        gc.enable()


def test_a_check_through_the_entry_point_runs_with_the_collector_on(tmp_path: Path) -> None:
    # A command's run is the one place the collector comes back: a check run through the entry
    # point must end with it on, or a long run would never collect a cycle.
    probe = (
        "import gc, sys\n"
        "import ftlint.core.session as session\n"
        "real = session.check_inputs\n"
        "def spy(*args, **kwargs):\n"
        "    print('collector on' if gc.isenabled() else 'collector off', file=sys.stderr)\n"
        "    return real(*args, **kwargs)\n"
        "session.check_inputs = spy\n"
        "from ftlint.launch import main\n"
        "sys.argv = ['ftlint', 'check', sys.argv[1]]\n"
        "main()\n"
    )
    data = tmp_path / "data.jsonl"
    data.write_text('{"messages": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "yo"}]}\n')
    done = subprocess.run([sys.executable, "-c", probe, str(data)], capture_output=True, text=True, cwd=tmp_path)
    assert "collector on" in done.stderr, done.stderr


def test_a_session_built_outside_a_command_leaves_the_collector_alone(tmp_path: Path) -> None:
    from tests.conftest import check_paths

    data = tmp_path / "data.jsonl"
    data.write_text('{"messages": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "yo"}]}\n')
    frozen = gc.get_freeze_count()
    gc.disable()
    try:
        check_paths([data])
        assert not gc.isenabled() and gc.get_freeze_count() == frozen
    finally:
        gc.enable()
