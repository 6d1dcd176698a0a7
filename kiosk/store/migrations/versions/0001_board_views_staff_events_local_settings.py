"""board views, staff events, local settings

Revision ID: 0001
Revises: 
Create Date: 2026-11-21
"""

from alembic import op
import sqlalchemy as sa

import kiosk.store.types


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('board_views',
    sa.Column('zone_id', sa.String(length=64), nullable=False),
    sa.Column('board_id', sa.String(length=64), nullable=False),
    sa.Column('opened_at', kiosk.store.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('dwell_seconds', sa.Float(), nullable=False),
    sa.Column('read_aloud', sa.Boolean(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('hall_id', sa.String(length=64), nullable=False),
    sa.Column('device_id', sa.String(length=64), nullable=False),
    sa.Column('recorded_at', kiosk.store.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('corrects_id', sa.Uuid(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('board_views', schema=None) as batch_op:
        batch_op.create_index('ix_board_views_board', ['hall_id', 'board_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_board_views_hall_id'), ['hall_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_board_views_recorded_at'), ['recorded_at'], unique=False)

    op.create_table('local_settings',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('key')
    )
    op.create_table('staff_events',
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('hall_id', sa.String(length=64), nullable=False),
    sa.Column('device_id', sa.String(length=64), nullable=False),
    sa.Column('recorded_at', kiosk.store.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('corrects_id', sa.Uuid(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('staff_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_staff_events_hall_id'), ['hall_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_staff_events_recorded_at'), ['recorded_at'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('staff_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_staff_events_recorded_at'))
        batch_op.drop_index(batch_op.f('ix_staff_events_hall_id'))

    op.drop_table('staff_events')
    op.drop_table('local_settings')
    with op.batch_alter_table('board_views', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_board_views_recorded_at'))
        batch_op.drop_index(batch_op.f('ix_board_views_hall_id'))
        batch_op.drop_index('ix_board_views_board')

    op.drop_table('board_views')
