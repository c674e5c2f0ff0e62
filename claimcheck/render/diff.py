"""``claimcheck diff`` for people: ``text`` (grouped; coloured only on a
terminal) and ``markdown`` (a pull-request comment or ``$GITHUB_STEP_SUMMARY``).

Both read a :class:`claimcheck.diff.BaseDiff` and decide nothing. Markdown
lives here rather than in :mod:`claimcheck.records`: it is a page people read
(GitHub renders it), with the text view's wording and grouping, not a shape
programs parse; programs read ``--format json``. Every piece of text from the
base goes into a Markdown code span (:func:`md_code`), so a claim cannot
mention anyone, inject HTML or links, or break the page; a long section is
cut at :data:`MD_LIST_CAP` entries, keeping the page under GitHub's size limits.
"""

from __future__ import annotations

from typing import Any, Callable

from ..diff import KINDS, BaseDiff, FieldChange, RecordChange, RecordEntry
from ..records.encode import dumps
from ..text import safe

Write = Callable[[str], object]

_RED, _GREEN, _YELLOW, _BOLD, _DIM, _RESET = "\x1b[31m", "\x1b[32m", "\x1b[33m", "\x1b[1m", "\x1b[2m", "\x1b[0m"
#: Longest value shown in full; longer ones are cut with an ellipsis.
VALUE_CAP = 160
#: Entries listed per section in Markdown (the JSON has them all).
MD_LIST_CAP = 50


def value_text(v: Any, cap: int = VALUE_CAP) -> str:
    """A field's value on one line: text as it is (in double quotes when it
    holds a space), lists and mappings as compact JSON, an absent value as
    (none); control characters shown as escapes (:func:`claimcheck.text.safe`)."""
    if v is None:
        s = "(none)"
    elif isinstance(v, str):
        s = '"' + v.replace('"', '\\"') + '"' if (not v or any(c.isspace() for c in v) or v.startswith('"')) else v
    elif isinstance(v, bool):
        s = "true" if v else "false"
    elif isinstance(v, (list, dict)):
        s = dumps(v, separators=(", ", ": "), default=str)
    else:
        s = str(v)
    s = safe(s)
    return s if len(s) <= cap else s[: cap - 3] + "..."


def pair_text(old: Any, new: Any, cap: int = VALUE_CAP) -> tuple[str, str]:
    """A changed field's two values; long texts start a little before the
    first character where they differ, so the change is in sight."""
    if isinstance(old, str) and isinstance(new, str) and max(len(old), len(new)) > cap:
        p = 0
        for x, y in zip(old, new):
            if x != y:
                break
            p += 1
        start = max(0, p - cap // 4)
        if start:
            old, new = "..." + old[start:], "..." + new[start:]
    return value_text(old, cap), value_text(new, cap)


def _factor(x: float | None) -> str:
    return "none (too few comparisons)" if x is None else f"{x:.2f}x"


def _severity(x: float | None) -> str:
    return "-" if x is None or x == float("inf") else f"{x:.1f}x"


def _summary(e: RecordEntry) -> list[tuple[str, Any]]:
    """The fields that say what a claim added or removed is."""
    r = e.record
    return [(k, r[k]) for k in ("claimant", "topic", "figure", "status") if k in r]


def _title(d: BaseDiff) -> str:
    old = d.old.label + (f" ({d.old.commit[:10]})" if d.old.commit else "")
    new = d.new.label + (f" ({d.new.commit[:10]})" if d.new.commit else "")
    where = "" if d.base == "." else f", base {d.base}/"
    return f"{old} -> {new}{where}"


def _counts(*parts: tuple[int, str]) -> str:
    return ", ".join(f"{n} {word}" for n, word in parts)


# --------------------------------------------------------------------------
# text
# --------------------------------------------------------------------------


def text(d: BaseDiff, write: Write, color: bool) -> None:
    def c(s: str, code: str) -> str:
        return f"{code}{s}{_RESET}" if color else s

    def head(s: str) -> None:
        write("\n" + c(s, _BOLD) + "\n")

    def fields(fs: list[FieldChange]) -> None:
        for f in fs:
            a, b = pair_text(f.old, f.new)
            write(f"      {safe(f.field)}: {a} -> {b}\n")

    def records(what: str, added, removed, changed: list[RecordChange]) -> None:
        if not (added or removed or changed):
            return
        head(f"{what}: {_counts((len(added), 'added'), (len(removed), 'removed'), (len(changed), 'changed'))}")
        for e in added:
            write(f"  {c('+', _GREEN)} {safe(e.id)}  {c(safe(e.file), _DIM)}\n")
            if what == "Claims":
                write("      " + ", ".join(f"{k} {value_text(v)}" for k, v in _summary(e)) + "\n")
        for e in removed:
            write(f"  {c('-', _RED)} {safe(e.id)}  {c(safe(e.file), _DIM)}\n")
            if what == "Claims":
                write("      " + ", ".join(f"{k} {value_text(v)}" for k, v in _summary(e)) + "\n")
        for ch in changed:
            moved = f" (moved from {safe(ch.old_file)})" if ch.old_file != ch.file else ""
            write(f"  {c('~', _YELLOW)} {safe(ch.id)}  {c(safe(ch.file) + moved, _DIM)}\n")
            fields(ch.fields)

    write(c("claimcheck diff: " + safe(_title(d)), _BOLD) + "\n")
    if d.empty:
        write("No change to the claims, sources, topics, evidence, conflicts or bias figures.\n")
    records("Claims", d.claims_added, d.claims_removed, d.claims_changed)
    if d.status_changes:
        head(f"Status changes: {len(d.status_changes)}")
        for s in d.status_changes:
            write(f"  {safe(s.id)}: {safe(s.old)} -> {c(safe(s.new), _YELLOW)}\n")
    if d.evidence_changes:
        head(f"Evidence changes: {len(d.evidence_changes)}")
        for e in d.evidence_changes:
            write(f"  {safe(e.id)} ({safe(e.topic)}): {e.old or 'none'} -> {c(e.new or 'none', _YELLOW)}"
                  f"  (agree {e.old_counts[0]} -> {e.new_counts[0]}, conflict {e.old_counts[1]} -> {e.new_counts[1]})\n")
    if d.conflicts_new or d.conflicts_resolved:
        head(f"Conflicts: {_counts((len(d.conflicts_new), 'new'), (len(d.conflicts_resolved), 'resolved'))}")
        for x, mark, code, what in [*((x, "!", _RED, "now conflicts") for x in d.conflicts_new),
                                    *((x, "=", _GREEN, "no longer conflicts") for x in d.conflicts_resolved)]:
            title = f" ({safe(x.title)})" if x.title else ""
            write(f"  {c(mark, code)} {safe(x.topic)}{title}: {what}; {x.conflicting_pairs} conflicting pair(s), "
                  f"most severe {_severity(x.severity)}\n")
            for p in x.pairs:
                size = f"{p.gap_days} days" if p.gap_days is not None else _severity(p.ratio)
                write(f"      {safe(p.a)} vs {safe(p.b)}: {size} apart ({p.stances})\n")
    if d.topics_added or d.topics_removed:
        head(f"Topics: {_counts((len(d.topics_added), 'added'), (len(d.topics_removed), 'removed'))}")
        for t in d.topics_added:
            write(f"  {c('+', _GREEN)} {safe(t)}\n")
        for t in d.topics_removed:
            write(f"  {c('-', _RED)} {safe(t)}\n")
    records("Sources", d.sources_added, d.sources_removed, d.sources_changed)
    records("Stances", d.stances_added, d.stances_removed, d.stances_changed)
    if d.bias:
        head(f"Bias: inflation factors that moved by more than {d.bias_threshold:.0%}: {len(d.bias)}")
        for b in d.bias:
            write(f"  {safe(b.claimant)}: {_factor(b.old)} -> {c(_factor(b.new), _YELLOW)}"
                  f"  ({b.old_comparisons} -> {b.new_comparisons} comparisons)\n")
    v = d.validation
    if v.errors:
        head(c(f"The new side does not validate: {len(v.errors)} error(s)", _RED))
        for x in v.errors:
            write(f"  {safe(x.path)}:{x.line}:{x.column}: {x.code} {safe(x.message)}\n")
    kinds = d.kinds()
    write("\n" + (f"Gate kinds present: {', '.join(kinds)}" if kinds else "Gate kinds present: none") + "\n")


# --------------------------------------------------------------------------
# markdown
# --------------------------------------------------------------------------


def md_code(v: Any) -> str:
    """Untrusted text as one Markdown code span: nothing in it is markup,
    HTML, a link or a mention. The fence is longer than any run of
    backticks inside. (Only list items hold code spans: in a table, GitHub
    would split a cell on a ``|`` even inside one.)"""
    s = safe(v if isinstance(v, str) else value_text(v))
    if len(s) > VALUE_CAP:
        s = s[: VALUE_CAP - 3] + "..."
    run = longest = 0
    for ch in s:
        run = run + 1 if ch == "`" else 0
        longest = max(longest, run)
    fence = "`" * (longest + 1)
    pad = " " if (s.startswith("`") or s.endswith("`") or not s.strip()) else ""
    return f"{fence}{pad}{s}{pad}{fence}"


def _md_value(v: Any) -> str:
    return "*(none)*" if v is None else md_code(value_text(v))


def markdown(d: BaseDiff, write: Write) -> None:
    def capped(items: list, line: Callable[[Any], str]) -> None:
        for x in items[:MD_LIST_CAP]:
            write(line(x) + "\n")
        if len(items) > MD_LIST_CAP:
            write(f"- ... and {len(items) - MD_LIST_CAP} more (`claimcheck diff --format json` lists every one)\n")

    def section(title: str) -> None:
        write(f"\n#### {title}\n\n")

    old = md_code(d.old.label) + (f" ({md_code(d.old.commit[:10])})" if d.old.commit else "")
    new = md_code(d.new.label) + (f" ({md_code(d.new.commit[:10])})" if d.new.commit else "")
    where = "" if d.base == "." else f" · base {md_code(d.base + '/')}"
    write(f"### claimcheck diff: {old} → {new}{where}\n\n")
    kinds = d.kinds()
    if kinds:
        write("**Gate kinds present:** " + ", ".join(f"`{k}`" for k in kinds) + "\n\n")
    if d.empty and not d.validation.errors:
        write("No change to the claims, sources, topics, evidence, conflicts or bias figures.\n")
        return
    rows = [
        ("Claims", _counts((len(d.claims_added), "added"), (len(d.claims_removed), "removed"),
                           (len(d.claims_changed), "changed"))),
        ("Status changes", str(len(d.status_changes))),
        ("Evidence changes", str(len(d.evidence_changes))),
        ("Conflicts", _counts((len(d.conflicts_new), "new"), (len(d.conflicts_resolved), "resolved"))),
        ("Topics", _counts((len(d.topics_added), "added"), (len(d.topics_removed), "removed"))),
        ("Sources", _counts((len(d.sources_added), "added"), (len(d.sources_removed), "removed"),
                            (len(d.sources_changed), "changed"))),
        ("Bias figures moved", f"{len(d.bias)} (threshold {d.bias_threshold:.0%})"),
        ("New side", f"{len(d.validation.errors)} error(s), {d.validation.warnings} warning(s)"),
    ]
    write("| | |\n|---|---|\n" + "".join(f"| {a} | {b} |\n" for a, b in rows))

    def entry(e: RecordEntry, with_summary: bool) -> str:
        extra = ", ".join(f"{k} {_md_value(v)}" for k, v in _summary(e)) if with_summary else ""
        return f"- {md_code(e.id)} in {md_code(e.file)}" + (f": {extra}" if extra else "")

    def change(ch: RecordChange) -> str:
        parts = []
        for f in ch.fields:
            a, b = pair_text(f.old, f.new)
            parts.append(f"{md_code(f.field)} {'*(none)*' if f.old is None else md_code(a)} → "
                         f"{'*(none)*' if f.new is None else md_code(b)}")
        return f"- {md_code(ch.id)}: {'; '.join(parts)}"

    for title, items, fn in (
        ("Claims removed", d.claims_removed, lambda e: entry(e, True)),
        ("Claims added", d.claims_added, lambda e: entry(e, True)),
        ("Claims changed", d.claims_changed, change),
        ("Status changes", d.status_changes, lambda s: f"- {md_code(s.id)}: {md_code(s.old)} → {md_code(s.new)}"),
        ("Evidence changes", d.evidence_changes,
         lambda e: f"- {md_code(e.id)} ({md_code(e.topic)}): {md_code(e.old or 'none')} → {md_code(e.new or 'none')}"),
        ("New conflicts", d.conflicts_new,
         lambda x: f"- {md_code(x.topic)}: {x.conflicting_pairs} conflicting pair(s), most severe {_severity(x.severity)}"),
        ("Conflicts resolved", d.conflicts_resolved, lambda x: f"- {md_code(x.topic)}"),
        ("Topics added", d.topics_added, lambda t: f"- {md_code(t)}"),
        ("Topics removed", d.topics_removed, lambda t: f"- {md_code(t)}"),
        ("Sources added", d.sources_added, lambda e: entry(e, False)),
        ("Sources removed", d.sources_removed, lambda e: entry(e, False)),
        ("Sources changed", d.sources_changed, change),
        ("Stances added", d.stances_added, lambda e: entry(e, False)),
        ("Stances removed", d.stances_removed, lambda e: entry(e, False)),
        ("Stances changed", d.stances_changed, change),
        ("Bias figures moved", d.bias,
         lambda b: f"- {md_code(b.claimant)}: inflation {_factor(b.old)} → {_factor(b.new)} "
                   f"({b.old_comparisons} → {b.new_comparisons} comparisons)"),
        ("Errors on the new side", d.validation.errors,
         lambda x: f"- {md_code(f'{x.path}:{x.line}:{x.column}')} {x.code} {md_code(x.message)}"),
    ):
        if items:
            section(title)
            capped(items, fn)
    write(f"\n<sub>Gate kinds: {', '.join(KINDS)}.</sub>\n")
