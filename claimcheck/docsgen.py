"""The generated parts of the manual in ``docs/``: each table made from the
code that decides it (the figure phrases, the diagnostic codes, the field
tables, the rating tables, the command reference from ``--help``).

``python -m claimcheck.docsgen`` rewrites every generated block in ``docs/``
(between ``<!-- generated: NAME -->`` and ``<!-- /generated -->``);
``python -m claimcheck.docsgen --check`` fails when one is stale, and the test
suite runs that check.
"""

from __future__ import annotations

from datetime import date

from .figures import PHRASES, Figure, format_interval, format_number, parse_figure


def _example_value(example: str) -> object:
    if example.startswith("{"):
        out: dict[str, object] = {}
        for part in example.strip("{}").split(","):
            k, _, v = part.partition(":")
            out[k.strip()] = float(v) if "." in v else int(v)
        return out
    return example


def _describe(f: Figure) -> str:
    s = format_interval(f)
    if f.best is not None:
        if f.kind == "date":
            s += f", best {date.fromordinal(int(f.best)).isoformat()}"
        else:
            s += f", best {format_number(f.best)}"
    return s


def phrase_table_markdown() -> str:
    """The PHRASES table as Markdown (forms, interval, best, source, example with its parse)."""
    def cell(s: str) -> str:
        return s.replace("|", "\\|").replace("\n", " ")

    lines = [
        "| Forms | Interval | Best | Source | Example |",
        "| --- | --- | --- | --- | --- |",
    ]
    for rule in PHRASES:
        fig = parse_figure(_example_value(rule.example))
        example = f"`{rule.example}` → {_describe(fig)}"
        lines.append("| " + " | ".join(cell(c) for c in (rule.forms, rule.interval, rule.best, rule.source, example)) + " |")
    return "\n".join(lines) + "\n"
