"""Exports finance and leadership use: a workbook with live formulas, a one-page PDF, slides,
CSV of any table and PNG/SVG of any chart. Each is a function scenario -> bytes (no file I/O:
the CLI and the app's download buttons write or send them). Heavy libraries (xlsxwriter,
fpdf2, python-pptx, vl-convert) load only when their module is imported.
May import the value model and charts/; never the CLI, forecast/ or measure/.
"""

FORMATS = {
    # format: (file extension, MIME type)
    "xlsx": ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "pdf": ("pdf", "application/pdf"),
    "pptx": ("pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
    "csv": ("csv", "text/csv"),
    "png": ("png", "image/png"),
    "svg": ("svg", "image/svg+xml"),
}
