"""Writes to the registry: the one path every writer takes (the API, the admin, spreadsheet
imports, ingestion, the gazetteer's places).

- `records`: `record_save` and `record_delete`, a record with its links and owned rows in one
  transaction, validated in full, with history;
- `parse`: a record's values as JSON gives them, read into what `record_save` takes;
- `places`: cities from the gazetteer written with the record that names them;
- `merge`: what a write adds to a stored record without removing or replacing anything.
"""

from .records import (
    ErrorTree,
    Pending,
    RecordInvalid,
    RecordReferredTo,
    WriteConflict,
    has_slug,
    record_delete,
    record_errors,
    record_save,
)

__all__ = [
    "ErrorTree",
    "Pending",
    "RecordInvalid",
    "RecordReferredTo",
    "WriteConflict",
    "has_slug",
    "record_delete",
    "record_errors",
    "record_save",
]
