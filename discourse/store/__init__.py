"""The DuckDB corpus store: the only code that imports duckdb or holds SQL."""

from discourse.store.db import SCHEMA_VERSION, Store, open_store

__all__ = ["SCHEMA_VERSION", "Store", "open_store"]
