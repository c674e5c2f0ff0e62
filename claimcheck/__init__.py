"""claimcheck: claim verification and source-bias tracking."""

__version__ = "0.1.0"

#: Set to a list by a process that ends without freeing its memory (the
#: command line, :func:`claimcheck.cli.main`): every base opened
#: (:func:`claimcheck.base.open_base`) is kept there to the end, as freeing a
#: large base's millions of objects one by one takes a tenth of a second or
#: more, and the end of the process gives its memory back at once.
KEEP_ALIVE: list | None = None
