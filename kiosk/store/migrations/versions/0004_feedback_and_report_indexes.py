"""feedback fact and the indexes of the statistics layer

The ``feedback`` table (kiosk/store/feedback_models.py) and indexes the report queries need
(kiosk/reports): check-ins by (hall, kind, day) so a range of one hall does not walk the whole
hall index; board views by (hall, opened_at); quiz attempts by (hall, finished_at). No fact is
touched: every statement adds a table or an index.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""

from alembic import op
import sqlalchemy as sa

import kiosk.store.types


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('feedback',
    sa.Column('local_date', sa.Date(), nullable=False),
    sa.Column('rating', sa.Integer(), nullable=False),
    sa.Column('tags', sa.Text(), nullable=False),
    sa.Column('suggestion', sa.Text(), nullable=False),
    sa.Column('organisation_id', sa.Uuid(), nullable=True),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('hall_id', sa.String(length=64), nullable=False),
    sa.Column('device_id', sa.String(length=64), nullable=False),
    sa.Column('recorded_at', kiosk.store.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('corrects_id', sa.Uuid(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('feedback', schema=None) as batch_op:
        batch_op.create_index('ix_feedback_hall_day', ['hall_id', 'local_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_feedback_hall_id'), ['hall_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_feedback_recorded_at'), ['recorded_at'], unique=False)
    with op.batch_alter_table('checkins', schema=None) as batch_op:
        batch_op.create_index('ix_checkins_hall_kind_day', ['hall_id', 'kind', 'local_date'], unique=False)
    with op.batch_alter_table('board_views', schema=None) as batch_op:
        batch_op.create_index('ix_board_views_hall_opened', ['hall_id', 'opened_at'], unique=False)
    with op.batch_alter_table('quiz_attempts', schema=None) as batch_op:
        batch_op.create_index('ix_quiz_attempts_hall_finished', ['hall_id', 'finished_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('quiz_attempts', schema=None) as batch_op:
        batch_op.drop_index('ix_quiz_attempts_hall_finished')
    with op.batch_alter_table('board_views', schema=None) as batch_op:
        batch_op.drop_index('ix_board_views_hall_opened')
    with op.batch_alter_table('checkins', schema=None) as batch_op:
        batch_op.drop_index('ix_checkins_hall_kind_day')
    with op.batch_alter_table('feedback', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_feedback_recorded_at'))
        batch_op.drop_index(batch_op.f('ix_feedback_hall_id'))
        batch_op.drop_index('ix_feedback_hall_day')
    op.drop_table('feedback')
