"""The TrueType font shipped in the package (DejaVu Sans, see data/fonts/LICENSE.txt).

Embedded in the PDF so € and £ render (the PDF core fonts have no €), and registered with
vl-convert so chart images look the same on any machine.
"""

from importlib import resources


def font_path(name: str = "DejaVuSans.ttf") -> str:
    """Path of a font file in advocacy_calc/data/fonts (an installed package is a directory)."""
    return str(resources.files("advocacy_calc").joinpath("data/fonts", name))


def font_directory() -> str:
    return str(resources.files("advocacy_calc").joinpath("data/fonts"))
