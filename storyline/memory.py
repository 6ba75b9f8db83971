"""How a long-running process that works on big arrays asks the C allocator to keep freed memory for reuse.

Every filter change builds dozens of temporary arrays of a few megabytes (codes, masks, keys over up to 1.6M
mentions). By default glibc hands each one back to the system when it is freed and the next one is faulted in
again page by page; on the virtual machines we measured, those page faults were half the time of a co-occurrence
query at 50,000 articles (benchmarks/NOTES.md). Keeping up to RETAINED_BYTES of freed memory, in ARENAS arena(s),
bounds what the process holds on to beyond what it uses.
"""
from __future__ import annotations

import ctypes
import ctypes.util

# mallopt parameter numbers from glibc's malloc.h.
M_TRIM_THRESHOLD, M_TOP_PAD, M_MMAP_THRESHOLD, M_ARENA_MAX = -1, -2, -3, -8

ARRAY_BYTES = 32 << 20     # blocks up to this size come from the reusable heap (glibc allows at most 32 MiB)
RETAINED_BYTES = 64 << 20  # free memory the arena keeps before handing it back
ARENAS = 1                 # one arena for every thread: what is retained is retained once


def keep_freed_arrays() -> bool:
    """Set the allocator so freed arrays are reused instead of returned and faulted in again; False (nothing
    changed) where the C library is not glibc."""
    path = ctypes.util.find_library("c")
    try:
        mallopt = ctypes.CDLL(path).mallopt if path else None
    except (OSError, AttributeError):
        return False
    if mallopt is None:
        return False
    settings = ((M_ARENA_MAX, ARENAS), (M_MMAP_THRESHOLD, ARRAY_BYTES), (M_TRIM_THRESHOLD, RETAINED_BYTES),
                (M_TOP_PAD, 16 << 20))
    return all(mallopt(parameter, value) == 1 for parameter, value in settings)
