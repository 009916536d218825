"""The public figures behind every default, loaded from data/benchmarks.json.

Each benchmark is a low / base / high range with its source, date and provenance grade
(V verified, S secondary, U unverified), so the app can show where a default comes from.
"""

import json
from functools import cache
from importlib import resources
from typing import Literal

from pydantic import BaseModel, ConfigDict, model_validator

Grade = Literal["V", "S", "U"]
GRADE_MEANING = {
    "V": "verified in a primary or vendor source",
    "S": "secondary: quoted by someone else",
    "U": "unverified: original never found, or illustrative",
}


# The sources without a publication to cite: every file and page names them by these names alone
# ("Practitioner article 1 (V)", "Practitioner article 1: its worked example") and describes them in
# these words once, where the sources are listed (docs/model.md section 9, the workbook's note, the
# slides' notes, the app's sources), so no file gives one a description another lacks.
DESCRIBED_SOURCES = {
    "Practitioner article 1": "Practitioner article 1, on brand awareness and demand generation (title, author, "
                              "publisher and date not known)",
}


def source_descriptions(sources) -> list[str]:
    """The descriptions of the described sources among `sources` (texts that cite them), in order."""
    texts = list(sources)
    return [words for name, words in DESCRIBED_SOURCES.items() if any(t.startswith(name) for t in texts)]


class Benchmark(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    label: str
    unit: str
    low: float
    base: float
    high: float
    grade: Grade
    date: str
    source: str
    url: str
    note: str

    @model_validator(mode="after")
    def _ordered(self) -> "Benchmark":
        if not self.low <= self.base <= self.high:
            raise ValueError(f"{self.id}: low <= base <= high does not hold")
        return self

    @property
    def citation(self) -> str:
        """One line for a tooltip: source, date, grade."""
        return f"{self.source} ({self.date}; grade {self.grade}: {GRADE_MEANING[self.grade]})"


class UnverifiedClaim(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    claim: str
    attributed_to: str
    grade: Grade


@cache
def _load() -> tuple[dict[str, Benchmark], tuple[UnverifiedClaim, ...]]:
    raw = json.loads(resources.files("advocacy_calc").joinpath("data/benchmarks.json").read_text("utf-8"))
    entries = {e["id"]: Benchmark.model_validate(e) for e in raw["entries"]}
    claims = tuple(UnverifiedClaim.model_validate(c) for c in raw["never_multiply"])
    return entries, claims


def benchmarks() -> dict[str, Benchmark]:
    return _load()[0]


def benchmark(benchmark_id: str) -> Benchmark:
    return benchmarks()[benchmark_id]


def unverified_claims() -> tuple[UnverifiedClaim, ...]:
    return _load()[1]


# Which benchmark backs the default of each scenario field (field paths as in URLs and ranges).
_FIELD_BENCHMARK = {
    "participants": "participants",
    "share_rate": "share_rate",
    "stories_per_day": "stories_per_day",
    "working_days_per_month": "working_days_per_month",
    "demand.cost_per_lead": "demand.cost_per_lead",
    "demand.advocacy_leads_per_month": "demand.advocacy_leads_per_month",
    "demand.landing_conversion_rate": "demand.landing_conversion_rate",
    "demand.sql_to_won": "demand.sql_to_won",
    "hiring.cost_per_hire": "hiring.cost_per_hire",
    "hiring.referral_cost_per_hire": "hiring.referral_cost_per_hire",
    "cost.seat_cost_per_month": "cost.seat_cost_per_month",
    "workforce": "adoption",
}


def benchmark_for(field_path: str) -> Benchmark | None:
    """The benchmark behind a field path such as 'share_rate' or 'networks.LinkedIn.cpm'."""
    table = benchmarks()
    if field_path in table:
        return table[field_path]
    if field_path.startswith("networks."):
        attribute = field_path.rsplit(".", 1)[-1]
        return table.get(attribute)  # e.g. visibility, connections
    bid = _FIELD_BENCHMARK.get(field_path)
    return table.get(bid) if bid else None
