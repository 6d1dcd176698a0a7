"""hub: halls, devices, enrolment codes, admins, hall keys, the hub sequence, monthly partitions

Issue 9. Tables only the hub writes (they exist in every database: one migration chain). On
PostgreSQL also:

* the sequence ``hub_seq`` that numbers every change of reference data (kiosk.hub.sequence takes
  it under a per-hall advisory lock held to commit, so numbers of one hall commit in order and a
  pull by "everything after N" never skips a late commit);
* declarative partitioning by month of ``recorded_at`` for the big fact tables. The primary key
  becomes (id, recorded_at) — PostgreSQL requires the partition key in it; a fact's time never
  changes, so a fact id still names one row — with a DEFAULT partition for old or far-future rows
  and the months around now; kiosk.hub.partitions adds months ahead at ``kiosk hub init`` and serve.
  Rows already there are kept (copied into the partitioned table).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01
"""

from datetime import UTC, datetime

from alembic import op
import sqlalchemy as sa

import kiosk.store.types


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

PARTITIONED_TABLES = ('checkins', 'board_views', 'quiz_attempts', 'quiz_answers')


def _month_start(year: int, month: int) -> str:
    year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    return f'{year:04d}-{month:02d}-01'


def upgrade() -> None:
    ts = kiosk.store.types.UTCDateTime(timezone=True)
    op.create_table('halls',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=128), nullable=False),
    sa.Column('created_at', ts, nullable=False),
    sa.PrimaryKeyConstraint('id'),
    )
    op.create_table('hub_admins',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', ts, nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('name', name='uq_hub_admins_name'),
    sa.UniqueConstraint('token_hash', name='uq_hub_admins_token_hash'),
    )
    op.create_table('hub_devices',
    sa.Column('device_id', sa.String(length=64), nullable=False),
    sa.Column('hall_id', sa.String(length=64), nullable=False),
    sa.Column('label', sa.String(length=128), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('aliases', sa.Text(), nullable=False),
    sa.Column('public_key', sa.Text(), nullable=False),
    sa.Column('enrolled_at', ts, nullable=False),
    sa.Column('revoked_at', ts, nullable=True),
    sa.PrimaryKeyConstraint('device_id'),
    sa.UniqueConstraint('token_hash', name='uq_hub_devices_token_hash'),
    )
    op.create_index('ix_hub_devices_hall_id', 'hub_devices', ['hall_id'])
    op.create_table('enrolment_codes',
    sa.Column('code_hash', sa.String(length=64), nullable=False),
    sa.Column('hall_id', sa.String(length=64), nullable=False),
    sa.Column('label', sa.String(length=128), nullable=False),
    sa.Column('created_at', ts, nullable=False),
    sa.Column('expires_at', ts, nullable=False),
    sa.Column('used_at', ts, nullable=True),
    sa.Column('device_id', sa.String(length=64), nullable=True),
    sa.PrimaryKeyConstraint('code_hash'),
    )
    op.create_table('hall_keys',
    sa.Column('hall_id', sa.String(length=64), nullable=False),
    sa.Column('key_id', sa.String(length=8), nullable=False),
    sa.Column('private_pem', sa.Text(), nullable=False),
    sa.Column('created_at', ts, nullable=False),
    sa.Column('retired_at', ts, nullable=True),
    sa.PrimaryKeyConstraint('hall_id', 'key_id'),
    )
    op.create_index('ix_hall_keys_hall', 'hall_keys', ['hall_id'])

    bind = op.get_bind()
    if bind.dialect.name != 'postgresql':
        return
    op.execute('CREATE SEQUENCE IF NOT EXISTS hub_seq')
    now = datetime.now(UTC)
    for table in PARTITIONED_TABLES:
        indexes = [row[0] for row in bind.execute(sa.text(
            "SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename = :t "
            "AND indexname NOT IN (SELECT conname FROM pg_constraint WHERE contype = 'p')"), {'t': table})]
        op.execute(f'ALTER TABLE {table} RENAME TO {table}_unpartitioned')
        op.execute(f'CREATE TABLE {table} (LIKE {table}_unpartitioned INCLUDING DEFAULTS) '
                   'PARTITION BY RANGE (recorded_at)')
        op.execute(f'ALTER TABLE {table} ADD CONSTRAINT pk_{table}_id_time PRIMARY KEY (id, recorded_at)')
        for offset in range(-1, 3):
            start, end = _month_start(now.year, now.month + offset), _month_start(now.year, now.month + offset + 1)
            op.execute(f"CREATE TABLE {table}_p{start[:7].replace('-', '')} PARTITION OF {table} "
                       f"FOR VALUES FROM ('{start}') TO ('{end}')")
        op.execute(f'CREATE TABLE {table}_default PARTITION OF {table} DEFAULT')
        op.execute(f'INSERT INTO {table} SELECT * FROM {table}_unpartitioned')
        op.execute(f'DROP TABLE {table}_unpartitioned')
        for definition in indexes:
            op.execute(definition)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == 'postgresql':
        for table in PARTITIONED_TABLES:
            indexes = [row[0] for row in bind.execute(sa.text(
                "SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename = :t "
                "AND indexname <> :pk"), {'t': table, 'pk': f'pk_{table}_id_time'})]
            op.execute(f'ALTER TABLE {table} RENAME TO {table}_partitioned')
            op.execute(f'CREATE TABLE {table} (LIKE {table}_partitioned INCLUDING DEFAULTS)')
            op.execute(f'ALTER TABLE {table} ADD PRIMARY KEY (id)')
            op.execute(f'INSERT INTO {table} SELECT * FROM {table}_partitioned')
            op.execute(f'DROP TABLE {table}_partitioned CASCADE')
            for definition in indexes:
                op.execute(definition)
        op.execute('DROP SEQUENCE IF EXISTS hub_seq')
    op.drop_index('ix_hall_keys_hall', 'hall_keys')
    op.drop_table('hall_keys')
    op.drop_table('enrolment_codes')
    op.drop_index('ix_hub_devices_hall_id', 'hub_devices')
    op.drop_table('hub_devices')
    op.drop_table('hub_admins')
    op.drop_table('halls')
