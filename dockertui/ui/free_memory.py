"""Give memory back to the system after something big went away (a closed shell).

Python frees the objects, but the heap the allocator took stays with the process:
RSS stayed at its peak after a shell that printed megabytes was closed. A collection
and glibc's ``malloc_trim`` hand the free pages back; elsewhere only the collection
runs.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
from functools import lru_cache


@lru_cache(maxsize=1)
def _malloc_trim():
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        return libc.malloc_trim
    except (OSError, AttributeError):
        return None


def give_memory_back() -> None:
    gc.collect()
    trim = _malloc_trim()
    if trim is not None:
        trim(0)
