"""Diagnostics out: ``text``, ``json``, ``github`` and ``sarif``.

``text`` and ``json`` name files from the base's folder; ``github`` and
``sarif`` from the top of the repository (GitHub attaches annotations there).

Each reporter is a function ``(report, write, color) -> None`` in
:data:`REPORTERS`; adding a format is adding one function. Machine formats are
written with plain ``write`` (never through rich's wrapping console).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable
from urllib.parse import quote

from .. import __version__
from ..diagnostics import Code, Diagnostic
from ..records.encode import dumps
from ..text import safe


@dataclass
class Report:
    files: int
    claims: int
    sources: int
    diagnostics: list[Diagnostic] = field(default_factory=list)
    strict: bool = False
    root: str = ""
    #: The base's folder relative to the repository's top ("news/base/"): the
    #: github and sarif formats name files from the top, where GitHub looks.
    repo_prefix: str = ""
    repo_root: str = ""
    codes: dict[str, Code] = field(default_factory=dict)  # every code, for SARIF's rules
    #: warnings claims acknowledge (ignore:), with the reason: counted, listed under show_ignored
    ignored: list[tuple[Diagnostic, str]] = field(default_factory=list)
    show_ignored: bool = False

    @property
    def errors(self) -> int:
        return sum(1 for d in self.diagnostics if d.severity == "error")

    @property
    def warnings(self) -> int:
        return sum(1 for d in self.diagnostics if d.severity == "warning")

    @property
    def ok(self) -> bool:
        return self.errors == 0 and not (self.strict and self.warnings)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


_RED, _YELLOW, _BOLD, _DIM, _RESET = "\x1b[31m", "\x1b[33m", "\x1b[1m", "\x1b[2m", "\x1b[0m"


def _ignored_note(report: Report) -> str:
    n = len(report.ignored)
    if not n:
        return ""
    return f" {_plural(n, 'warning')} ignored{'' if report.show_ignored else ' (--show-ignored lists them)'}."


def text(report: Report, write: Callable[[str], object], color: bool) -> None:
    lines: list[str] = []  # written a thousand at a time: one call per line costs as much as the rest
    for d in report.diagnostics:
        loc = f"{safe(d.path)}:{d.line}:{d.column}:"
        code = d.code if d.severity == "error" else f"{d.code} warning:"
        if color:
            c = _RED if d.severity == "error" else _YELLOW
            lines.append(f"{_BOLD}{loc}{_RESET} {c}{code}{_RESET} {safe(d.message)}\n")
        else:
            lines.append(f"{loc} {code} {safe(d.message)}\n")
        if len(lines) == 1000:
            write("".join(lines))
            lines.clear()
    if lines:
        write("".join(lines))
    if report.show_ignored:
        for d, reason in report.ignored:
            loc = f"{safe(d.path)}:{d.line}:{d.column}:"
            line = f"{d.code} ignored: {safe(d.message)} [reason: {safe(reason)}]"
            write(f"{_BOLD}{loc}{_RESET} {_DIM}{line}{_RESET}\n" if color else f"{loc} {line}\n")
    counts = f"{_plural(report.files, 'file')}, {_plural(report.claims, 'claim')}, {_plural(report.sources, 'source')}"
    if not report.diagnostics:
        summary = f"All checks passed: {counts}.{_ignored_note(report)}"
    else:
        files_hit = len({d.path for d in report.diagnostics})
        parts = []
        if report.errors:
            parts.append(_plural(report.errors, "error"))
        if report.warnings:
            parts.append(_plural(report.warnings, "warning") + (" (failing under --strict)" if report.strict else ""))
        summary = f"Found {' and '.join(parts)} in {_plural(files_hit, 'file')} ({counts}).{_ignored_note(report)}"
    if color:
        summary = f"{_BOLD}{summary}{_RESET}"
    write(summary + "\n")


def as_json(report: Report, write: Callable[[str], object], color: bool) -> None:
    doc = {
        "ok": report.ok,
        "files": report.files,
        "claims": report.claims,
        "sources": report.sources,
        "errors": report.errors,
        "warnings": report.warnings,
        "ignored": len(report.ignored),
        "diagnostics": [d.as_dict() for d in report.diagnostics],
    }
    if report.show_ignored:
        doc["ignored_diagnostics"] = [dict(d.as_dict(), reason=reason) for d, reason in report.ignored]
    write(dumps(doc, indent=2) + "\n")


def gh_data(s: str) -> str:
    """Escape a workflow command's message (GitHub's toolkit escapeData)."""
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def gh_property(s: str) -> str:
    """Escape a workflow command's property value (escapeProperty)."""
    return gh_data(s).replace(":", "%3A").replace(",", "%2C")


def github(report: Report, write: Callable[[str], object], color: bool) -> None:
    for d in report.diagnostics:
        props = [f"file={safe(gh_property(report.repo_prefix + d.path))}", f"line={d.line}", f"col={d.column}"]
        if d.end_line:
            props.append(f"endLine={d.end_line}")
        if d.end_column and d.end_line == d.line:
            props.append(f"endColumn={d.end_column}")
        props.append(f"title={gh_property(d.code)}")
        write(f"::{d.severity} {','.join(props)}::{safe(gh_data(d.message))}\n")
    ignored = f", {len(report.ignored)} ignored" if report.ignored else ""
    write(
        f"claimcheck: {_plural(report.errors, 'error')}, {_plural(report.warnings, 'warning')}{ignored} "
        f"({_plural(report.files, 'file')}, {_plural(report.claims, 'claim')})\n"
    )


SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def sarif(report: Report, write: Callable[[str], object], color: bool) -> None:
    table = report.codes
    codes = sorted(table)
    index = {c: i for i, c in enumerate(codes)}
    rules = [
        {
            "id": c,
            "name": table[c].title,
            "shortDescription": {"text": table[c].meaning},
            "defaultConfiguration": {"level": table[c].severity},
        }
        for c in codes
    ]
    prefix = report.repo_prefix
    results = []
    # Acknowledged warnings, under --show-ignored, as SARIF's own suppressed results.
    suppressed = {id(d): reason for d, reason in report.ignored} if report.show_ignored else {}
    listed = [*report.diagnostics, *(d for d, _ in report.ignored)] if suppressed else report.diagnostics
    for d in listed:
        region = {"startLine": d.line, "startColumn": d.column}
        if d.end_line:
            region["endLine"] = d.end_line
            region["endColumn"] = d.end_column or d.column
        res = {
            "ruleId": d.code,
            "ruleIndex": index[d.code],
            "level": d.severity,
            "message": {"text": d.message},
            "locations": [
                {"physicalLocation": {"artifactLocation": {"uri": quote(prefix + d.path), "uriBaseId": "ROOT"}, "region": region}}
            ],
        }
        if id(d) in suppressed:
            res["suppressions"] = [{"kind": "inSource", "justification": suppressed[id(d)]}]
        if d.related:
            res["relatedLocations"] = [
                {
                    "id": i,
                    "physicalLocation": {
                        "artifactLocation": {"uri": quote(prefix + p), "uriBaseId": "ROOT"},
                        "region": {"startLine": ln, "startColumn": col},
                    },
                }
                for i, (p, ln, col) in enumerate(d.related)
            ]
        results.append(res)
    run = {
        "tool": {
            "driver": {
                "name": "claimcheck",
                "version": __version__,
                "rules": rules,
            }
        },
        "columnKind": "unicodeCodePoints",
        "results": results,
    }
    top = report.repo_root or report.root
    if top:
        run["originalUriBaseIds"] = {"ROOT": {"uri": Path(top).resolve().as_uri() + "/"}}
    doc = {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}
    write(dumps(doc, indent=2) + "\n")


REPORTERS: dict[str, Callable[[Report, Callable[[str], object], bool], None]] = {
    "text": text,
    "json": as_json,
    "github": github,
    "sarif": sarif,
}
