"""Measuring a running program (docs/model.md §12, issue 6): exports in, metrics and a calibrated scenario out.

One job per module: fields (the four kinds of export), reading (bytes -> raw table), mapping
(which column is which field), parsing (typed fields), loading (the three together), metrics,
calibrate (scenario from metrics; forecast vs actual), utm (tagged links), synthetic (demo data).
No streamlit, no file system: functions take bytes or DataFrames and return data.
May import the value model; never forecast/, exports/ or the CLI. The scenario does not
import it: `parse.parse_scenario` calls `mapping.stored_mapping_problems` for a scenario's
`import_mapping`.
"""

from .calibrate import Calibration, calibrate, forecast_vs_actual
from .fields import KINDS
from .loading import Loaded, load_all, load_export
from .mapping import guess_mapping, mappings_from_json, mappings_to_json
from .metrics import Exports, Measured, measure, period_of, select, teams_of
from .reading import MAX_EXPORT_BYTES, MAX_EXPORT_MB, read_table

__all__ = ["Calibration", "Exports", "KINDS", "Loaded", "MAX_EXPORT_BYTES", "MAX_EXPORT_MB", "Measured",
           "calibrate", "forecast_vs_actual", "guess_mapping", "load_all", "load_export", "mappings_from_json",
           "mappings_to_json", "measure", "period_of", "read_table", "select", "teams_of"]
