"""JSON export and import of one scenario or the whole library.

An export is one document, `{"format": "advocacy-scenario-library", "scenarios": [...]}`, each
entry with its name, author, notes, times and the scenario itself (with its model `version`).
An import takes that document, or a bare scenario file (what `advocacy-calc example` writes),
checks everything first (size, JSON, every entry through the migration and the pydantic model),
and reports every problem naming the entry and the field. Only a clean file reaches the store,
which writes it in one transaction: an invalid import changes nothing.
"""

import json
from datetime import datetime
from typing import Any, Iterable

from advocacy_calc.errors import ScenarioError, check_json_depth
from advocacy_calc.parse import parse_scenario_json
from advocacy_calc.migrate import load_scenario

from .schema import AUTHOR_MAX, NOTES_MAX, name_key
from .store import Entry, ImportItem, StoreError, clean_name, clean_text, now

FORMAT = "advocacy-scenario-library"
FORMAT_VERSION = 1
MAX_IMPORT_BYTES = 5 * 1_000_000  # the uploader's max_upload_size: its browser side counts 1 MB as 10^6 bytes
MAX_IMPORT_ENTRIES = 1000


class ImportProblems(ValueError):
    """An import file that cannot be used: one line per problem, naming the entry and the field."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


def export_document(entries: Iterable[Entry]) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "exported_at": now().isoformat(timespec="seconds"),
        "scenarios": [
            {"name": e.name, "author": e.author, "notes": e.notes, "model_version": e.model_version,
             "created_at": _iso(e.created_at), "updated_at": _iso(e.updated_at), "scenario": e.data}
            for e in entries
        ],
    }


def export_json(entries: Iterable[Entry]) -> bytes:
    return json.dumps(export_document(entries), indent=2, ensure_ascii=False).encode("utf-8")


def parse_import(raw: bytes | str, default_name: str = "Imported scenario") -> list[ImportItem]:
    """Every scenario of an import file, validated; ImportProblems listing every problem otherwise."""
    size = len(raw.encode("utf-8") if isinstance(raw, str) else raw)
    if size > MAX_IMPORT_BYTES:
        raise ImportProblems([f"file: {size / 1e6:.1f} MB is larger than the "
                              f"{MAX_IMPORT_BYTES // 1_000_000} MB limit for an import"])
    if size == 0:
        raise ImportProblems(["file: is empty"])
    try:
        check_json_depth(raw, "file")
    except ScenarioError as exc:
        raise ImportProblems(exc.problems) from None
    try:
        doc = json.loads(raw)
    except (ValueError, RecursionError):
        # The scenario parser words JSON errors with their line and column.
        try:
            parse_scenario_json(raw)
        except ScenarioError as exc:
            raise ImportProblems([p.replace("scenario: ", "file: ", 1) for p in exc.problems]) from None
        raise ImportProblems(["file: not valid JSON"]) from None
    if isinstance(doc, dict) and "scenarios" in doc:
        return _parse_library(doc)
    if isinstance(doc, dict) and "format" not in doc:
        name = doc.get("name") or default_name
        return [_item("scenario", {"name": name, "scenario": doc})]
    raise ImportProblems(["file: is neither a scenario library export (an object with \"scenarios\") "
                          "nor a scenario (an object of model fields)"])


def _parse_library(doc: dict) -> list[ImportItem]:
    if doc.get("format", FORMAT) != FORMAT:
        raise ImportProblems([f"format: must be {FORMAT!r}, got {_short(doc.get('format'))}"])
    if doc.get("format_version", FORMAT_VERSION) != FORMAT_VERSION:
        raise ImportProblems([f"format_version: this app reads {FORMAT_VERSION}, got "
                              f"{_short(doc.get('format_version'))}"])
    entries = doc["scenarios"]
    if not isinstance(entries, list):
        raise ImportProblems(["scenarios: must be a list"])
    if not entries:
        raise ImportProblems(["scenarios: the file holds no scenario"])
    if len(entries) > MAX_IMPORT_ENTRIES:
        raise ImportProblems([f"scenarios: {len(entries):,} entries, at most {MAX_IMPORT_ENTRIES:,} per import"])
    items, problems, seen = [], [], {}
    for i, entry in enumerate(entries):
        where = f"scenarios[{i}]"
        if isinstance(entry, dict) and isinstance(entry.get("name"), str):
            where += f" ({_short(entry['name'])})"
        try:
            item = _item(where, entry)
        except ImportProblems as exc:
            problems += exc.problems
            continue
        key = name_key(item.name)
        if key in seen:
            problems.append(f"{where}: name: appears twice in the file (also {seen[key]})")
            continue
        seen[key] = where
        items.append(item)
    if problems:
        raise ImportProblems(problems)
    return items


def _item(where: str, entry: Any) -> ImportItem:
    if not isinstance(entry, dict):
        raise ImportProblems([f"{where}: must be an object with name and scenario"])
    problems = []
    texts = {}
    for field, check in (("name", clean_name),
                         ("author", lambda v: clean_text(v, "author", AUTHOR_MAX)),
                         ("notes", lambda v: clean_text(v, "notes", NOTES_MAX, one_line=False))):
        try:
            texts[field] = check(entry.get(field, "" if field != "name" else None))
        except StoreError as exc:
            problems.append(f"{where}: {exc}")
    scenario = None
    if "scenario" not in entry:
        problems.append(f"{where}: scenario: is required")
    else:
        try:
            scenario = load_scenario(entry["scenario"])
        except ScenarioError as exc:
            problems += [f"{where}: scenario.{p}" if not p.startswith("scenario") else f"{where}: {p}"
                         for p in exc.problems]
    if problems:
        raise ImportProblems(problems)
    return ImportItem(name=texts["name"], scenario=scenario, author=texts["author"], notes=texts["notes"])


def _iso(t: datetime | None) -> str | None:
    return t.isoformat(timespec="seconds") if t else None


def _short(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, default=str)
    text = "".join(c if c.isprintable() else "?" for c in text)
    return repr(text if len(text) <= 40 else text[:37] + "...")
