"""Alembic migrations (packaged in the wheel so `aduan migrate` works from an install)."""
