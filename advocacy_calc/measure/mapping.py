"""Which column of an export holds which field: a guess from common names, and its checks.

A mapping is a plain dict {field name: column name or None}, JSON-serialisable, so it can be
shown in an editable table, kept in session state, downloaded and loaded again.
"""

import json
import re
from typing import Any

from ..errors import ScenarioError, check_json_depth, quoted
from .fields import KINDS, ExportKind

Mapping = dict[str, str | None]
MAPPING_VERSION = 1


def normalise(header: str) -> str:
    """'Shared at (UTC)' -> 'shared at utc'; 'utm_source' -> 'utm source'; 'DateShared' -> 'date shared'."""
    text = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", str(header).strip().removeprefix("\ufeff"))
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text.casefold()).split())


def guess_mapping(columns: list[str], kind: str | ExportKind) -> Mapping:
    """The likeliest column for every field of `kind`; None where nothing fits.

    Pass 1 takes exact matches with a field's common names (in the order the names are
    listed: earlier names are the better evidence); pass 2 takes headers that contain a
    name as whole words ('Date shared (UTC)' holds 'date shared'). A column serves one field.
    """
    spec = KINDS[kind] if isinstance(kind, str) else kind
    norm = {c: normalise(c) for c in columns}
    found: Mapping = {f.name: None for f in spec.fields}
    used: set[str] = set()

    def take(score_of) -> None:
        candidates = []
        for fi, f in enumerate(spec.fields):
            if found[f.name] is not None:
                continue
            for ci, col in enumerate(columns):
                if col in used:
                    continue
                score = score_of(f, norm[col])
                if score is not None:
                    candidates.append((score, fi, ci, f.name, col))
        for *_, name, col in sorted(candidates):
            if found[name] is None and col not in used:
                found[name] = col
                used.add(col)

    def exact(f, header):
        names = [normalise(s) for s in (f.name, *f.synonyms)]
        return names.index(header) if header in names else None

    def contains(f, header):
        words = f" {header} "
        hits = [(-len(s), i) for i, s in enumerate(normalise(s) for s in (f.name, *f.synonyms))
                if len(s) > 2 and f" {s} " in words]
        return min(hits) if hits else None

    take(exact)
    take(contains)
    return found


def mapping_problems(mapping: Mapping, columns: list[str], kind: str, label: str) -> list[str]:
    """Required fields left unmapped, and columns that are not in the file."""
    spec = KINDS[kind]
    problems = []
    for f in spec.fields:
        col = mapping.get(f.name)
        if col is not None and col not in columns:
            problems.append(f"{label}: column {quoted(col)} (mapped to {f.name}) is not in the file; "
                            f"its columns are {', '.join(map(quoted, columns[:12]))}")
        elif col is None and f.required:
            problems.append(f"{label}: no column for required field '{f.name}' ({f.meaning}); "
                            f"map one of its columns ({', '.join(map(quoted, columns[:12]))})")
    for group in spec.one_of:
        if not any(mapping.get(name) for name in group):
            problems.append(f"{label}: map a column to at least one of {', '.join(group)}")
    return problems


def mappings_to_json(mappings: dict[str, Mapping]) -> str:
    return json.dumps({"version": MAPPING_VERSION, **{k: mappings[k] for k in KINDS if k in mappings}}, indent=2)


def mappings_from_json(text: str | bytes) -> dict[str, Mapping]:
    """A saved mapping file back into {kind: mapping}; ScenarioError naming what is wrong."""
    check_json_depth(text, "mapping")
    try:
        data: Any = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise ScenarioError([f"mapping: not valid JSON ({exc})"]) from None
    if isinstance(data, dict):
        data = {k: v for k, v in data.items() if k != "version"}
    problems = stored_mapping_problems(data, "mapping")
    if problems:
        raise ScenarioError(problems)
    return {kind: {f: mapping.get(f) for f in KINDS[kind].names} for kind, mapping in data.items()}


def stored_mapping_problems(data: Any, where: str) -> list[str]:
    """Problems of a stored {kind: {field: column or null}}, each naming its path under `where`.

    The one check for a mapping file and for a scenario's `import_mapping` (scenario.py).
    """
    if not isinstance(data, dict):
        return [f"{where}: must be a JSON object of export kinds"]
    problems = []
    for kind, mapping in data.items():
        if kind not in KINDS:
            problems.append(f"{where}: {_key(repr(kind))} is not an export kind (use {', '.join(KINDS)})")
            continue
        if not isinstance(mapping, dict):
            problems.append(f"{where}.{kind}: must be an object of field: column")
            continue
        names = KINDS[kind].names
        for field, col in mapping.items():
            if field not in names:
                problems.append(f"{where}.{kind}.{_key(field)}: not a field of {kind} (use {', '.join(names)})")
            elif col is not None and not isinstance(col, str):
                problems.append(f"{where}.{kind}.{field}: must be a column name or null")
    return problems


def _key(name: str) -> str:
    """A name from the file, for a one-line message: printable and at most 60 characters."""
    text = name if name and name.isprintable() else repr(name)
    return text if len(text) <= 60 else text[:57] + "..."
