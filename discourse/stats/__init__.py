"""Read-only aggregates over the store -> DataFrames with intervals (filled by the statistics issue)."""
