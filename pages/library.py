"""Team library: scenarios saved in the shared database, with history, trash, import and export."""

import streamlit as st

from advocacy_store import MAX_IMPORT_BYTES, export_json
from advocacy_ui import library, router
from advocacy_ui.inputs import shown

router.require_router()

st.title("Team library")
st.caption(f"Saved for everyone using this app: {shown(library.where(), 80)}.")
library.show_message()


def library_page() -> None:
    """Everything that reads or writes the database."""
    store = library.store()

    # --- save ---------------------------------------------------------------------------------
    st.header("Save the scenario in the sliders")
    library.seed_save_fields()  # the scenario's own name and preparer: one name for the case and its entry
    with st.container(horizontal=True, vertical_alignment="top", key="save-row"):
        st.text_input("Name", key="lib-name", max_chars=120, placeholder="e.g. FY27 budget ask")
        st.text_input("Author", key="lib-author", max_chars=120, placeholder="your name")
    st.text_area("Notes", key="lib-notes", max_chars=5000, height=80,
                 placeholder="What this scenario assumes and why (shown as typed)")
    pending = library.pending_overwrite()
    if pending:
        with st.container(border=True, key="confirm-overwrite"):
            st.warning(f"A scenario named {shown(pending, 60)} is already in the library. Replace it? "
                       "Its current version is kept in its history.", icon=":material/warning:")
            with st.container(horizontal=True):
                st.button("Replace it", key="lib-replace", type="primary", on_click=library.save_current, args=(True,))
                st.button("Cancel", key="lib-cancel", on_click=library.cancel_overwrite)
    else:
        st.button("Save to the library", key="lib-save", type="primary", icon=":material/save:",
                  on_click=library.save_current, args=(False,))

    # --- browse -------------------------------------------------------------------------------
    st.header("Scenarios")
    entries = store.live()
    if not entries:
        st.info("The library is empty: save the current scenario above, or import a file below.", icon=":material/info:")
    else:
        st.dataframe(library.entries_table(entries), key="lib-table", hide_index=True, width="stretch")
        by_id = {e.id: e for e in entries}
        picked = st.selectbox("Scenario", list(by_id), key="lib-pick", format_func={i: e.name for i, e in by_id.items()}.get)
        entry = by_id[picked]
        scenario, problems = library.open_entry(entry)
        if problems:
            st.error("This scenario cannot be opened by this version of the app:", icon=":material/error:")
            st.code("\n".join(problems), language=None)
        if entry.notes:
            st.text(entry.notes)
        with st.container(horizontal=True, key="entry-actions"):
            st.button("Open in the sliders", key="lib-open", icon=":material/upload:", disabled=scenario is None,
                      on_click=library.open_in_sliders, args=(entry.id,))
            st.button("Pin for comparison", key="lib-pin", icon=":material/push_pin:", disabled=scenario is None,
                      on_click=library.pin_entry, args=(entry.id,))
            st.button("Duplicate", key="lib-duplicate", icon=":material/content_copy:",
                      on_click=library.duplicate, args=(entry.id,))
            st.button("Move to trash", key="lib-delete", icon=":material/delete:", on_click=library.delete, args=(entry.id,))
            st.download_button("Export as JSON", export_json([entry]), file_name=library.file_name(entry.name),
                               mime="application/json", key="lib-export-one", icon=":material/download:",
                               on_click="ignore")
        with st.container(horizontal=True, vertical_alignment="bottom", key="rename-row"):
            st.text_input("New name", key="lib-rename-to", max_chars=120)
            st.button("Rename", key="lib-rename", on_click=library.rename, args=(entry.id,))
        versions = store.history(entry.id)
        with st.expander(f"History: {len(versions)} earlier version{'s' if len(versions) != 1 else ''}",
                         icon=":material/history:"):
            if versions:
                st.dataframe(library.history_table(versions), key="lib-history", hide_index=True, width="stretch")
                vid = st.selectbox("Version", [v.id for v in versions], key="lib-version",
                                   format_func={v.id: f"revision {v.revision}, saved {library.when(v.saved_at)}"
                                                for v in versions}.get)
                st.button("Make this version current", key="lib-restore-version", icon=":material/restore:",
                          help="The current version goes into the history, so nothing is lost.",
                          on_click=library.restore_version, args=(entry.id, vid))
            else:
                st.caption("Saved once: no earlier versions.")

    # --- trash --------------------------------------------------------------------------------
    trashed = store.trash()
    with st.expander(f"Trash: {len(trashed)} scenario{'s' if len(trashed) != 1 else ''}", icon=":material/delete:"):
        if trashed:
            by_id_t = {e.id: e for e in trashed}
            tid = st.selectbox("Deleted scenario", list(by_id_t), key="lib-trash-pick", format_func={
                i: f"{e.name} (deleted {library.when(e.deleted_at)})" for i, e in by_id_t.items()}.get)
            st.text_input("Restore under another name (only if its name is taken now)", key="lib-restore-as",
                          max_chars=120)
            with st.container(horizontal=True):
                st.button("Restore", key="lib-restore", icon=":material/restore_from_trash:", on_click=library.restore,
                          args=(tid,))
                st.button("Delete for good", key="lib-purge", icon=":material/delete_forever:",
                          on_click=library.purge, args=(tid,))
        else:
            st.caption("The trash is empty.")

    # --- import / export ----------------------------------------------------------------------
    st.header("Import and export")
    st.download_button("Export the whole library (JSON)", export_json(entries), file_name="advocacy-library.json",
                       mime="application/json", key="lib-export-all", icon=":material/download:", on_click="ignore",
                       disabled=not entries)
    st.file_uploader(f"Import a library export or a scenario file (JSON, at most {MAX_IMPORT_BYTES // 1_000_000} MB)",
                     type=["json"], key="lib-upload", max_upload_size=MAX_IMPORT_BYTES // 1_000_000)
    st.checkbox("Replace scenarios of the same name (their current version goes to their history)",
                key="lib-import-overwrite")
    st.button("Import", key="lib-import", icon=":material/upload_file:", on_click=library.import_upload)
    st.caption("Every scenario in the file is checked first; if any has a problem, nothing is imported.")


with library.when_available():  # a database fault: one sentence, the rest of the app as it was
    library_page()
