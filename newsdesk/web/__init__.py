"""The web layer: the FastAPI service (app.py: ``create_app``, api.py), its pages (pages.py), live updates (sse.py)."""
