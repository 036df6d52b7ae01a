"""The Streamlit dashboard: router (app.py), pages (app_pages/), pure chart builders and cached data access."""
