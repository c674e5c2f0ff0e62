"""Formats a claim base speaks besides its own YAML.

* :mod:`.claimreview`: schema.org ClaimReview JSON-LD, out (one review per
  reviewed claim, in a ``DataFeed``) and in (messy real feeds, mapped to claims
  and sources).
* :mod:`.tables`: JSON, JSON lines and CSV rows of claims (CSV cells guarded
  against formula injection).
* :mod:`.sqlite`: one SQLite file with plain tables, primary and foreign keys
  and indexes, for Datasette and sqlite-utils.

Pure core: nothing here imports typer or rich.
"""
