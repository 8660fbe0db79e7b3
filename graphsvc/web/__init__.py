"""Server-rendered pages in Finnish and English (Jinja2, autoescaped)."""
