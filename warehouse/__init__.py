"""The warehouse: DDL and views as .sql files, versioned DuckDB files behind an atomic pointer, the query layer.

Imports neither streamlit nor plotly, and neither `etl` nor `dashboard` (dashboard → warehouse ← etl).
"""
