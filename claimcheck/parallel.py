"""Reading the claims files of a large base in worker processes.

Parsing YAML and checking each record's shape is half the time of ``validate``
on a large base, and every file is independent of the others. Where the
machine gives the process more than one CPU, the claims files of a large base
are read and checked in forked worker processes (nothing is imported again),
each sending back its data, serialised with :mod:`marshal` (exact types, and
several times faster to read back than pickle), and its shape problems. The
main process builds the model in file order while the workers read ahead, so
the result, diagnostics included, is the same as a serial read.

A file that the fast path does not take (see :mod:`claimcheck.fastload`), or
that a worker failed on, comes back empty and is read by the main process
exactly as in a serial run.

Used when the platform forks (Linux), the claims files total at least
:data:`MIN_BYTES`, and at least two workers are available:
``$CLAIMCHECK_JOBS`` sets their number (``1`` reads serially), else one per
CPU the process may use, at most :data:`MAX_WORKERS`.
"""

from __future__ import annotations

import marshal
import os
import sys
from pathlib import Path
from typing import Any, Iterator

ENV_JOBS = "CLAIMCHECK_JOBS"
#: Claims files smaller than this in all are read serially: starting workers
#: costs more than it saves (measured here: 10% slower at 3.4 MB, 10% faster at 8.5 MB;
#: 6 MiB is a base of about 18,000 claims).
MIN_BYTES = 6 * 1024 * 1024
MAX_WORKERS = 8


def workers(total_bytes: int, files: int) -> int:
    """How many worker processes to read ``files`` files of ``total_bytes``
    with; 0 or 1 means a serial read."""
    if files < 2 or not sys.platform.startswith("linux"):
        return 0
    wanted = os.environ.get(ENV_JOBS, "").strip()
    if wanted:
        try:
            n = int(wanted)
        except ValueError:
            n = 0
        return max(0, min(n, files, 64))
    if total_bytes < MIN_BYTES:
        return 0
    try:
        cpus = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cpus = os.cpu_count() or 1
    return min(cpus, MAX_WORKERS, files)


def _read_and_check(path: Path | None) -> tuple[bytes, list] | None:
    """In a worker: the file's data (marshalled) and its shape problems; None
    when the main process must read it (and for no path)."""
    from .fastload import fast_file_data
    from .schema import check_claims_file

    if path is None:
        return None
    try:
        ok, data = fast_file_data(path)
        if not ok:
            return None
        return marshal.dumps(data), check_claims_file(data)
    except Exception:  # anything odd: the main process reads the file itself
        return None


def read_ahead(paths: list[Path | None], n: int) -> Iterator[tuple[Any, list] | None]:
    """For each path, in order: (data, problems) read by one of ``n``
    workers, or None where the caller must read the file itself. The workers
    are stopped when the iterator is exhausted or closed."""
    import multiprocessing

    pool = multiprocessing.get_context("fork").Pool(n)
    try:
        chunk = max(1, len(paths) // (n * 8))
        for got in pool.imap(_read_and_check, paths, chunksize=chunk):
            yield None if got is None else (marshal.loads(got[0]), got[1])
        pool.close()
    finally:
        pool.terminate()
        pool.join()
