"""Write a new Alembic revision from the models: python tools/new_migration.py MESSAGE REV_ID."""
import sys
import tempfile
from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine
from kiosk.store.db import MIGRATIONS_DIR
engine = create_engine("sqlite:///" + tempfile.mkdtemp() + "/autogen.sqlite3")
cfg = Config(); cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
with engine.begin() as c:
    cfg.attributes["connection"] = c
    command.upgrade(cfg, "head")
    command.revision(cfg, message=sys.argv[1], autogenerate=True, rev_id=sys.argv[2])
