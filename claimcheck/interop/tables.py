"""Claims as JSON, JSON lines and CSV: the rows of :func:`claimcheck.query.claim_record`.

The same record serves ``claims --format json`` and ``export --format
json|jsonl|csv``, so a field has one name everywhere. CSV has the columns of
:data:`claimcheck.query.CSV_FIELDS` (lists joined with ``"; "``) and every
cell passes :func:`csv_cell`, which keeps spreadsheets from running
untrusted text as a formula.
"""

from __future__ import annotations

import csv
import io
from typing import Iterable

from ..sanitize import dumps

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


def csv_fields() -> tuple[str, ...]:
    from ..query import CSV_FIELDS

    return tuple(CSV_FIELDS)


def csv_text(records: Iterable[dict]) -> str:
    """Header and one row per claim record (the columns of CSV_FIELDS)."""
    return csv_table(csv_fields(), records)


def json_text(records: list[dict]) -> str:
    """A JSON list of claim records (the objects of ``claims --format json``),
    one record per line, as :func:`claimcheck.sanitize.write_json_records`
    writes it (for an -o file, written whole and atomically)."""
    from ..sanitize import write_json_records

    parts: list[str] = []
    write_json_records(parts.append, records)
    return "".join(parts)


def jsonl_text(records: Iterable[dict]) -> str:
    """One claim record per line."""
    return "".join(dumps(r, separators=(",", ":")) + "\n" for r in records)
