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
import json
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


def csv_fields() -> tuple[str, ...]:
    from ..query import CSV_FIELDS

    return tuple(CSV_FIELDS)


def csv_text(records: Iterable[dict]) -> str:
    """Header and one row per claim record, formula-guarded, CRLF line ends (RFC 4180)."""
    from ..query import csv_row

    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(csv_fields())
    for rec in records:
        w.writerow([csv_cell(c) for c in csv_row(rec)])
    return buf.getvalue()


def json_text(records: list[dict]) -> str:
    """A JSON list of claim records, as ``claims --format json`` prints it."""
    return json.dumps(records, ensure_ascii=False, indent=2) + "\n"


def jsonl_text(records: Iterable[dict]) -> str:
    """One claim record per line."""
    return "".join(json.dumps(r, ensure_ascii=False, separators=(",", ":")) + "\n" for r in records)
