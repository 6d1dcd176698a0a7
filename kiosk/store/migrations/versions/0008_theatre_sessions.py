"""theatre sessions

One fact table for the theatre (kiosk/store/theatre_models.py): a screening, lecture or oath
ceremony that was run, with its audience. Only adds a table: every earlier fact is kept.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01
"""

from alembic import op
import sqlalchemy as sa

import kiosk.store.types


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('theatre_sessions',
    sa.Column('item_id', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('title', sa.String(length=128), nullable=False),
    sa.Column('mode', sa.String(length=16), nullable=False),
    sa.Column('audience', sa.String(length=16), nullable=False),
    sa.Column('booking_id', sa.Uuid(), nullable=True),
    sa.Column('group_name', sa.String(length=128), nullable=False),
    sa.Column('people', sa.Integer(), nullable=False),
    sa.Column('local_date', sa.Date(), nullable=False),
    sa.Column('started_at', kiosk.store.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('ended_at', kiosk.store.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('completed', sa.Boolean(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('hall_id', sa.String(length=64), nullable=False),
    sa.Column('device_id', sa.String(length=64), nullable=False),
    sa.Column('recorded_at', kiosk.store.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('corrects_id', sa.Uuid(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('theatre_sessions', schema=None) as batch_op:
        batch_op.create_index('ix_theatre_sessions_day', ['local_date', 'kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_theatre_sessions_hall_id'), ['hall_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_theatre_sessions_recorded_at'), ['recorded_at'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('theatre_sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_theatre_sessions_recorded_at'))
        batch_op.drop_index(batch_op.f('ix_theatre_sessions_hall_id'))
        batch_op.drop_index('ix_theatre_sessions_day')

    op.drop_table('theatre_sessions')
