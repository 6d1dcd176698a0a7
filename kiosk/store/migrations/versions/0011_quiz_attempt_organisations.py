"""quiz attempt organisations: the group chosen on the result screen, as a correction fact

Issue 8. One fact table (kiosk/store/quiz_models.py ``QuizAttemptOrganisation``): when several
groups are in the hall, the visitor taps theirs after the attempt is stored; the attempt is never
updated. Only adds a table (and, on SQLite, its outbox trigger, so the choice syncs like every
fact): every earlier fact is kept.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02
"""

from alembic import op
import sqlalchemy as sa

import kiosk.store.types


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

TABLE = 'quiz_attempt_organisations'


def upgrade() -> None:
    op.create_table(TABLE,
    sa.Column('attempt_id', sa.Uuid(), nullable=False),
    sa.Column('organisation_id', sa.Uuid(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('hall_id', sa.String(length=64), nullable=False),
    sa.Column('device_id', sa.String(length=64), nullable=False),
    sa.Column('recorded_at', kiosk.store.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('corrects_id', sa.Uuid(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_quiz_attempt_organisations_attempt', TABLE, ['attempt_id', 'recorded_at'])
    op.create_index(op.f('ix_quiz_attempt_organisations_hall_id'), TABLE, ['hall_id'])
    op.create_index(op.f('ix_quiz_attempt_organisations_recorded_at'), TABLE, ['recorded_at'])
    if op.get_bind().dialect.name == 'sqlite':
        # As 0006 does for the fact tables it found (kiosk.sync.outbox.ensure_triggers would add it
        # at the next start too; here it exists from the first fact on).
        op.execute(f'CREATE TRIGGER IF NOT EXISTS sync_outbox_{TABLE} AFTER INSERT ON "{TABLE}" '
                   f"BEGIN INSERT INTO sync_outbox (table_name, fact_id) VALUES ('{TABLE}', NEW.id); END")


def downgrade() -> None:
    if op.get_bind().dialect.name == 'sqlite':
        op.execute(f'DROP TRIGGER IF EXISTS sync_outbox_{TABLE}')
    op.drop_index(op.f('ix_quiz_attempt_organisations_recorded_at'), TABLE)
    op.drop_index(op.f('ix_quiz_attempt_organisations_hall_id'), TABLE)
    op.drop_index('ix_quiz_attempt_organisations_attempt', TABLE)
    op.drop_table(TABLE)
