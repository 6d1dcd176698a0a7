"""visits organisations bookings checkins

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21

Arrivals (issue 3). Written by hand from the models in kiosk/store/visits_models.py; the same
operations run on SQLite and PostgreSQL (only CREATE TABLE / CREATE INDEX, no ALTER).
"""

from alembic import op
import sqlalchemy as sa

import kiosk.store.types


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def _fact_columns() -> list[sa.Column]:
    """The FactMixin columns (contract 2), in the order 0001 writes them."""
    return [
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.Column('hall_id', sa.String(length=64), nullable=False),
        sa.Column('device_id', sa.String(length=64), nullable=False),
        sa.Column('recorded_at', kiosk.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column('corrects_id', sa.Uuid(), nullable=True),
    ]


def upgrade() -> None:
    op.create_table('organisations',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('name', sa.String(length=128), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('parent_id', sa.Uuid(), nullable=True),
    sa.Column('created_at', kiosk.store.types.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['parent_id'], ['organisations.id'], name='fk_organisations_parent_id'),
    sa.PrimaryKeyConstraint('id', name='pk_organisations'),
    sa.UniqueConstraint('name', name='uq_organisations_name'),
    )

    op.create_table('bookings',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('organisation_id', sa.Uuid(), nullable=False),
    sa.Column('visit_date', sa.Date(), nullable=False),
    sa.Column('slot_start', sa.String(length=5), nullable=False),
    sa.Column('slot_end', sa.String(length=5), nullable=False),
    sa.Column('expected_headcount', sa.Integer(), nullable=False),
    sa.Column('purpose', sa.String(length=16), nullable=False),
    sa.Column('contact_name', sa.String(length=64), nullable=True),
    sa.Column('contact_phone', sa.String(length=32), nullable=True),
    sa.Column('pass_id', sa.Uuid(), nullable=True),
    sa.Column('created_at', kiosk.store.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('cancelled_at', kiosk.store.types.UTCDateTime(timezone=True), nullable=True),
    sa.Column('contact_purged_at', kiosk.store.types.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name='fk_bookings_organisation_id'),
    sa.PrimaryKeyConstraint('id', name='pk_bookings'),
    sa.UniqueConstraint('pass_id', name='uq_bookings_pass_id'),
    )
    op.create_index('ix_bookings_organisation_id', 'bookings', ['organisation_id'], unique=False)
    op.create_index('ix_bookings_visit_date', 'bookings', ['visit_date'], unique=False)

    op.create_table('revoked_passes',
    sa.Column('pass_id', sa.Uuid(), nullable=False),
    sa.Column('booking_id', sa.Uuid(), nullable=False),
    sa.Column('revoked_at', kiosk.store.types.UTCDateTime(timezone=True), nullable=False),
    sa.Column('reason', sa.String(length=32), nullable=False),
    sa.PrimaryKeyConstraint('pass_id', name='pk_revoked_passes'),
    )
    op.create_index('ix_revoked_passes_booking_id', 'revoked_passes', ['booking_id'], unique=False)

    op.create_table('checkins',
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('local_date', sa.Date(), nullable=False),
    sa.Column('booking_id', sa.Uuid(), nullable=True),
    sa.Column('pass_id', sa.Uuid(), nullable=True),
    sa.Column('organisation_id', sa.Uuid(), nullable=True),
    sa.Column('visitor_kind', sa.String(length=16), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.Column('headcount_cap', sa.Integer(), nullable=True),
    *_fact_columns(),
    sa.PrimaryKeyConstraint('id', name='pk_checkins'),
    )
    op.create_index('ix_checkins_booking_day', 'checkins', ['booking_id', 'local_date'], unique=False)
    op.create_index('ix_checkins_day', 'checkins', ['local_date'], unique=False)
    op.create_index('ix_checkins_hall_id', 'checkins', ['hall_id'], unique=False)
    op.create_index('ix_checkins_recorded_at', 'checkins', ['recorded_at'], unique=False)

    op.create_table('headcount_confirmations',
    sa.Column('arrived', sa.Integer(), nullable=False),
    *_fact_columns(),
    sa.PrimaryKeyConstraint('id', name='pk_headcount_confirmations'),
    )
    op.create_index('ix_headcount_confirmations_checkin', 'headcount_confirmations', ['corrects_id'], unique=False)
    op.create_index('ix_headcount_confirmations_hall_id', 'headcount_confirmations', ['hall_id'], unique=False)
    op.create_index('ix_headcount_confirmations_recorded_at', 'headcount_confirmations', ['recorded_at'], unique=False)


def downgrade() -> None:
    op.drop_table('headcount_confirmations')
    op.drop_table('checkins')
    op.drop_table('revoked_passes')
    op.drop_table('bookings')
    op.drop_table('organisations')
