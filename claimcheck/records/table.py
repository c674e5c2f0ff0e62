"""CSV as claimcheck writes it: every cell guarded against formula injection,
CRLF line ends (RFC 4180)."""

from __future__ import annotations

import csv
import io
from typing import Iterable

# Characters that make Excel, LibreOffice or Google Sheets treat a cell as a
# formula (or, for TAB and CR, that some of them strip before doing so), with
# their full-width forms.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def csv_cell(text: str) -> str:
    """``text`` made inert for spreadsheets: a cell that starts with one of
    :data:`FORMULA_START` (after any spaces) gets a leading apostrophe, which
    spreadsheets show as text and do not evaluate (OWASP's advice)."""
    if text and (text[0] in FORMULA_START or text.lstrip(" ")[:1] in FORMULA_START):
        return "'" + text
    return text


def csv_value(v: object) -> str:
    """One cell: empty for None, ``true``/``false``, lists joined with ``"; "``,
    text formula-guarded by :func:`csv_cell`."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, list):
        return csv_cell("; ".join(str(x) for x in v))
    if isinstance(v, str):
        return csv_cell(v)
    return str(v)


def csv_table(fields: Iterable[str], rows: Iterable[dict]) -> str:
    """A header and one row per dict (its ``fields``), every cell through
    :func:`csv_value`, CRLF line ends (RFC 4180). Every CSV claimcheck writes
    goes through here."""
    fields = tuple(fields)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(fields)
    for row in rows:
        w.writerow([csv_value(row.get(k)) for k in fields])
    return buf.getvalue()
