"""The web layer: the FastAPI service (app.py, api.py), its pages (pages.py), live updates (sse.py)."""
