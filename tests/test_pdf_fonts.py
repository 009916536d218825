"""The PDF in scripts DejaVu Sans cannot draw: never a blank name, never an amount without its currency.

A Japanese case (ja-JP, JPY, a Japanese name and group) with the machine's fallback fonts switched off
prints amounts with the ISO code and says which characters it could not print; with Debian's Noto fonts
it prints them. Expectations are written by hand; the text is read with poppler's pdftotext.
"""

import json
import os
import shutil
import subprocess

import pytest

from advocacy_calc import PRESETS
from advocacy_calc.cli import main
from advocacy_calc.exports import fonts
from advocacy_calc.exports.finance import finance_figures
from advocacy_calc.exports.pdf import business_case

REQUIRED = os.environ.get("REQUIRE_FONTS") == "1"  # CI installs fonts-noto-cjk, fonts-noto-core, poppler-utils


def _need(ok: bool, why: str) -> None:
    if not ok:
        if REQUIRED:
            pytest.fail(why + " (REQUIRE_FONTS=1)")
        pytest.skip(why)


def pdf_text(path) -> str:
    _need(shutil.which("pdftotext") is not None, "pdftotext (poppler-utils) is not installed")
    out = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True).stdout
    return " ".join(out.decode("utf-8").split())  # NBSP and line breaks as one space


@pytest.fixture
def japanese_file(tmp_path, capsys):
    """The tester's file: `advocacy-calc example`, then ja-JP, JPY, a Japanese name and a group "営業"."""
    assert main(["example"]) == 0
    data = json.loads(capsys.readouterr().out)
    data.update(locale="ja-JP", currency="JPY", name="営業チームの試算",
                groups=[{"name": "営業", "weight": 0.2, "relative_share_rate": 2},
                        {"name": "Everyone else", "weight": 0.8, "relative_share_rate": 0.75}])
    path = tmp_path / "s.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


# Without a base address the CLI says the files carry the link as a query string (README, Exports).
LINK_LINE = "advocacy-calc export: no --base-url or ADVOCACY_PUBLIC_URL"


def test_without_fallback_fonts_amounts_carry_the_iso_code_and_the_pdf_says_what_is_missing(
        japanese_file, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(fonts, "fallback_fonts", lambda: ())
    out = tmp_path / "x.pdf"
    assert main(["export", str(japanese_file), "--format", "pdf", "-o", str(out)]) == 0
    err = capsys.readouterr().err
    lines = [line for line in err.strip().splitlines() if not line.startswith(LINK_LINE)]
    assert len(lines) == 1, err  # one line beside the link's: no fpdf2 glyph warning
    assert "following glyphs" not in err
    assert "JPY in place of the symbol ￥" in lines[0]
    assert "営 (U+55B6), 業 (U+696D)" in lines[0]
    assert "workbook and the slides carry them" in lines[0]

    text = pdf_text(out)
    # (the story sentence may give way to the long link and the notice: the one-page layouts drop it first)
    assert "85,000 JPY 1,000 JPY 31,500 JPY 1,000" in text  # the boxes: impressions, value per story, per month
    assert "￥" not in text and "営" not in text
    assert "Scenario: □□□□□□□□" in text  # 営業チームの試算, eight characters, each visible
    assert "□□ 200 20% 34,000 JPY 12,600" in text  # the group 営業's row
    assert ("amounts are printed with the code JPY in place of the symbol U+FFE5; U+55B6, U+696D, U+30C1, "
            "U+30FC, U+30E0, U+306E, U+8A66, U+7B97 could not be printed and show as □. The workbook and the "
            "slides carry them in full") in text


def test_with_noto_fonts_the_yen_sign_and_the_names_print(japanese_file, tmp_path, capsys):
    _need(any(f.family == "NotoSansCJK" for f in fonts.fallback_fonts()),
          "Noto Sans CJK is not installed (apt-get install fonts-noto-cjk)")
    out = tmp_path / "x.pdf"
    assert main(["export", str(japanese_file), "--format", "pdf", "-o", str(out)]) == 0
    assert capsys.readouterr().err.startswith(LINK_LINE)  # the link's line only: nothing missing, no warning

    text = pdf_text(out)
    # (the story sentence, "that is ￥31,500 a month", gives way to the charts' plots on this one page: issue 13)
    assert "85,000 ￥1,000 ￥31,500 ￥1,000" in text
    assert "Scenario: 営業チームの試算" in text
    assert "営業 200 20% 34,000 ￥12,600" in text  # digits after a fallback-font cell print as digits
    assert "Everyone else 800 7.5% 51,000 ￥18,900" in text
    assert "JPY 31,500" not in text and "□" not in text and "could not be printed" not in text


@pytest.mark.parametrize("symbol, locale, currency", [("৳", "bn-BD", "BDT"), ("₾", "ka-GE", "GEL"),
                                                     ("֏", "hy-AM", "AMD"), ("៛", "km-KH", "KHR")])
def test_other_symbols_dejavu_lacks(tmp_path, symbol, locale, currency):
    _need(len(fonts.fallback_fonts()) > 2, "fonts-noto-core is not installed")
    case = PRESETS["Worked example"].model_copy(update={"locale": locale, "currency": currency})
    out = tmp_path / "x.pdf"
    out.write_bytes(business_case(case))
    assert symbol in pdf_text(out)


def test_a_european_case_prints_the_same_text_with_or_without_fallback_fonts(tmp_path, monkeypatch):
    case = PRESETS["Typical B2B"].model_copy(update={"currency": "EUR", "name": "Q3 budget: Typical B2B"})
    finance = finance_figures(case)  # one provenance line (the time) for both
    with_fonts, without = tmp_path / "a.pdf", tmp_path / "b.pdf"
    with_fonts.write_bytes(business_case(case, finance=finance))
    monkeypatch.setattr(fonts, "fallback_fonts", lambda: ())
    without.write_bytes(business_case(case, finance=finance))
    text = pdf_text(with_fonts)
    assert text == pdf_text(without)
    assert "€2,675" in text and "Q3 budget: Typical B2B" in text
    assert "could not be printed" not in text and "□" not in text


def test_a_chart_with_text_dejavu_lacks_is_set_in_noto_sans_cjk():
    """vl-convert set such a label wholly in the first font with the character (a serif one): the chart
    asks for Noto Sans CJK first; a chart DejaVu draws keeps the app's font list."""
    from advocacy_calc.exports import images

    _need(any(f.family == "NotoSansCJK" for f in fonts.fallback_fonts()), "Noto Sans CJK is not installed")
    japanese = PRESETS["Worked example"].model_copy(update={"locale": "ja-JP", "currency": "JPY"})
    svg = images.render(images.participation_spec(japanese), "svg").decode()
    assert 'font-family="Noto Sans CJK JP, Source Sans Pro, Segoe UI, Helvetica, Arial, sans-serif"' in svg
    assert ">￥0<" in svg  # the axis labels carry the yen sign
    euro = PRESETS["Worked example"].model_copy(update={"currency": "EUR"})
    svg = images.render(images.participation_spec(euro), "svg").decode()
    assert "Noto" not in svg and 'font-family="Source Sans Pro, Segoe UI, Helvetica, Arial, sans-serif"' in svg


def _svg_text(svg: bytes) -> str:
    """The SVG's text as one string: entities read, no-break spaces as spaces."""
    import html

    return html.unescape(svg.decode("utf-8")).replace("\u00a0", " ")


def _two_japanese_groups():
    """The worked example in yen with two groups whose names no font of DejaVu's draws (営業, 販売)."""
    from advocacy_calc import Scenario

    data = PRESETS["Worked example"].model_dump()
    data.update(locale="ja-JP", currency="JPY", groups=[
        {"name": "営業", "weight": 0.2, "relative_share_rate": 2}, {"name": "販売", "weight": 0.3, "relative_share_rate": 1},
        {"name": "Everyone else", "weight": 0.5, "relative_share_rate": 0.6}])
    return Scenario.model_validate(data)


def test_a_chart_image_without_fonts_prints_the_iso_code_and_marks_what_it_cannot_draw(monkeypatch):
    """The PDF's rule for a chart's PNG or SVG: amounts and the axis title with JPY, names as □ (two names
    that would print alike told apart, or the chart would merge their bars), and the same sentence."""
    from advocacy_calc import charts
    from advocacy_calc.exports import images
    from advocacy_calc.formatting import currency_of
    from advocacy_calc.groups import group_results

    monkeypatch.setattr(fonts, "fallback_fonts", lambda: ())
    case = _two_japanese_groups()
    spec = charts.group_chart(group_results(case), currency_of(case))
    check, shown = images.chart_font_check(spec, case)
    assert check.sentence(of="image") == (
        "The chart image's fonts cannot draw every character: amounts are printed with the code JPY in place of "
        "the symbol ￥; 営 (U+55B6), 業 (U+696D), 販 (U+8CA9), 売 (U+58F2) could not be printed and show as □. The "
        "app's chart and the workbook carry them in full; fonts-noto-cjk and fonts-noto-core on the machine "
        "that makes the image print them.")
    # By hand: 営業 200 sharing 20% = 40 × 850 × ￥1,000/85,000 × 31.5 = ￥12,600 (the bar's tooltip)
    assert "JPY\u00a012,600" in images.chart_texts(shown) and "￥12,600" in images.chart_texts(spec)
    text = _svg_text(images.render(spec, "svg", scenario=case))
    assert "Media value per month (JPY)" in text and ">JPY 12K<" in text and ">JPY 0<" in text
    assert ">□□<" in text and ">□□ 2<" in text and ">Everyone else<" in text
    assert "￥" not in text and "営" not in text and "販" not in text
    assert images.render(spec, "png", scenario=case).startswith(b"\x89PNG")
    # The spec the page draws is untouched (the screen's fonts are the browser's).
    assert "営業" in images.chart_texts(spec) and "Media value per month (￥)" in images.chart_texts(spec)


def test_a_chart_image_with_noto_fonts_prints_the_names_and_the_yen_sign():
    from advocacy_calc import charts
    from advocacy_calc.exports import images
    from advocacy_calc.formatting import currency_of
    from advocacy_calc.groups import group_results

    _need(any(f.family == "NotoSansCJK" for f in fonts.fallback_fonts()), "Noto Sans CJK is not installed")
    case = _two_japanese_groups()
    spec = charts.group_chart(group_results(case), currency_of(case))
    assert images.chart_font_check(spec, case)[0].sentence(of="image") == ""
    text = _svg_text(images.render(spec, "svg", scenario=case))
    assert ">営業<" in text and ">販売<" in text and ">￥12K<" in text and "JPY" not in text and "□" not in text


@pytest.mark.parametrize("fmt", ["png", "svg"])
def test_the_cli_chart_image_says_what_its_fonts_cannot_draw_in_one_line(japanese_file, tmp_path, capsys,
                                                                          monkeypatch, fmt):
    monkeypatch.setattr(fonts, "fallback_fonts", lambda: ())
    out = tmp_path / f"x.{fmt}"
    assert main(["export", str(japanese_file), "--format", fmt, "--chart", "networks", "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert err == ("The chart image's fonts cannot draw every character: amounts are printed with the code JPY in "
                   "place of the symbol ￥. The app's chart and the workbook carry them in full; fonts-noto-cjk "
                   "and fonts-noto-core on the machine that makes the image print them.\n")
    if fmt == "svg":
        text = _svg_text(out.read_bytes())
        assert "Value per story (JPY)" in text and ">JPY 1K<" in text and ">JPY 0<" in text and "￥" not in text
    else:
        assert out.read_bytes().startswith(b"\x89PNG")


def test_the_cli_chart_image_with_a_euro_case_says_nothing(tmp_path, capsys):
    path = tmp_path / "s.json"
    path.write_text(PRESETS["Worked example"].model_copy(update={"currency": "EUR", "locale": "de-DE"})
                    .model_dump_json(), encoding="utf-8")
    out = tmp_path / "x.svg"
    assert main(["export", str(path), "--format", "svg", "-o", str(out)]) == 0
    assert capsys.readouterr().err == ""
    assert "Value per month (€)" in _svg_text(out.read_bytes())


def _complex_case(locale: str, currency: str, name: str):
    return PRESETS["Worked example"].model_copy(update={"locale": locale, "currency": currency, "name": name})


def _ink_right_px(pdf_path, top_px: int, height_px: int) -> int:
    """The rightmost dark pixel of a band of the page at 200 dpi (pdftoppm, greyscale)."""
    _need(shutil.which("pdftoppm") is not None, "pdftoppm (poppler-utils) is not installed")
    pgm = subprocess.run(["pdftoppm", "-r", "200", "-gray", "-y", str(top_px), "-H", str(height_px), "-W", "1650",
                          "-x", "0", str(pdf_path)], capture_output=True, check=True).stdout
    if pgm.startswith(b"P5"):  # binary PGM: 'P5\nW H\n255\n' then the pixels
        width, height = (int(v) for v in pgm.split(b"\n")[1].split())
        pixels = pgm[len(b"\n".join(pgm.split(b"\n")[:3])) + 1:]
    else:
        pytest.fail("pdftoppm -gray gave no PGM")
    return max((x for y in range(height) for x in range(width) if pixels[y * width + x] < 128), default=-1)


def _streams(data: bytes) -> bytes:
    """Every stream of a PDF, inflated where it is compressed (page contents) and as is where not (ToUnicode)."""
    import re
    import zlib

    out = []
    for raw in re.findall(rb"stream\r?\n(.*?)endstream", data, re.S):
        try:
            out.append(zlib.decompress(raw))
        except zlib.error:
            out.append(raw)
    return b"\n".join(out)


@pytest.mark.parametrize("locale, currency, name, family", [("hi-IN", "INR", "बिक्री टीम", "NotoSansDevanagari"),
                                                            ("th-TH", "THB", "ทีมขาย", "NotoSansThai")])
def test_a_name_in_a_complex_script_prints_shaped_and_reads_back(tmp_path, monkeypatch, locale, currency, name, family):
    """Devanagari and Thai are shaped (HarfBuzz) where they are printed, and the text reads back as written."""
    from advocacy_calc.exports import pdf

    _need(any(f.family == family for f in fonts.fallback_fonts()), f"{family} is not installed (fonts-noto-core)")
    case = _complex_case(locale, currency, name)
    finance = finance_figures(case)
    shaped = tmp_path / "shaped.pdf"
    shaped.write_bytes(business_case(case, finance=finance))
    assert f"Scenario: {name}" in pdf_text(shaped)
    # By hand: क्र (U+0915 KA, U+094D VIRAMA, U+0930 RA) is one glyph of Noto Sans Devanagari when shaped, so the
    # font's ToUnicode map gives one glyph those three characters; unshaped each character is its own glyph.
    # Thai: ทีมขาย's vowel sign ี is placed over ท by the font's mark positioning: a glyph moved by its own offset.
    monkeypatch.setattr(pdf, "needs_shaping", lambda texts: False)
    unshaped = tmp_path / "unshaped.pdf"
    unshaped.write_bytes(business_case(case, finance=finance))
    if locale == "hi-IN":
        assert b"<0915094D0930>" in _streams(shaped.read_bytes())
        assert b"<0915094D0930>" not in _streams(unshaped.read_bytes())
        # Rendered (pdftoppm): the conjunct makes the name narrower than its letters side by side (the same page
        # with shaping switched off). The scenario line: 12 mm margin + 7.5 mm title = 153 px at 200 dpi, 41 px high.
        assert _ink_right_px(shaped, 155, 36) < _ink_right_px(unshaped, 155, 36) - 5
    else:
        assert b"ActualText" in _streams(shaped.read_bytes())
    assert b"ActualText" not in _streams(unshaped.read_bytes())


def test_an_english_case_is_not_shaped():
    """Shaping costs time (fpdf2 writes shaped text glyph by glyph): Latin text is printed without it, so an
    en-US PDF holds no text marked with what it reads (ActualText, written only around shaped text)."""
    assert b"ActualText" not in _streams(business_case(PRESETS["Worked example"]))


def test_a_rupee_chart_is_set_in_dejavu_sans_not_a_serif():
    """Liberation Sans (the machine's stand-in for the app's Arial) has no ₹ (U+20B9): vl-convert set every label
    holding it in a serif font beside sans ones. Such a chart asks for the package's DejaVu Sans (it has ₹)
    first; a euro chart keeps the app's list (the test above), as does one in plain ASCII."""
    from advocacy_calc.exports import images

    rupee = PRESETS["Worked example"].model_copy(update={"locale": "en-IN", "currency": "INR"})
    svg = images.render(images.participation_spec(rupee), "svg", scenario=rupee).decode()
    assert 'font-family="DejaVu Sans, Source Sans Pro, Segoe UI, Helvetica, Arial, sans-serif"' in svg
    assert "₹0<" in svg and "Noto" not in svg
    svg = images.render(images.participation_spec(PRESETS["Worked example"]), "svg").decode()
    assert "DejaVu" not in svg


def test_the_cli_writes_an_svg_to_stdout_and_refuses_a_png_there(tmp_path, capsys):
    path = tmp_path / "s.json"
    path.write_text(PRESETS["Worked example"].model_dump_json(), encoding="utf-8")
    assert main(["export", str(path), "--format", "svg", "--chart", "networks", "-o", "-"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("<svg") and "Value per story ($)" in out
    code = main(["export", str(path), "--format", "png", "-o", "-"])
    assert code != 0 and "a png file is binary" in capsys.readouterr().err


def test_without_uharfbuzz_a_devanagari_name_still_prints(tmp_path, monkeypatch):
    """An environment without uharfbuzz (older than pyproject) prints the letters unshaped rather than fail."""
    import sys

    _need(any(f.family == "NotoSansDevanagari" for f in fonts.fallback_fonts()), "fonts-noto-core is not installed")
    monkeypatch.setitem(sys.modules, "uharfbuzz", None)  # import uharfbuzz raises ImportError
    out = tmp_path / "x.pdf"
    out.write_bytes(business_case(_complex_case("hi-IN", "INR", "बिक्री टीम")))
    assert "टीम" in pdf_text(out) and b"ActualText" not in _streams(out.read_bytes())
