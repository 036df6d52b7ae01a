"""Readers: one per source family, each a pure function from a path to canonical polars frames."""
