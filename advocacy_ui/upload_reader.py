"""Uploads are parsed in one long-lived worker process with a memory and time limit, and kept by size.

The worker (advocacy_calc.measure.worker, shared with the CLI) is the backstop behind the workbook
guard: a Rust allocation failure inside python-calamine aborts the worker, never the server.

Parsed tables are cached by content in a byte-bounded LRU (st.cache_data bounds entries, not bytes:
twelve 1M-row uploads kept 3.7 GB), and freed memory is handed back to the OS (malloc_trim).
"""

import hashlib
import threading
from collections import OrderedDict
from typing import Any, Callable

from advocacy_calc.errors import ScenarioError
from advocacy_calc.measure.reading import RawTable
from advocacy_calc.measure.worker import ReaderWorker, trim_memory

__all__ = ["ByteLRU", "ReaderWorker", "cached", "digest", "read_upload", "trim_memory"]

CACHE_BYTES = 512 * 2**20  # parsed uploads kept for reruns, all sessions together


class ByteLRU:
    """A thread-safe LRU bounded by the sizes its callers give (bytes), not by the number of entries."""

    def __init__(self, max_bytes: int):
        self.max_bytes = max_bytes
        self._items: OrderedDict[Any, tuple[Any, int]] = OrderedDict()
        self._lock = threading.Lock()
        self.bytes = 0

    def get(self, key: Any) -> Any:
        with self._lock:
            if key not in self._items:
                return None
            self._items.move_to_end(key)
            return self._items[key][0]

    def put(self, key: Any, value: Any, size: int) -> None:
        evicted = False
        with self._lock:
            if key in self._items:
                self.bytes -= self._items.pop(key)[1]
            if size <= self.max_bytes:
                self._items[key] = (value, size)
                self.bytes += size
            while self.bytes > self.max_bytes and self._items:
                self.bytes -= self._items.popitem(last=False)[1][1]
                evicted = True
        if evicted:
            trim_memory()

    def __len__(self) -> int:
        return len(self._items)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self.bytes = 0
        trim_memory()


_worker = ReaderWorker()
_cache = ByteLRU(CACHE_BYTES)


def cached(key: Any, compute: Callable[[], tuple[Any, int]]) -> Any:
    """The cached value for key, else compute() -> (value, size in bytes), cached within the byte bound."""
    hit = _cache.get(key)
    if hit is not None:
        return hit
    value, size = compute()
    _cache.put(key, value, size)
    return value


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_upload(data: bytes, filename: str) -> tuple[RawTable | None, list[str]]:
    """An upload parsed in the worker (or its problems), cached by content and name within the byte bound."""
    def compute() -> tuple[tuple[RawTable | None, list[str]], int]:
        try:
            raw, size = _worker.read(data, filename)
            return (raw, []), size
        except ScenarioError as exc:
            return (None, exc.problems), 1024
    return cached(("raw", digest(data), filename), compute)

