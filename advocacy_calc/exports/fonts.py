"""Fonts: the DejaVu Sans shipped in the package (see data/fonts/LICENSE.txt), and the machine's own
Noto fonts as fallbacks for the scripts DejaVu lacks (Japanese, Chinese, Korean, Thai, Devanagari,
Bengali, Armenian, Khmer, and symbols such as ￥ ₾ ֏ ៛ ؋ ৳).

DejaVu is embedded in the PDF so € and £ render (the PDF core fonts have no €) and registered with
vl-convert so chart images look the same on any machine. The fallbacks are used only where present
(Debian: fonts-noto-cjk, fonts-noto-core); what no font can draw is found before printing
(``missing_characters``) so the PDF says so instead of printing blanks.
"""

import os
import unicodedata
from functools import cached_property, lru_cache
from importlib import resources
from typing import Iterable, NamedTuple

MARK = "□"  # printed in place of a character no font can draw (DejaVu has it)

# Where Debian (and most Linux distributions) put the Noto fonts.
FONT_DIRECTORIES = ("/usr/share/fonts/opentype/noto", "/usr/share/opentype/noto", "/usr/share/fonts/truetype/noto",
                    "/usr/share/fonts/noto", "/usr/share/fonts/google-noto-cjk", "/usr/share/fonts/google-noto")


class Fallback(NamedTuple):
    family: str  # the name it is added to the PDF under
    regular: str  # file path
    bold: str | None
    index: int = 0  # the face in a collection (.ttc): 0 is the Japanese one of Noto Sans CJK


# Tried in this order for a character DejaVu lacks: (family, regular file, bold file, face index).
_CANDIDATES = (
    ("NotoSansCJK", "NotoSansCJK-Regular.ttc", "NotoSansCJK-Bold.ttc", 0),
    ("NotoSans", "NotoSans-Regular.ttf", "NotoSans-Bold.ttf", 0),
    *((f"NotoSans{script}", f"NotoSans{script}-Regular.ttf", f"NotoSans{script}-Bold.ttf", 0)
      for script in ("Thai", "Devanagari", "Bengali", "Armenian", "Georgian", "Khmer", "Arabic", "Hebrew")),
)


# Scripts whose letters change shape or place with their neighbours (Indic conjuncts and vowel signs, Thai and
# Khmer marks, Arabic joining, right-to-left order): text in them needs a shaping engine (HarfBuzz) to read right.
COMPLEX_SCRIPTS = ((0x0590, 0x08FF),  # Hebrew, Arabic, Syriac, Thaana, NKo, Samaritan, Mandaic, Arabic Extended
                   (0x0900, 0x0DFF),  # Devanagari, Bengali, Gurmukhi, Gujarati, Oriya, Tamil, Telugu, Kannada, ...
                   (0x0E00, 0x0FFF),  # Thai, Lao, Tibetan
                   (0x1000, 0x109F), (0x1780, 0x17FF),  # Myanmar, Khmer
                   (0xA8E0, 0xA8FF), (0xFB1D, 0xFDFF), (0xFE70, 0xFEFF))  # Devanagari Extended, presentation forms


def needs_shaping(texts: Iterable[str]) -> bool:
    """Whether any of `texts` holds a letter of a complex script (COMPLEX_SCRIPTS): shaping costs time, so
    Latin, Greek, Cyrillic and CJK text is printed without it."""
    return any(low <= ord(ch) <= high for ch in dict.fromkeys("".join(texts)) if ord(ch) >= 0x0590
               for low, high in COMPLEX_SCRIPTS)


def font_path(name: str = "DejaVuSans.ttf") -> str:
    """Path of a font file in advocacy_calc/data/fonts (an installed package is a directory)."""
    return str(resources.files("advocacy_calc").joinpath("data/fonts", name))


def font_directory() -> str:
    return str(resources.files("advocacy_calc").joinpath("data/fonts"))


def _find(name: str) -> str | None:
    return next((os.path.join(d, name) for d in FONT_DIRECTORIES if os.path.isfile(os.path.join(d, name))), None)


def fallback_fonts() -> tuple[Fallback, ...]:
    """The fallback fonts this machine has, in the order they are tried (tests switch them off here)."""
    found = []
    for family, regular, bold, index in _CANDIDATES:
        path = _find(regular)
        if path:
            found.append(Fallback(family, path, _find(bold), index))
    return tuple(found)


@lru_cache(maxsize=32)
def _cmap(path: str, index: int = 0) -> frozenset[int]:
    from fontTools.ttLib import TTFont  # load time: only to print a PDF (fontTools comes with fpdf2)

    return frozenset(TTFont(path, fontNumber=index, lazy=True).getBestCmap())


def drawable(fonts: Iterable[Fallback] | None = None) -> "Drawable":
    """What DejaVu Sans and the fallbacks (default: this machine's) can draw, as a test of one character."""
    return Drawable(tuple(fallback_fonts() if fonts is None else fonts))


class Drawable:
    def __init__(self, fonts: tuple[Fallback, ...]):
        self.fonts = fonts
        self._own = _cmap(font_path("DejaVuSans.ttf"))

    @cached_property
    def _maps(self) -> list[frozenset[int]]:
        # Read only when DejaVu lacks a character: the CJK collection takes about a second.
        return [_cmap(f.regular, f.index) for f in self.fonts]

    def __call__(self, char: str) -> bool:
        # Line breaks, spaces and invisible format characters (joiners) need no glyph.
        if ord(char) in self._own or char.isspace() or unicodedata.category(char) in ("Cc", "Cf"):
            return True
        return any(ord(char) in cmap for cmap in self._maps)

    def missing(self, texts: Iterable[str]) -> str:
        """Every character of `texts` no font can draw, once each, in the order met."""
        # Each character once before the test (a chart's texts run to thousands of characters).
        return "".join(ch for ch in dict.fromkeys("".join(texts)) if not self(ch))

    def needed(self, texts: Iterable[str]) -> "Drawable":
        """Only the fallbacks that draw a character of `texts` DejaVu lacks (each first in order): a PDF
        embeds (and parses, about a second for CJK) no font it does not use."""
        chars = {ord(ch) for text in texts for ch in text} - self._own
        used = []
        for font, cmap in zip(self.fonts, self._maps if chars else []):
            if chars & cmap:
                used.append(font)
                chars -= cmap
        return Drawable(tuple(used))

    def replace(self, text: str) -> str:
        """`text` with each character no font can draw replaced by MARK."""
        return "".join(ch if self(ch) else MARK for ch in text)
