"""covering indexes for the summary and running totals for the item statistics

Issue 8's speed goals. Covering indexes (board views, quiz attempts, walk-in check-ins) so a year's
summary reads indexes only; the quiz totals tables (kiosk/store/quiz_totals_models.py), derived from
the answer facts and filled lazily by kiosk.quizzone.item_totals (so this migration copies nothing
and touches no fact). Only CREATE TABLE / CREATE INDEX: the same on SQLite and PostgreSQL.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02
"""

from alembic import op
import sqlalchemy as sa

import kiosk.store.types

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('board_views', schema=None) as batch_op:
        batch_op.create_index('ix_board_views_report', ['hall_id', 'opened_at', 'zone_id', 'dwell_seconds', 'read_aloud'],
                              unique=False)
    with op.batch_alter_table('quiz_attempts', schema=None) as batch_op:
        batch_op.create_index('ix_quiz_attempts_report', ['hall_id', 'finished_at', 'mode', 'score', 'max_score'],
                              unique=False)
        batch_op.create_index('ix_quiz_attempts_bank_mode', ['bank', 'mode'], unique=False)
    with op.batch_alter_table('checkins', schema=None) as batch_op:
        batch_op.create_index('ix_checkins_walk_ins', ['hall_id', 'kind', 'local_date', 'visitor_kind', 'count'],
                              unique=False)
    op.create_table('quiz_item_totals',
    sa.Column('bank', sa.String(length=100), nullable=False),
    sa.Column('mode', sa.String(length=16), nullable=False),
    sa.Column('question_id', sa.String(length=32), nullable=False),
    sa.Column('chosen', sa.Text(), nullable=False),
    sa.Column('correct', sa.Boolean(), nullable=False),
    sa.Column('answers', sa.BigInteger(), nullable=False),
    sa.Column('rest_sum', sa.BigInteger(), nullable=False),
    sa.Column('rest_sq_sum', sa.BigInteger(), nullable=False),
    sa.Column('x_rest_sum', sa.BigInteger(), nullable=False),
    sa.Column('first_attempt', sa.String(length=36), nullable=False),
    sa.Column('first_position', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('bank', 'mode', 'question_id', 'chosen', 'correct')
    )
    op.create_table('quiz_set_totals',
    sa.Column('bank', sa.String(length=100), nullable=False),
    sa.Column('mode', sa.String(length=16), nullable=False),
    sa.Column('set_key', sa.String(length=40), nullable=False),
    sa.Column('attempts', sa.BigInteger(), nullable=False),
    sa.Column('total_sum', sa.BigInteger(), nullable=False),
    sa.Column('total_sq_sum', sa.BigInteger(), nullable=False),
    sa.Column('first_at', kiosk.store.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('last_at', kiosk.store.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('first_attempt', sa.String(length=36), nullable=False),
    sa.Column('item_rights', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('bank', 'mode', 'set_key')
    )
    with op.batch_alter_table('quiz_set_totals', schema=None) as batch_op:
        batch_op.create_index('ix_quiz_set_totals_shared', ['bank', 'mode', 'attempts'], unique=False)
    op.create_table('quiz_mode_totals',
    sa.Column('bank', sa.String(length=100), nullable=False),
    sa.Column('mode', sa.String(length=16), nullable=False),
    sa.Column('folded', sa.BigInteger(), nullable=False),
    sa.Column('attempts', sa.BigInteger(), nullable=False),
    sa.Column('total_sum', sa.BigInteger(), nullable=False),
    sa.Column('total_sq_sum', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint('bank', 'mode')
    )
    op.create_table('quiz_folded_attempts',
    sa.Column('attempt_id', sa.Uuid(), nullable=False),
    sa.PrimaryKeyConstraint('attempt_id')
    )


def downgrade() -> None:
    op.drop_table('quiz_folded_attempts')
    op.drop_table('quiz_mode_totals')
    with op.batch_alter_table('quiz_set_totals', schema=None) as batch_op:
        batch_op.drop_index('ix_quiz_set_totals_shared')
    op.drop_table('quiz_set_totals')
    op.drop_table('quiz_item_totals')
    with op.batch_alter_table('checkins', schema=None) as batch_op:
        batch_op.drop_index('ix_checkins_walk_ins')
    with op.batch_alter_table('quiz_attempts', schema=None) as batch_op:
        batch_op.drop_index('ix_quiz_attempts_bank_mode')
        batch_op.drop_index('ix_quiz_attempts_report')
    with op.batch_alter_table('board_views', schema=None) as batch_op:
        batch_op.drop_index('ix_board_views_report')
