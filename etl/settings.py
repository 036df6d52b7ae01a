"""Pingyi's settings live in warehouse.settings (one home, importable by the ETL and the dashboard alike)."""

from warehouse.settings import Settings

__all__ = ["Settings"]
