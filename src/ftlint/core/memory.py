"""Room to read or write a large value with orjson, under a memory limit (`ulimit -v`).

orjson does not check every allocation it makes: when one fails it may report "Not enough memory"
(see `jsondoc.raise_if_out_of_memory`) or crash the process outright (a segmentation fault, in
`loads` and in `dumps`). Without a limit the kernel overcommits and that never happens; under
`RLIMIT_AS` or `RLIMIT_DATA` it does. Measured with orjson 3.x: reading or writing a value of N
bytes takes up to about 16 N bytes of address space. So, under a limit, before orjson touches a
value of a megabyte or more, `ensure_room` reserves that much address space (without touching
it) and gives it back at once; if the reservation fails, the run stops with a MemoryError, an error
of the run (exit 2), never a finding about the record and never a reason to drop it.
"""

from __future__ import annotations

import functools
import mmap
import resource

LARGE_BYTES = 1 << 20  # below this, orjson's needs are lost in the noise
ORJSON_FACTOR = 16


@functools.cache
def memory_limited() -> bool:
    """Whether this process has an address-space or data-size limit (`ulimit -v`, `ulimit -d`)."""
    return any(resource.getrlimit(kind)[0] != resource.RLIM_INFINITY
               for kind in (resource.RLIMIT_AS, resource.RLIMIT_DATA))


def ensure_room(size: int) -> None:
    """MemoryError unless orjson has room to read or write a value of `size` bytes (checked only
    under a limit, and only for large values)."""
    if size < LARGE_BYTES or not memory_limited():
        return
    try:
        # Private and writable, as a heap allocation is: counted by both limits, and never touched.
        mmap.mmap(-1, size * ORJSON_FACTOR, flags=mmap.MAP_PRIVATE).close()
    except (OSError, OverflowError, ValueError):
        raise MemoryError(f"no room under the memory limit to read a value of {size:,} bytes") from None
