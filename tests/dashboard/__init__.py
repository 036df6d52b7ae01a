"""Tests of the dashboard and its query layer (warehouse/queries.py)."""
