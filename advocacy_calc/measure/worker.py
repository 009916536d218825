"""Reading an export in a separate, long-lived process with a memory and time limit (the app and the CLI).

advocacy_calc.measure.sheetguard refuses hostile workbooks before anything is allocated; this is the
backstop for what it cannot foresee. A Rust allocation failure inside python-calamine aborts the
process that made it and cannot be caught: here that process is the worker, never the server or the
CLI. The worker is a fresh interpreter (not forked from a threaded server), started on first use; it
reads one file at a time under RLIMIT_AS and is started again after it dies or overruns the time limit.
"""

import ctypes
import logging
import os
import subprocess
import sys
import threading
from multiprocessing.connection import Connection
from pathlib import Path

try:
    import resource
except ImportError:  # Windows: no RLIMIT_AS; the CLI then reads in its own process (AVAILABLE)
    resource = None

from ..errors import ScenarioError
from .reading import RawTable, display_name, read_table

log = logging.getLogger("advocacy.uploads")

# RLIMIT_AS and passing pipes to a child need POSIX; elsewhere (Windows) a door reads in its own process.
AVAILABLE = os.name == "posix" and resource is not None

WORKER_MEMORY_BYTES = 1536 * 2**20  # address space of the worker (pandas and pyarrow loaded: ~0.4 GB)
READ_SECONDS = 60
START_SECONDS = 120  # importing pandas on a busy 2-core machine
_ROOT = str(Path(__file__).resolve().parents[2])


def _worker_main(conn, memory_bytes: int, out) -> None:  # pragma: no cover - runs in the child process
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # an abort leaves no 1 GB core file behind
    out.send(("ready", None, 0))  # imports done: the time limit covers reading only
    while True:
        try:
            data, filename = conn.recv()
        except (EOFError, OSError):
            return
        try:
            raw = read_table(data, filename)
            size = int(raw.frame.memory_usage(deep=True, index=True).sum())
            answer: tuple = ("ok", raw, size)
        except ScenarioError as exc:
            answer = ("problems", exc.problems, 0)
        except MemoryError:
            answer = ("memory", None, 0)
        except Exception as exc:  # a reader bug must not end the worker's loop
            answer = ("error", f"{type(exc).__name__}: {str(exc)[:200]}", 0)
        del data
        try:
            out.send(answer)
        except MemoryError:
            out.send(("memory", None, 0))
        del answer
        trim_memory()


def trim_memory() -> None:
    """Give freed heap back to the OS (glibc keeps it otherwise); a no-op where there is no glibc."""
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


class ReaderWorker:
    """One worker process; one read at a time (this machine has two cores and many sessions)."""

    def __init__(self, memory_bytes: int = WORKER_MEMORY_BYTES, seconds: float = READ_SECONDS, quiet: bool = False):
        self.memory_bytes = memory_bytes
        self.seconds = seconds
        # quiet (the CLI): the refusal is the command's one line; no log, no reader's crash report on stderr.
        self.quiet = quiet
        self._lock = threading.Lock()
        self._process: subprocess.Popen | None = None
        self._conn: Connection | None = None
        self._send: Connection | None = None

    def _start(self) -> None:
        # A fresh interpreter (`python -m`), not a fork of the threaded server and not multiprocessing's
        # spawn, which would import the server's __main__ again; messages are pickled over two pipes.
        to_child_r, to_child_w = os.pipe()
        from_child_r, from_child_w = os.pipe()
        self._process = subprocess.Popen(
            [sys.executable, "-m", "advocacy_calc.measure.worker", str(to_child_r), str(from_child_w),
             str(self.memory_bytes)], pass_fds=(to_child_r, from_child_w), stdin=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL if self.quiet else None, cwd=_ROOT, close_fds=True)
        os.close(to_child_r)
        os.close(from_child_w)
        self._send = Connection(to_child_w, readable=False)
        self._conn = Connection(from_child_r, writable=False)
        if not self._conn.poll(START_SECONDS) or self._conn.recv()[0] != "ready":
            raise EOFError("the reader did not start")

    def _stop(self) -> None:
        if self._process is not None:
            if self._process.poll() is None:
                self._process.kill()
            self._process.wait(5)
        for conn in (self._send, self._conn):
            if conn is not None:
                conn.close()
        self._process = self._conn = self._send = None

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None and self._process.poll() is None else None

    def read(self, data: bytes, filename: str) -> tuple[RawTable, int]:
        """The parsed table and its size in bytes; ScenarioError with one sentence on any failure."""
        label = display_name(filename)
        with self._lock:
            try:
                if self._process is None or self._process.poll() is not None:
                    self._stop()
                    self._start()
                self._send.send((data, filename))
                ready = self._conn.poll(self.seconds)
                answer = self._conn.recv() if ready else None
            except (EOFError, OSError, BrokenPipeError):
                answer = ("died", None, 0)
            if answer is None:
                self._log(logging.WARNING, "file %s refused: reading took over %s s; the reader was restarted",
                          label, self.seconds)
                self._stop()
                raise ScenarioError([f"{label}: reading took longer than {self.seconds:g} s, the limit for one "
                                     "file; export a shorter period or fewer columns, or save it as CSV"])
            kind, value, size = answer
            if kind == "died" or kind == "memory":
                code = self._process.poll() if self._process is not None else None
                self._log(logging.WARNING, "file %s refused: the reader ran out of its %d MB (exit code %s); "
                          "restarted",
                            label, self.memory_bytes // 2**20, code)
                self._stop()
                raise ScenarioError([f"{label}: reading it needs more than the {self.memory_bytes // 2**20:,} MB "
                                     "allowed for one file; export a shorter period or fewer columns, or save it "
                                     "as CSV"])
            if kind == "error":
                self._log(logging.ERROR, "file %s: reader error %s", label, value)
                raise ScenarioError([f"{label}: could not be read ({value}); save it again or export CSV"])
            if kind == "problems":
                self._log(logging.WARNING, "file %s refused: %s", label, "; ".join(value)[:500])
                raise ScenarioError(value)
            return value, size

    def close(self) -> None:
        with self._lock:
            self._stop()

    def _log(self, level: int, message: str, *args) -> None:
        if not self.quiet:
            log.log(level, message, *args)


if __name__ == "__main__":  # pragma: no cover - the worker process
    _worker_main(Connection(int(sys.argv[1]), writable=False), int(sys.argv[3]),
                 Connection(int(sys.argv[2]), readable=False))
