"""sync: the outbox trigger function on PostgreSQL (a kiosk whose database is PostgreSQL)

Issue 9. Revision 0006 gave every SQLite fact table a trigger that writes the fact's outbox row
in the same transaction; a kiosk on PostgreSQL (``db_url``) had none, so its facts never waited
and never synced. This revision adds the one PL/pgSQL function every fact table's trigger calls,
with the table's name as its argument (not ``TG_TABLE_NAME``: on the monthly-partitioned fact
tables of revision 0007 the trigger fires on the partition, ``board_views_p202612``).

The triggers themselves are attached by the kiosk when it starts
(``kiosk.sync.outbox.ensure_triggers``), not here: the hub runs these same migrations on
PostgreSQL, and a hub must never queue the facts it receives. Attaching a trigger also queues
the facts the table already holds (a PostgreSQL kiosk's facts so far were never pushed).

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02
"""

from alembic import op


revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None

ENQUEUE_FUNCTION = """
CREATE OR REPLACE FUNCTION sync_outbox_enqueue() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO sync_outbox (table_name, fact_id) VALUES (TG_ARGV[0], NEW.id);
    RETURN NULL;
END
$$
"""


def upgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        op.execute(ENQUEUE_FUNCTION)


def downgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        op.execute('DROP FUNCTION IF EXISTS sync_outbox_enqueue() CASCADE')  # with the triggers that call it
