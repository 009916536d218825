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
from typing import Any, Literal

import pandas as pd

from .. import charts
from ..results import Results, compute
from ..scenario import Scenario
from ..sweep import sweep, sweep_by_network
from .fonts import drawable, fallback_fonts, font_directory

ImageFormat = Literal["png", "svg"]
EXPORT_WIDTH = 640  # px; the app's charts stretch to the page, an image needs a width
PRINT_TEXT_PT = 8.0  # the smallest chart text on paper (axis labels, legends), in points
LOW_CHART_PT, SIDE_BY_SIDE_PT = 160.0, 240.0  # below this height and from this width legends sit side by side
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


def _wide_font(spec: dict) -> dict:
    if not drawable(()).missing([json.dumps(spec, ensure_ascii=False)]) or \
            not any(f.family == "NotoSansCJK" for f in fallback_fonts()):
        return spec
    config = spec.get("config", {})
    font = f"{WIDE_FONT}, {config.get('font', 'sans-serif')}"
    return {**spec, "config": {**config, "font": font, "text": {**config.get("text", {}), "font": font}}}


def render(spec: dict, fmt: ImageFormat = "png", width: int = EXPORT_WIDTH, scale: float = 2) -> bytes:
    """PNG (at `scale` times the pixels, for print) or SVG bytes of a chart spec."""
    vlc = _vl_convert()
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


def print_spec(spec: dict, width_pt: float, height_pt: float, text_pt: float = PRINT_TEXT_PT) -> dict:
    """The spec drawn for paper: `width_pt` x `height_pt` points in all (axes and legends included,
    autosize fit), at a CSS-pixel size where its smallest text prints at `text_pt` points.
    Legends stack (a narrow chart would clip a row of them), or sit side by side on a low, wide one."""
    px_per_pt = smallest_font_px(spec) / text_pt
    plain = plain_spec(spec, round(width_pt * px_per_pt))
    config = plain.get("config", {})
    # Side by side where the chart is low and wide enough for two legends (the plot keeps its height).
    direction = "horizontal" if height_pt < LOW_CHART_PT and width_pt >= SIDE_BY_SIDE_PT else "vertical"
    legend = {**config.get("legend", {}), "labelLimit": round(width_pt * px_per_pt * (0.55 if direction == "horizontal" else 0.8)),
              "layout": {side: {"anchor": "start", "direction": direction, "margin": 12} for side in ("top", "bottom")}}
    return {**plain, "height": round(height_pt * px_per_pt), "autosize": {"type": "fit", "contains": "padding"},
            "config": {**config, "legend": legend}}


def render_for_print(spec: dict, width_pt: float, height_pt: float, text_pt: float = PRINT_TEXT_PT) -> bytes:
    """PNG of a chart to be placed `width_pt` wide: its smallest text prints at `text_pt` points."""
    return _vl_convert().vegalite_to_png(print_spec(spec, width_pt, height_pt, text_pt), scale=PRINT_SCALE)


# The charts of a scenario that the exports use, by name.
def participation_spec(scenario: Scenario, results: Results | None = None, param: str = "share_rate") -> dict:
    results = results or compute(scenario)
    return charts.participation_chart(sweep_by_network(scenario, param), sweep(scenario, param),  # type: ignore[arg-type]
                                      scenario, results, param, "value_per_month")


def network_spec(scenario: Scenario, results: Results | None = None) -> dict:
    """Per network: CPM value and CPC value per story, the basis in use solid."""
    return charts.basis_chart(results or compute(scenario), scenario)
