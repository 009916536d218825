"""One export from bytes to typed fields: read, guess or apply the mapping, parse. Bytes in, data out."""

from dataclasses import dataclass
from typing import Callable

import pandas as pd

from ..errors import ScenarioError
from .mapping import Mapping, guess_mapping
from .metrics import Exports
from .parsing import prepare
from .reading import MAX_EXPORT_BYTES, RawTable, read_table


@dataclass(frozen=True)
class Loaded:
    kind: str
    label: str
    frame: pd.DataFrame
    mapping: Mapping
    rows: int


# How a door reads one export's bytes: read_table here, or in a worker process with a memory limit (the CLI).
Reader = Callable[[bytes, str, int], RawTable]


def load_export(data: bytes, filename: str, kind: str, mapping: Mapping | None = None,
                max_bytes: int = MAX_EXPORT_BYTES, read: Reader = read_table) -> Loaded:
    """Read and parse one export; the mapping is guessed when not given. ScenarioError on any problem."""
    raw = read(data, filename, max_bytes)
    return load_raw(raw, kind, mapping)


def load_raw(raw: RawTable, kind: str, mapping: Mapping | None = None) -> Loaded:
    mapping = dict(mapping) if mapping is not None else guess_mapping(raw.columns, kind)
    frame = prepare(raw, kind, mapping)
    return Loaded(kind, raw.label, frame, mapping, len(frame))


def load_all(files: dict[str, tuple[str, bytes]], mappings: dict[str, Mapping] | None = None,
             max_bytes: int = MAX_EXPORT_BYTES, read: Reader = read_table
             ) -> tuple[Exports, dict[str, Loaded], dict[str, list[str]]]:
    """Every given export; a file with problems is left out entirely and its problems returned."""
    loaded: dict[str, Loaded] = {}
    problems: dict[str, list[str]] = {}
    for kind, (name, data) in files.items():
        try:
            loaded[kind] = load_export(data, name, kind, (mappings or {}).get(kind), max_bytes, read)
        except ScenarioError as exc:
            problems[kind] = exc.problems
    exports = Exports(**{kind: item.frame for kind, item in loaded.items()})
    return exports, loaded, problems
