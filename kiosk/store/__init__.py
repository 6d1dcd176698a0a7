"""Storage: one SQLAlchemy model set that runs on the kiosk's SQLite and on the hub's PostgreSQL."""

from kiosk.store.db import Database, open_database

__all__ = ["Database", "open_database"]
