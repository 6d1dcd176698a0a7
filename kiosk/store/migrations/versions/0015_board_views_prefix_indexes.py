"""store: drop the two board-view indexes that are prefixes of others

Issue 9. Every push's COPY (and every kiosk insert) maintains each index of ``board_views``, the
busiest fact table. Two of its six served nothing the longer ones do not:

* ``ix_board_views_hall_id`` (hall_id) begins ``ix_board_views_board`` (hall_id, board_id) and
  ``ix_board_views_report`` (hall_id, opened_at, zone_id, dwell_seconds, read_aloud);
* ``ix_board_views_hall_opened`` (hall_id, opened_at) begins ``ix_board_views_report``.

A lookup by hall, or by hall and time, reads the longer index's leading columns the same way. No fact
is touched; the downgrade creates both again.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-03
"""

from alembic import op


revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None

DROPPED = (('ix_board_views_hall_id', ['hall_id']), ('ix_board_views_hall_opened', ['hall_id', 'opened_at']))


def upgrade() -> None:
    for name, _columns in DROPPED:
        op.drop_index(name, table_name='board_views')


def downgrade() -> None:
    for name, columns in DROPPED:
        op.create_index(name, 'board_views', columns, unique=False)
