"""The REST API (FastAPI) routes; the app is built by graphsvc.app.create_app."""
