"""Choosing how files are read.

``reader()`` returns the function ``(path, rel) -> LoadedFile`` that
:func:`claimcheck.base.open_base` uses. The strict event-based loader in
:mod:`claimcheck.yamlload` is the reference; a faster parser may be plugged in
here as long as it yields the same data and leaves positions to be recovered
lazily (``LoadedFile.locate`` re-reads a file strictly only when a problem in
it must be reported).
"""

from __future__ import annotations

from .yamlload import load_file


def reader():
    return load_file
