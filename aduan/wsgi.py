"""WSGI entry point for gunicorn: `gunicorn aduan.wsgi:app`."""

from aduan import create_app

app = create_app({"WEB_PROCESS": True})  # statements bounded (config.limit_statements)
