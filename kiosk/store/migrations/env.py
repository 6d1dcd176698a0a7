"""Alembic environment: always run on the connection the app hands over (no ini file, no URL here)."""

from alembic import context

from kiosk.store.models import Base

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
