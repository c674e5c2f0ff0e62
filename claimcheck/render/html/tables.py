"""Tables with headers a screen reader can follow: a caption, ``th
scope="col"`` for each column and ``th scope="row"`` for the first cell of
each row. Cells arrive as HTML already escaped (:mod:`.escape`)."""

from __future__ import annotations

from typing import Iterable, Sequence

Column = tuple[str, str]  # (header text, class: "" or "num")


def table(columns: Sequence[Column], rows: Iterable[Sequence[str]], *, caption: str | None = None,
          row_attrs: Iterable[str] | None = None, cls: str = "") -> str:
    """``caption`` and header texts are plain text; ``rows`` hold HTML cells;
    ``row_attrs``: one string of attributes per row (``data-search="..."``),
    escaped by the caller."""
    from .escape import esc

    head = "".join(f'<th scope="col"{_cls(c)}>{esc(name)}</th>' for name, c in columns)
    out = [f"<table{_cls(cls)}>"]
    if caption:
        out.append(f"<caption>{esc(caption)}</caption>")
    out.append(f"<thead><tr>{head}</tr></thead><tbody>")
    attrs = iter(row_attrs) if row_attrs is not None else None
    for row in rows:
        a = next(attrs) if attrs is not None else ""
        cells = []
        for n, (cell, (_, c)) in enumerate(zip(row, columns)):
            tag = "th" if n == 0 else "td"
            scope = ' scope="row"' if n == 0 else ""
            cells.append(f"<{tag}{scope}{_cls(c)}>{cell}</{tag}>")
        out.append(f"<tr{' ' + a if a else ''}>{''.join(cells)}</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def _cls(c: str) -> str:
    return f' class="{c}"' if c else ""
