"""sync: device identity, outbox, reference-data ownership, stable bank ids

Issue 9. Makes the records syncable, keeping every fact:

* ``device_identity`` gets a generated UUID (the label is the host name at migration time) and
  ``sync_state`` one empty row;
* ``sync_outbox`` holds every fact this database already has (they are all this device's: nothing
  was ever pulled before this revision), and on SQLite a trigger per fact table adds a row in the
  same transaction as each new fact (kiosk.sync.outbox re-creates them for fact tables added by
  later revisions);
* organisations, bookings, revoked_passes and quiz_banks get the owning hall (taken from the facts
  already stored, else left empty and claimed by the kiosk's configured hall at start) and a hub
  sequence number (NULL: made locally); organisation and bank names become unique per hall;
* quiz_banks get a stable UUID and a version; attempts and contest events name the bank by it.

Revision ID: 0006
Revises: 0004
Create Date: 2026-12-01
"""

import socket
import uuid
from datetime import UTC, datetime

from alembic import op
import sqlalchemy as sa

import kiosk.store.types


revision = '0006'
down_revision = '0004'
branch_labels = None
depends_on = None

REFERENCE_TABLES = ('organisations', 'bookings', 'revoked_passes', 'quiz_banks')
FACT_COLUMNS = {'id', 'hall_id', 'device_id', 'recorded_at'}


def fact_tables(bind: sa.engine.Connection) -> list[str]:
    """Every table that has the fact columns, found in the database (so the fact tables of other
    revisions that came before this one are included without naming them)."""
    inspector = sa.inspect(bind)
    return sorted(t for t in inspector.get_table_names()
                  if FACT_COLUMNS <= {c['name'] for c in inspector.get_columns(t)})


def outbox_trigger_sql(table: str) -> str:
    return (f'CREATE TRIGGER IF NOT EXISTS sync_outbox_{table} AFTER INSERT ON "{table}" '
            f"BEGIN INSERT INTO sync_outbox (table_name, fact_id) VALUES ('{table}', NEW.id); END")


def upgrade() -> None:
    bind = op.get_bind()
    sqlite = bind.dialect.name == 'sqlite'
    facts = fact_tables(bind)

    op.create_table('device_identity',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('device_id', sa.String(length=64), nullable=False),
    sa.Column('label', sa.String(length=128), nullable=False),
    sa.Column('created_at', kiosk.store.types.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    )
    op.create_table('sync_outbox',
    sa.Column('seq', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('table_name', sa.String(length=64), nullable=False),
    sa.Column('fact_id', sa.Uuid(), nullable=False),
    sa.PrimaryKeyConstraint('seq'),
    sqlite_autoincrement=True,
    )
    op.create_index('ix_sync_outbox_table', 'sync_outbox', ['table_name', 'seq'])
    op.create_table('sync_state',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('hub_url', sa.String(length=255), nullable=True),
    sa.Column('hall_id', sa.String(length=64), nullable=True),
    sa.Column('enrolled_at', kiosk.store.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('last_pull_seq', sa.BigInteger(), nullable=False, server_default='0'),
    sa.Column('last_push_at', kiosk.store.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('last_pull_at', kiosk.store.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('last_error_at', kiosk.store.types.UTCDateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    )
    identity = sa.table('device_identity', sa.column('id'), sa.column('device_id'), sa.column('label'),
                        sa.column('created_at', kiosk.store.types.UTCDateTime(timezone=True)))
    op.bulk_insert(identity, [{'id': 1, 'device_id': str(uuid.uuid4()), 'label': (socket.gethostname() or '')[:128],
                               'created_at': datetime.now(UTC)}])
    op.execute("INSERT INTO sync_state (id, last_pull_seq) VALUES (1, 0)")

    # The hall that owns the existing reference rows: the hall of the facts already stored.
    hall = ''
    for table in facts:
        found = bind.execute(sa.text(f'SELECT hall_id FROM "{table}" LIMIT 1')).scalar()
        if found:
            hall = found
            break

    for table in REFERENCE_TABLES:
        with op.batch_alter_table(table, naming_convention={'uq': 'uq_%(table_name)s_%(column_0_name)s'}) as batch_op:
            batch_op.add_column(sa.Column('hall_id', sa.String(length=64), nullable=False, server_default=''))
            batch_op.add_column(sa.Column('hub_seq', sa.BigInteger(), nullable=True))
            if table == 'quiz_banks':
                batch_op.add_column(sa.Column('uid', sa.Uuid(), nullable=True))
                batch_op.add_column(sa.Column('version', sa.Integer(), nullable=False, server_default='1'))
        op.execute(sa.text(f'UPDATE "{table}" SET hall_id = :hall').bindparams(hall=hall))
    banks = sa.table('quiz_banks', sa.column('id', sa.Integer()), sa.column('uid', sa.Uuid()))
    for (bank_id,) in bind.execute(sa.text('SELECT id FROM quiz_banks')).all():
        bind.execute(banks.update().where(banks.c.id == bank_id).values(uid=uuid.uuid4()))

    with op.batch_alter_table('organisations') as batch_op:
        batch_op.drop_constraint('uq_organisations_name', type_='unique')
        batch_op.create_unique_constraint('uq_organisations_hall_name', ['hall_id', 'name'])
        batch_op.create_index('ix_organisations_hall_seq', ['hall_id', 'hub_seq'])
    with op.batch_alter_table('quiz_banks', naming_convention={'uq': 'uq_%(table_name)s_%(column_0_name)s'}) as batch_op:
        batch_op.drop_constraint('uq_quiz_banks_name' if sqlite else 'quiz_banks_name_key', type_='unique')
        batch_op.alter_column('uid', existing_type=sa.Uuid(), nullable=False)
        batch_op.create_unique_constraint('uq_quiz_banks_uid', ['uid'])
        batch_op.create_unique_constraint('uq_quiz_banks_hall_name', ['hall_id', 'name'])
        batch_op.create_index('ix_quiz_banks_hall_seq', ['hall_id', 'hub_seq'])
    for table in ('bookings', 'revoked_passes'):
        op.create_index(f'ix_{table}_hall_seq', table, ['hall_id', 'hub_seq'])

    for table in ('quiz_attempts', 'quiz_contest_events'):
        with op.batch_alter_table(table) as batch_op:
            batch_op.add_column(sa.Column('bank_uid', sa.Uuid(), nullable=True))
            batch_op.add_column(sa.Column('bank_version', sa.Integer(), nullable=True))
        op.execute(f'UPDATE {table} SET bank_uid = (SELECT uid FROM quiz_banks WHERE quiz_banks.name = {table}.bank), '
                   f'bank_version = (SELECT version FROM quiz_banks WHERE quiz_banks.name = {table}.bank)')

    if sqlite:
        # Every fact stored so far is this device's and has never been acknowledged: all wait.
        for table in facts:
            op.execute(f"INSERT INTO sync_outbox (table_name, fact_id) SELECT '{table}', id FROM \"{table}\" "
                       "ORDER BY recorded_at, id")
            op.execute(outbox_trigger_sql(table))


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == 'sqlite':
        for table in fact_tables(bind):
            op.execute(f'DROP TRIGGER IF EXISTS sync_outbox_{table}')
    for table in ('quiz_attempts', 'quiz_contest_events'):
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_column('bank_version')
            batch_op.drop_column('bank_uid')
    for table in ('bookings', 'revoked_passes'):
        op.drop_index(f'ix_{table}_hall_seq', table)
    with op.batch_alter_table('quiz_banks') as batch_op:
        batch_op.drop_index('ix_quiz_banks_hall_seq')
        batch_op.drop_constraint('uq_quiz_banks_hall_name', type_='unique')
        batch_op.drop_constraint('uq_quiz_banks_uid', type_='unique')
        batch_op.drop_column('version')
        batch_op.drop_column('uid')
        batch_op.create_unique_constraint('uq_quiz_banks_name', ['name'])
    with op.batch_alter_table('organisations') as batch_op:
        batch_op.drop_index('ix_organisations_hall_seq')
        batch_op.drop_constraint('uq_organisations_hall_name', type_='unique')
        batch_op.create_unique_constraint('uq_organisations_name', ['name'])
    for table in REFERENCE_TABLES:
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_column('hub_seq')
            batch_op.drop_column('hall_id')
    op.drop_table('sync_state')
    op.drop_index('ix_sync_outbox_table', 'sync_outbox')
    op.drop_table('sync_outbox')
    op.drop_table('device_identity')
