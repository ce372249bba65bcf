"""The console entry point, with the cycle collector paused during start-up.

Start-up makes a few hundred thousand long-lived objects (pydantic's schemas, click's commands, the
rule classes and their options) and no garbage cycles, yet the cycle collector walks the whole heap
again and again as it grows: about a sixth of a short run. So it is off from the first import until
a command has everything it needs (`resume_collector`); the objects made by then are frozen out of
its sight, and it is back on for the data work, where a long run may make cycles worth collecting.
A command that never calls `resume_collector` is one that does no data work and exits at once.
"""

from __future__ import annotations

import gc


def main() -> None:
    gc.disable()
    from ftlint.cli import main as run

    run()


def resume_collector() -> None:
    """Start-up is over: freeze what exists (it lives until exit) and let the collector run again."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()
