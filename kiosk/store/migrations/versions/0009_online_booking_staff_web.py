"""online booking: hall schedules, slot usage, online bookings, staff web accounts, rate limits

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01

Issue 10, written by hand from kiosk/booking/models.py. Only CREATE TABLE, so the same operations
run on SQLite and PostgreSQL and every existing fact is untouched. (down_revision is this branch's
head; the lead re-chains it after 0004–0008.)
"""

from alembic import op
import sqlalchemy as sa

import kiosk.store.types

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

_TS = kiosk.store.types.UTCDateTime(timezone=True)


def upgrade() -> None:
    op.create_table('booking_halls',
    sa.Column('hall_id', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('open_weekdays', sa.String(length=7), nullable=False),
    sa.Column('requires_approval', sa.Boolean(), nullable=False),
    sa.Column('max_headcount', sa.Integer(), nullable=False),
    sa.Column('horizon_days', sa.Integer(), nullable=False),
    sa.Column('created_at', _TS, nullable=False),
    sa.PrimaryKeyConstraint('hall_id', name='pk_booking_halls'),
    )
    op.create_table('booking_slots',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('hall_id', sa.String(length=64), nullable=False),
    sa.Column('slot_start', sa.String(length=5), nullable=False),
    sa.Column('slot_end', sa.String(length=5), nullable=False),
    sa.Column('capacity_people', sa.Integer(), nullable=False),
    sa.Column('capacity_groups', sa.Integer(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['hall_id'], ['booking_halls.hall_id'], name='fk_booking_slots_hall_id'),
    sa.PrimaryKeyConstraint('id', name='pk_booking_slots'),
    )
    op.create_index('ix_booking_slots_hall_id', 'booking_slots', ['hall_id'])
    op.create_table('booking_closed_days',
    sa.Column('hall_id', sa.String(length=64), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('reason', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['hall_id'], ['booking_halls.hall_id'], name='fk_booking_closed_days_hall_id'),
    sa.PrimaryKeyConstraint('hall_id', 'day', name='pk_booking_closed_days'),
    )
    op.create_table('booking_slot_usage',
    sa.Column('slot_id', sa.Uuid(), nullable=False),
    sa.Column('visit_date', sa.Date(), nullable=False),
    sa.Column('people', sa.Integer(), nullable=False),
    sa.Column('groups', sa.Integer(), nullable=False),
    sa.CheckConstraint('people >= 0', name='people_not_negative'),
    sa.CheckConstraint('groups >= 0', name='groups_not_negative'),
    sa.ForeignKeyConstraint(['slot_id'], ['booking_slots.id'], name='fk_booking_slot_usage_slot_id'),
    sa.PrimaryKeyConstraint('slot_id', 'visit_date', name='pk_booking_slot_usage'),
    )
    op.create_table('online_bookings',
    sa.Column('booking_id', sa.Uuid(), nullable=False),
    sa.Column('hall_id', sa.String(length=64), nullable=False),
    sa.Column('slot_id', sa.Uuid(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('manage_token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', _TS, nullable=False),
    sa.Column('decided_at', _TS, nullable=True),
    sa.Column('decided_by', sa.String(length=64), nullable=True),
    sa.ForeignKeyConstraint(['booking_id'], ['bookings.id'], name='fk_online_bookings_booking_id'),
    sa.ForeignKeyConstraint(['hall_id'], ['booking_halls.hall_id'], name='fk_online_bookings_hall_id'),
    sa.ForeignKeyConstraint(['slot_id'], ['booking_slots.id'], name='fk_online_bookings_slot_id'),
    sa.PrimaryKeyConstraint('booking_id', name='pk_online_bookings'),
    sa.UniqueConstraint('manage_token_hash', name='uq_online_bookings_manage_token_hash'),
    )
    op.create_index('ix_online_bookings_hall_id', 'online_bookings', ['hall_id'])
    op.create_table('staff_accounts',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('hall_id', sa.String(length=64), nullable=True),
    sa.Column('password_hash', sa.String(length=256), nullable=False),
    sa.Column('failed_logins', sa.Integer(), nullable=False),
    sa.Column('locked_until', _TS, nullable=True),
    sa.Column('created_at', _TS, nullable=False),
    sa.PrimaryKeyConstraint('id', name='pk_staff_accounts'),
    sa.UniqueConstraint('username', name='uq_staff_accounts_username'),
    )
    op.create_table('staff_web_sessions',
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('account_id', sa.Uuid(), nullable=False),
    sa.Column('csrf_token', sa.String(length=64), nullable=False),
    sa.Column('created_at', _TS, nullable=False),
    sa.Column('expires_at', _TS, nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['staff_accounts.id'], name='fk_staff_web_sessions_account_id'),
    sa.PrimaryKeyConstraint('token_hash', name='pk_staff_web_sessions'),
    )
    op.create_index('ix_staff_web_sessions_account_id', 'staff_web_sessions', ['account_id'])
    op.create_table('rate_limit_hits',
    sa.Column('key', sa.String(length=128), nullable=False),
    sa.Column('window_start', _TS, nullable=False),
    sa.Column('hits', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('key', 'window_start', name='pk_rate_limit_hits'),
    )


def downgrade() -> None:
    for table in ('rate_limit_hits', 'staff_web_sessions', 'staff_accounts', 'online_bookings',
                  'booking_slot_usage', 'booking_closed_days', 'booking_slots', 'booking_halls'):
        op.drop_table(table)
