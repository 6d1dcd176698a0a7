"""store: drop the fact tables' remaining indexes that are prefixes of others

Issue 9. Every push's COPY on the hub (and every insert on a kiosk) maintains each index of a fact
table. After 0015 (board views) these still served nothing that a longer index beginning with the
same columns does not:

* ``ix_checkins_hall_id`` (hall_id) and ``ix_checkins_hall_kind_day`` (hall_id, kind, local_date)
  begin ``ix_checkins_walk_ins`` and ``ix_checkins_pass_report`` (hall_id, kind, local_date, …);
* ``ix_quiz_attempts_hall_id`` (hall_id) begins ``ix_quiz_attempts_report`` (hall_id,
  finished_at, mode, score, max_score);
* ``ix_quiz_attempts_bank`` (bank) begins ``ix_quiz_attempts_bank_mode`` (bank, mode);
* ``ix_feedback_hall_id`` (hall_id) begins ``ix_feedback_hall_day`` (hall_id, local_date).

A lookup by the shorter key reads the longer index's leading columns the same way (the readers'
plans on SQLite and PostgreSQL were compared before and after: docs/scaling.md). No fact is
touched; the downgrade creates every one again.

Kept: ``ix_quiz_attempts_hall_finished`` (hall_id, finished_at), although ``ix_quiz_attempts_report``
begins with it. The hub's district-wide quiz figures of a time range (no hall named) read it whole
with the time as its condition; without it PostgreSQL scans the table instead (the report index
is judged too wide for that), twice as slow on a partition holding several months.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-03
"""

from alembic import op


revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None

DROPPED = (
    ('checkins', 'ix_checkins_hall_id', ['hall_id']),
    ('checkins', 'ix_checkins_hall_kind_day', ['hall_id', 'kind', 'local_date']),
    ('quiz_attempts', 'ix_quiz_attempts_hall_id', ['hall_id']),
    ('quiz_attempts', 'ix_quiz_attempts_bank', ['bank']),
    ('feedback', 'ix_feedback_hall_id', ['hall_id']),
)


def upgrade() -> None:
    for table, name, _columns in DROPPED:
        op.drop_index(name, table_name=table)


def downgrade() -> None:
    for table, name, columns in DROPPED:
        op.create_index(name, table, columns, unique=False)
