"""The REST API (FastAPI): create_app(settings) in graphsvc.api.app."""
