"""The project's model documentation (docs/model.md) as the Methodology page draws it.

The page is a view of the document, so the app and the repository cannot tell two stories: `##`
headings become page headers, a `$$ ... $$` line a typeset formula, other paragraphs markdown, and a
block between `<!-- app: NAME -->` and `<!-- /app: NAME -->` is replaced by the app's live version
of it (the defaults table, the caveats), drawn from the same data the exported files print. The
document's copy of those blocks is for readers of the repository and is kept equal by a test.
"""

import re
from collections.abc import Callable
from pathlib import Path

DOC = Path(__file__).resolve().parents[1] / "docs" / "model.md"
_SLOT = re.compile(r"<!-- app: (?P<name>[\w-]+) -->.*?<!-- /app: (?P=name) -->", re.S)

Block = tuple[str, str]  # (kind, text): "header", "latex", "markdown" or "slot"


def blocks(text: str) -> list[Block]:
    """The document split into what the page draws, in order; the `#` title is the page's own."""
    out: list[Block] = []
    pos = 0
    for match in _SLOT.finditer(text):
        out += _plain(text[pos:match.start()])
        out.append(("slot", match.group("name")))
        pos = match.end()
    return out + _plain(text[pos:])


def _plain(text: str) -> list[Block]:
    out: list[Block] = []
    for chunk in re.split(r"\n\s*\n", text):
        chunk = chunk.strip()
        if not chunk or chunk.startswith("# "):
            continue
        if chunk.startswith("## "):
            out.append(("header", chunk[3:].strip()))
        elif chunk.startswith("$$") and chunk.endswith("$$"):
            out.append(("latex", chunk[2:-2].strip()))
        else:
            out.append(("markdown", chunk))
    return out


def slot_text(text: str, name: str) -> str:
    """The document's own copy of a slot (between its markers), stripped."""
    match = re.search(rf"<!-- app: {re.escape(name)} -->(.*?)<!-- /app: {re.escape(name)} -->", text, re.S)
    return match.group(1).strip() if match else ""


def draw(slots: dict[str, Callable[[], None]], text: str | None = None) -> None:
    """Draw the document on the current page; each slot by its callable (a missing one: nothing)."""
    import streamlit as st  # lazy: load time (the rest of this module is pure, for tests and docs)

    for kind, body in blocks(DOC.read_text(encoding="utf-8") if text is None else text):
        if kind == "header":
            st.header(body)
        elif kind == "latex":
            st.latex(body)
        elif kind == "markdown":
            st.markdown(body)
        elif body in slots:
            slots[body]()


def _escape(text: str) -> str:
    """Markdown that GitHub and Streamlit both show as typed: $ is money, | is not a column."""
    return text.replace("$", "\\$").replace("|", "\\|")


def benchmarks_markdown() -> str:
    """The document's copy of the defaults table (the page shows it as an interactive table)."""
    from advocacy_calc.benchmarks import benchmarks  # lazy: load time (the page parses the document first)

    lines = ["| figure | low / base / high | unit | grade | date | source |", "|---|---|---|---|---|---|"]
    for b in benchmarks().values():
        where = f" ({b.url})" if b.url else ""
        lines.append(f"| {_escape(b.label)} | {b.low:g} / {b.base:g} / {b.high:g} | {_escape(b.unit)} | {b.grade} "
                     f"| {_escape(b.date)} | {_escape(b.source)}{_escape(where)} |")
    return "\n".join(lines)


def caveats_markdown() -> str:
    """The caveats in the words the one-pager and the slides print, and the claims never used."""
    # lazy: load time (only the Methodology page and the tests ask for the caveats)
    from advocacy_calc.benchmarks import unverified_claims
    from advocacy_calc.exports.text import CAVEAT_PARTS

    claims = ", ".join(f'"{c.claim}" ({c.attributed_to})' for c in unverified_claims())
    return ("\n".join(f"- **{lead}** {_escape(detail)}" for lead, detail in CAVEAT_PARTS)
            + f"\n\nNever used as multipliers, because no original source was found (grade U): {claims}.")


def number_rule_markdown() -> str:
    """How every figure is printed (advocacy_calc.formatting's rule, in its own words)."""
    from advocacy_calc.formatting import NUMBER_RULE  # lazy: load time (the page parses the document first)

    return _escape(NUMBER_RULE)


def measure_markdown() -> str:
    """The Measure page's definitions, the words that page shows."""
    # lazy: load time (the measuring package loads only for this page's slot and the Measure page)
    from advocacy_calc.measure.metrics import DEFINITIONS

    return "\n".join(f"- **{name.replace('_', ' ').capitalize()}**: {_escape(text)}"
                      for name, text in DEFINITIONS.items())
