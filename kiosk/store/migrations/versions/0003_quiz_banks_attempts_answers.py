"""quiz banks attempts answers

Banks and their questions are the hall's reference data; attempts, answers and contest events
are facts (see kiosk/store/quiz_models.py). Hand-checked against the models with Alembic's
autogenerate; the same statements run on SQLite (batch mode) and PostgreSQL.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-21
"""

from alembic import op
import sqlalchemy as sa

import kiosk.store.types


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('quiz_banks',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('source_file', sa.String(length=255), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('origin', sa.String(length=16), nullable=False),
    sa.Column('imported_at', kiosk.store.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('question_count', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('name')
    )

    op.create_table('quiz_questions',
    sa.Column('bank_id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.String(length=32), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('type', sa.String(length=16), nullable=False),
    sa.Column('category', sa.String(length=200), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('data', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['bank_id'], ['quiz_banks.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('bank_id', 'question_id')
    )
    with op.batch_alter_table('quiz_questions', schema=None) as batch_op:
        batch_op.create_index('ix_quiz_questions_bank_position', ['bank_id', 'active', 'position'], unique=False)

    op.create_table('quiz_attempts',
    sa.Column('mode', sa.String(length=16), nullable=False),
    sa.Column('bank', sa.String(length=100), nullable=False),
    sa.Column('score', sa.Integer(), nullable=False),
    sa.Column('max_score', sa.Integer(), nullable=False),
    sa.Column('question_count', sa.Integer(), nullable=False),
    sa.Column('correct_count', sa.Integer(), nullable=False),
    sa.Column('started_at', kiosk.store.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('finished_at', kiosk.store.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('organisation_id', sa.Uuid(), nullable=True),
    sa.Column('card_text', sa.Text(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('hall_id', sa.String(length=64), nullable=False),
    sa.Column('device_id', sa.String(length=64), nullable=False),
    sa.Column('recorded_at', kiosk.store.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('corrects_id', sa.Uuid(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('quiz_attempts', schema=None) as batch_op:
        batch_op.create_index('ix_quiz_attempts_bank', ['bank'], unique=False)
        batch_op.create_index('ix_quiz_attempts_board', ['hall_id', 'mode', 'finished_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_quiz_attempts_hall_id'), ['hall_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_quiz_attempts_recorded_at'), ['recorded_at'], unique=False)

    op.create_table('quiz_answers',
    sa.Column('attempt_id', sa.Uuid(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.String(length=32), nullable=False),
    sa.Column('chosen', sa.Text(), nullable=False),
    sa.Column('correct', sa.Boolean(), nullable=False),
    sa.Column('seconds', sa.Float(), nullable=False),
    sa.Column('timed_out', sa.Boolean(), nullable=False),
    sa.Column('points', sa.Integer(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('hall_id', sa.String(length=64), nullable=False),
    sa.Column('device_id', sa.String(length=64), nullable=False),
    sa.Column('recorded_at', kiosk.store.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('corrects_id', sa.Uuid(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('quiz_answers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_quiz_answers_attempt_id'), ['attempt_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_quiz_answers_hall_id'), ['hall_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_quiz_answers_question_id'), ['question_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_quiz_answers_recorded_at'), ['recorded_at'], unique=False)

    op.create_table('quiz_contest_events',
    sa.Column('contest_id', sa.Uuid(), nullable=False),
    sa.Column('bank', sa.String(length=100), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('team', sa.String(length=100), nullable=True),
    sa.Column('round', sa.Integer(), nullable=True),
    sa.Column('question_id', sa.String(length=32), nullable=True),
    sa.Column('chosen', sa.Text(), nullable=False),
    sa.Column('correct', sa.Boolean(), nullable=True),
    sa.Column('points', sa.Integer(), nullable=False),
    sa.Column('stake', sa.Integer(), nullable=True),
    sa.Column('seconds', sa.Float(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('teams', sa.Text(), nullable=False),
    sa.Column('clock_seconds', sa.Float(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('hall_id', sa.String(length=64), nullable=False),
    sa.Column('device_id', sa.String(length=64), nullable=False),
    sa.Column('recorded_at', kiosk.store.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('corrects_id', sa.Uuid(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('quiz_contest_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_quiz_contest_events_contest_id'), ['contest_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_quiz_contest_events_hall_id'), ['hall_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_quiz_contest_events_recorded_at'), ['recorded_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('quiz_questions', schema=None) as batch_op:
        batch_op.drop_index('ix_quiz_questions_bank_position')

    op.drop_table('quiz_questions')
    with op.batch_alter_table('quiz_contest_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_quiz_contest_events_recorded_at'))
        batch_op.drop_index(batch_op.f('ix_quiz_contest_events_hall_id'))
        batch_op.drop_index(batch_op.f('ix_quiz_contest_events_contest_id'))

    op.drop_table('quiz_contest_events')
    op.drop_table('quiz_banks')
    with op.batch_alter_table('quiz_attempts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_quiz_attempts_recorded_at'))
        batch_op.drop_index(batch_op.f('ix_quiz_attempts_hall_id'))
        batch_op.drop_index('ix_quiz_attempts_board')
        batch_op.drop_index('ix_quiz_attempts_bank')

    op.drop_table('quiz_attempts')
    with op.batch_alter_table('quiz_answers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_quiz_answers_recorded_at'))
        batch_op.drop_index(batch_op.f('ix_quiz_answers_question_id'))
        batch_op.drop_index(batch_op.f('ix_quiz_answers_hall_id'))
        batch_op.drop_index(batch_op.f('ix_quiz_answers_attempt_id'))

    op.drop_table('quiz_answers')
