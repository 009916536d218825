"""Charts as PNG or SVG without a browser: the app's own Vega-Lite specs through vl-convert.

The same specs (advocacy_calc.charts) draw the screen, the PDF and the slides, so an exported
chart is the one on the page. Fonts: the DejaVu Sans shipped in the package is registered,
so the text renders the same on any machine, with or without system fonts. A chart whose text DejaVu
cannot draw (￥, 営業, ₾) is set in Noto Sans CJK where the machine has it (vl-convert also sees the
system's fonts): left to itself, vl-convert sets such a label wholly in the first font it finds with the
character, often a serif one.
"""

import json
from functools import cache
from typing import Any, Callable, Literal

import pandas as pd

from .. import charts
from ..formatting import currency_of, with_iso_code
from ..results import Results, compute
from ..scenario import Scenario
from ..sweep import sweep, sweep_by_network
from .fonts import Drawable, drawable, fallback_fonts, font_directory
from .printable import FontCheck, font_check

ImageFormat = Literal["png", "svg"]
EXPORT_WIDTH = 640  # px; the app's charts stretch to the page, an image needs a width
PRINT_TEXT_PT = 8.0  # the smallest chart text on paper (axis labels, legends), in points
LEGEND_COLUMNS = 4  # a printed legend's entries per row
PRINT_SCALE = 2.5  # PNG pixels per CSS pixel of a printed chart: about 340 dpi at PRINT_TEXT_PT


@cache
def _vl_convert() -> Any:
    import vl_convert  # lazy: load time (its engine loads only when a chart is rendered)

    vl_convert.register_font_directory(font_directory())
    return vl_convert


WIDE_FONT = "Noto Sans CJK JP"  # sans, Latin and CJK alike; other scripts fall back from it in sans too


def plain_spec(spec: dict, width: int = EXPORT_WIDTH) -> dict:
    """A spec vl-convert can read: its named datasets as JSON records, and a fixed width (and the wide
    font first where DejaVu lacks a character of it and the machine has the font)."""
    datasets = {name: json.loads(frame.to_json(orient="records", double_precision=15, date_format="iso"))
                if isinstance(frame, pd.DataFrame) else frame for name, frame in spec.get("datasets", {}).items()}
    return _wide_font({**spec, "datasets": datasets, "width": width})


OWN_FONT = "DejaVu Sans"  # registered from the package: on every machine


def _beyond_common_sans(char: str) -> bool:
    """A character the usual sans fonts may lack (Liberation Sans, Arial's stand-in, has no ₹ ₽ ₺ ₾): past
    Latin, other than the general punctuation (… and the narrow no-break space) and €."""
    return ord(char) > 0x2FF and not 0x2000 <= ord(char) <= 0x206F and char != "€"


def _wide_font(spec: dict) -> dict:
    """The font the chart's text is set in first, where the app's list would not draw all of it: Noto Sans CJK
    where DejaVu lacks a character (and the machine has it), else DejaVu Sans where a character is past the
    usual sans fonts: vl-convert sets such a label wholly in the first font that has the character, a serif one
    ("Value per month (₹)" in a serif beside sans labels)."""
    text = json.dumps(spec, ensure_ascii=False)
    if drawable(()).missing([text]) and any(f.family == "NotoSansCJK" for f in fallback_fonts()):
        first = WIDE_FONT
    elif any(_beyond_common_sans(ch) for ch in dict.fromkeys(text)):
        first = OWN_FONT
    else:
        return spec
    config = spec.get("config", {})
    font = f"{first}, {config.get('font', 'sans-serif')}"
    return {**spec, "config": {**config, "font": font, "text": {**config.get("text", {}), "font": font}}}


def chart_texts(spec: Any) -> list[str]:
    """Every text of a chart spec, once each: titles, labels' expressions, names in its data (what it may draw)."""
    found: dict[str, None] = {}

    def walk(node: Any) -> None:
        if isinstance(node, str):
            found[node] = None
        elif isinstance(node, dict):
            for value in node.values():
                walk(value)
        elif isinstance(node, (list, tuple)):
            for item in node:
                walk(item)
        elif isinstance(node, pd.DataFrame):
            for column in _text_columns(node):
                walk(node[column].drop_duplicates().tolist())

    walk(spec)
    return list(found)


def _text_columns(frame: pd.DataFrame) -> list:
    return [c for c in frame.columns if not (pd.api.types.is_numeric_dtype(frame[c]) or
                                             pd.api.types.is_datetime64_any_dtype(frame[c]))]


def _mapped(node: Any, change: Callable[[str], str]) -> Any:
    """The spec with `change` applied to each of its texts (its data's too; the cached original is not touched)."""
    if isinstance(node, str):
        return change(node)
    if isinstance(node, dict):
        return {key: _mapped(value, change) for key, value in node.items()}
    if isinstance(node, (list, tuple)):
        return [_mapped(item, change) for item in node]
    if isinstance(node, pd.DataFrame):
        texts = _text_columns(node)
        return node.assign(**{column: node[column].map(lambda v: change(v) if isinstance(v, str) else v)
                              for column in texts}) if texts else node
    return node


def chart_font_check(spec: dict, scenario: Scenario, draw: Drawable | None = None) -> tuple[FontCheck, dict]:
    """What a chart image of `scenario` cannot draw with this machine's fonts (the PDF's rule, printable.font_check),
    and the spec as it is drawn then: amounts with the ISO code where the symbol cannot be drawn, other such
    characters as fonts.MARK. Two names that would print alike are told apart ("□□ 2"): a chart keys its
    series and colours by name."""
    draw = draw or drawable()
    symbol = font_check(scenario, draw, ())
    amounts = symbol.iso_code and any(symbol.symbol in text for text in chart_texts(spec))
    if amounts:
        currency = currency_of(scenario)
        spec = _mapped(spec, lambda text: with_iso_code(text, currency))
    texts = chart_texts(spec)
    check = font_check(scenario, draw, texts)._replace(iso_code=amounts)  # a chart of counts has no amounts
    if not check.missing:
        return check, spec
    shown: dict[str, str] = {}
    taken = set(texts)
    for text in texts:
        if any(ch in check.missing for ch in text):
            name, n = draw.replace(text), 1
            while name in taken:
                n += 1
                name = f"{draw.replace(text)} {n}"
            shown[text] = name
            taken.add(name)
    return check, _mapped(spec, lambda text: shown.get(text, text))


def render(spec: dict, fmt: ImageFormat = "png", width: int = EXPORT_WIDTH, scale: float = 2,
           scenario: Scenario | None = None) -> bytes:
    """PNG (at `scale` times the pixels, for print) or SVG bytes of a chart spec; with its `scenario`, what
    this machine's fonts cannot draw is printed as chart_font_check says (never a blank box)."""
    vlc = _vl_convert()
    if scenario is not None:
        spec = chart_font_check(spec, scenario)[1]
    plain = plain_spec(spec, width)
    if fmt == "png":
        return vlc.vegalite_to_png(plain, scale=scale)
    if fmt == "svg":
        return vlc.vegalite_to_svg(plain).encode("utf-8")
    raise ValueError(f"format must be png or svg, got {fmt!r}")


def smallest_font_px(spec: dict) -> float:
    """The smallest font size (CSS px) anywhere in a spec: theme config, axes, legends, text marks."""
    sizes: list[float] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "datasets":
                    continue
                if key.lower().endswith("fontsize") and isinstance(value, (int, float)):
                    sizes.append(float(value))
                else:
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(spec)
    return min(sizes) if sizes else 11.0  # Vega's own default label size


def print_spec(spec: dict, width_pt: float, plot_height_pt: float, text_pt: float = PRINT_TEXT_PT) -> dict:
    """The spec drawn for paper: `width_pt` wide in all (axes and legends included, autosize fit-x) with a
    plot `plot_height_pt` high whatever the legends take: they add to the image's height below the plot (in a
    fixed height they took it from the plot: four networks' legend rows left a plot 0 mm high), at a CSS-pixel
    size where its smallest text prints at `text_pt` points. Axis titles are never cut ("Val…"): a title
    longer than its axis runs past it."""
    px_per_pt = smallest_font_px(spec) / text_pt
    plain = plain_spec(spec, round(width_pt * px_per_pt))
    config = plain.get("config", {})
    # One legend under the other, its entries in rows of up to LEGEND_COLUMNS: ten networks take three rows, not ten.
    legend = {**config.get("legend", {}), "labelLimit": round(width_pt * px_per_pt * 0.45), "columns": LEGEND_COLUMNS,
              "layout": {side: {"anchor": "start", "direction": "vertical", "margin": 4} for side in ("top", "bottom")},
              "offset": 4, "titlePadding": 2, "rowPadding": 2, "columnPadding": 12}  # on paper, tighter than on screen
    whole = {"titleLimit": 100_000}
    return {**plain, "height": round(plot_height_pt * px_per_pt), "autosize": {"type": "fit-x", "contains": "padding"},
            "config": {**config, "legend": legend, "axisX": {**config.get("axisX", {}), **whole},
                       "axisY": {**config.get("axisY", {}), **whole}}}


def render_for_print(spec: dict, width_pt: float, plot_height_pt: float, text_pt: float = PRINT_TEXT_PT,
                     scenario: Scenario | None = None, fmt: ImageFormat = "png") -> bytes:
    """PNG (or SVG) of a chart to be placed `width_pt` wide with a plot `plot_height_pt` high (the image is
    as much higher as its axes and legends take): its smallest text prints at `text_pt` points (with its
    `scenario`: what the fonts cannot draw as chart_font_check says)."""
    if scenario is not None:
        spec = chart_font_check(spec, scenario)[1]
    printed = print_spec(spec, width_pt, plot_height_pt, text_pt)
    if fmt == "svg":
        return _vl_convert().vegalite_to_svg(printed).encode("utf-8")
    return _vl_convert().vegalite_to_png(printed, scale=PRINT_SCALE)


# The charts of a scenario that the exports use, by name.
def participation_spec(scenario: Scenario, results: Results | None = None, param: str = "share_rate") -> dict:
    results = results or compute(scenario)
    return charts.participation_chart(sweep_by_network(scenario, param), sweep(scenario, param),  # type: ignore[arg-type]
                                      scenario, results, param, "value_per_month")


def network_spec(scenario: Scenario, results: Results | None = None) -> dict:
    """Per network: CPM value and CPC value per story, the basis in use solid."""
    return charts.basis_chart(results or compute(scenario), scenario)
