"""A link too long for Streamlit is said, not dropped in silence.

Streamlit ignores the whole query string when it has more than 1,000 parameters or 512 Ki
characters (streamlit.runtime.state.query_params.sanitize_query_string), before any of our code
sees it. Only the browser still knows the address it opened: on a session's first run a fixed
script (no user text in it) reads the page's navigation entry and, when it was too long, reopens
the app with `?link_too_long=<parameters>`, which state.check_url turns into a note.
"""

import streamlit as st

MAX_FIELDS = 1000  # Streamlit's CLIENT_STATE_QUERY_STRING_MAX_FIELDS
MAX_CHARS = 512 * 1024  # and CLIENT_STATE_QUERY_STRING_MAX_LENGTH
PARAM = "link_too_long"
_DONE = "_link_checked"

# A module-level literal, as tests/test_config.py admits a <script> block; 1000 and 524288 are the limits above.
_SCRIPT = """<script>
(() => {
  const entry = performance.getEntriesByType("navigation")[0];
  const url = new URL(entry ? entry.name : window.location.href);
  const search = url.search.replace(/^\\?/, "");
  const fields = search ? search.split("&").length : 0;
  if (fields > 1000 || search.length > 524288) {
    window.location.replace(url.pathname + "?link_too_long=" + fields);
  }
})();
</script>"""


def note_first_run() -> None:
    """Before anything rewrites the URL: whether this session's link reached the server empty-handed
    (a dropped link arrives with no parameters; a link with any never needs the check)."""
    if _DONE not in st.session_state:
        st.session_state[_DONE] = bool(st.query_params)


def check_link() -> None:
    """Send the script once, on a session whose link arrived without parameters."""
    if st.session_state.get(_DONE) is False:
        st.session_state[_DONE] = True
        st.html(_SCRIPT, unsafe_allow_javascript=True)


def note(raw: str) -> str:
    fields = f"{int(raw):,} parameters" if raw.isdigit() else "too many characters"
    return (f"The link had {fields}, more than the {MAX_FIELDS:,} parameters (or {MAX_CHARS // 1024:,} Ki "
            "characters) the app can read, so none of it was used: the defaults are shown. Shorten the link "
            "(values equal to the defaults can be left out).")
