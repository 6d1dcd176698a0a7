"""reports: per-(hall, day, booking) rollup of pass check-ins, kept by triggers

Issue 9. The district summary's group figures (organisations, groups, party members by kind and
month, duplicates) read the arrival rules over every pass check-in of the range; at 100 halls that
is ~28 s. ``report_group_days`` keeps one row per hall, hall-local day and booking
(kiosk.store.report_rollup_models.GroupDay says what each column holds), from which the rules are a
window over a few rows per booking (kiosk.reports.group_figures).

Kept as revision 0013 keeps its rollups: a SQLite row trigger per fact, a PostgreSQL statement trigger
over the inserted rows (``REFERENCING NEW TABLE``: one grouped upsert per ingest statement, also for
the hub's COPY). ``INSERT OR IGNORE`` / ``ON CONFLICT DO NOTHING`` of a fact already there fires
nothing, so a replay adds nothing.

* A pass check-in upserts its row: one more check-in, the earlier (recorded_at, id) of the row's
  first and its own, and the newer of the row's confirmation and any confirmation already stored for
  this check-in (sync may deliver a confirmation before its check-in).
* A headcount confirmation of a pass check-in that names a booking updates that check-in's row when it
  is newer (recorded_at, id) than the row's. One whose check-in is not there yet changes nothing; the
  check-in picks it up when it comes. (On PostgreSQL under READ COMMITTED a confirmation and its
  check-in ingested by two concurrent transactions would miss each other; they cannot be: a
  confirmation is written on a kiosk that holds its check-in, which it made — one device's pushes
  and bundles go in order — or pulled from the hub, where it is committed already.)
* The organisation is stored as the first check-in's own (NULL when the kiosk did not know the
  booking yet); the report resolves it against ``bookings`` when it reads, so a booking that arrives
  after its check-ins is counted under its organisation, as by the arrival rules.
* ``single`` says a booking has one row in all (nearly every booking: one hall, one day), so a report
  counts that row as it is and ranks only the others. ``report_group_bookings`` counts each booking's
  rows; a row trigger on the rollup keeps it and clears ``single`` on every row of a booking that gets
  a second one (on PostgreSQL the counter's row lock orders two transactions adding rows of one
  booking, and the ``UPDATE``, a statement after that wait, sees the other's row).
* Pass check-ins with no booking id share the key ``NO_BOOKING`` (the nil UUID), as the rules' window
  puts them in one partition; confirmations never match them (the rules compare booking ids by ``=``).

The upgrade backfills the table from every check-in and confirmation already there.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03
"""

from alembic import op
import sqlalchemy as sa

import kiosk.store.types


revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None

COLUMNS = ('hall_id, local_date, booking_id, first_at, first_id, first_hour, organisation_id, cap, checkins, '
           'confirmed_at, confirmation_id, confirmed')
HALL_ZONE = 'Asia/Shanghai'  # kiosk.clock.HALL_TIMEZONE: UTC+8, no daylight saving since 1991


def _hour(column: str, dialect: str) -> str:
    """The hall-local hour of a UTC timestamp column (the report's busiest hours)."""
    if dialect == 'postgresql':
        return f"CAST(extract(hour FROM {column} AT TIME ZONE '{HALL_ZONE}') AS integer)"
    return f"CAST(strftime('%H', {column}, '+8 hours') AS integer)"


def _no_booking(dialect: str) -> str:
    if dialect == 'postgresql':
        return "'00000000-0000-0000-0000-000000000000'::uuid"
    return "'00000000000000000000000000000000'"  # sa.Uuid on SQLite: 32 hex digits


def _on_conflict(table: str = 'report_group_days') -> str:
    """Merge a row for the same key: add the check-ins, keep the earlier first check-in and the newer
    confirmation (every SET expression reads the row as it was)."""
    earlier = f'(excluded.first_at, excluded.first_id) < ({table}.first_at, {table}.first_id)'
    newer = (f'excluded.confirmed_at IS NOT NULL AND ({table}.confirmed_at IS NULL OR '
             f'(excluded.confirmed_at, excluded.confirmation_id) > ({table}.confirmed_at, {table}.confirmation_id))')
    first = ', '.join(f'{c} = CASE WHEN {earlier} THEN excluded.{c} ELSE {table}.{c} END'
                      for c in ('first_at', 'first_id', 'first_hour', 'organisation_id', 'cap'))
    confirmation = ', '.join(f'{c} = CASE WHEN {newer} THEN excluded.{c} ELSE {table}.{c} END'
                             for c in ('confirmed_at', 'confirmation_id', 'confirmed'))
    return (f'ON CONFLICT (hall_id, local_date, booking_id) DO UPDATE SET '
            f'checkins = {table}.checkins + excluded.checkins, {first}, {confirmation}')


def _grouped(dialect: str, source: str) -> str:
    """``SELECT`` of one row per (hall, day, booking) of the pass check-ins in ``source`` (a table or
    a trigger's transition table), with the newest confirmation stored for any of them."""
    key = f'coalesce(p.booking_id, {_no_booking(dialect)})'
    return (
        f'WITH p AS (SELECT p.hall_id, p.local_date, {key} AS booking_id, p.recorded_at, p.id, '
        f'p.organisation_id, p.count, row_number() OVER (PARTITION BY p.hall_id, p.local_date, {key} '
        f'ORDER BY p.recorded_at, p.id) AS rn, count(*) OVER (PARTITION BY p.hall_id, p.local_date, {key}) AS n '
        f"FROM {source} AS p WHERE p.kind = 'pass'), "
        f'c AS (SELECT p.hall_id, p.local_date, p.booking_id, h.recorded_at, h.id, h.arrived, '
        f'row_number() OVER (PARTITION BY p.hall_id, p.local_date, p.booking_id '
        f'ORDER BY h.recorded_at DESC, h.id DESC) AS rn '
        f'FROM {source} AS p JOIN headcount_confirmations AS h ON h.corrects_id = p.id '
        f"WHERE p.kind = 'pass' AND p.booking_id IS NOT NULL) "
        f'SELECT p.hall_id, p.local_date, p.booking_id, p.recorded_at, p.id, {_hour("p.recorded_at", dialect)}, '
        f'p.organisation_id, p.count, p.n, '
        f'c.recorded_at, c.id, c.arrived FROM p LEFT JOIN c ON c.rn = 1 AND c.hall_id = p.hall_id '
        f'AND c.local_date = p.local_date AND c.booking_id = p.booking_id WHERE p.rn = 1'
    )


def _confirmations(source: str) -> str:
    """``SELECT`` per (hall, day, booking) of the newest confirmation in ``source`` of a pass check-in
    that names a booking (the check-in must be there already)."""
    return (
        f'SELECT n.hall_id, n.local_date, n.booking_id, n.recorded_at, n.id, n.arrived FROM ('
        f'SELECT k.hall_id, k.local_date, k.booking_id, h.recorded_at, h.id, h.arrived, '
        f'row_number() OVER (PARTITION BY k.hall_id, k.local_date, k.booking_id '
        f'ORDER BY h.recorded_at DESC, h.id DESC) AS rn '
        f'FROM {source} AS h JOIN checkins AS k ON k.id = h.corrects_id '
        f"WHERE k.kind = 'pass' AND k.booking_id IS NOT NULL) AS n WHERE n.rn = 1"
    )


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    op.create_table(
        'report_group_days',
        sa.Column('hall_id', sa.String(length=64), nullable=False),
        sa.Column('local_date', sa.Date(), nullable=False),
        sa.Column('booking_id', sa.Uuid(), nullable=False),
        sa.Column('first_at', kiosk.store.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column('first_id', sa.Uuid(), nullable=False),
        sa.Column('first_hour', sa.Integer(), nullable=False),
        sa.Column('organisation_id', sa.Uuid(), nullable=True),
        sa.Column('cap', sa.Integer(), nullable=False),
        sa.Column('checkins', sa.BigInteger(), nullable=False),
        sa.Column('confirmed_at', kiosk.store.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column('confirmation_id', sa.Uuid(), nullable=True),
        sa.Column('confirmed', sa.Integer(), nullable=True),
        sa.Column('single', sa.Boolean(), server_default=sa.text('true'), nullable=False),
        sa.PrimaryKeyConstraint('hall_id', 'local_date', 'booking_id', name='pk_report_group_days'),
    )
    op.create_index('ix_report_group_days_booking', 'report_group_days', ['booking_id', 'local_date'])
    op.create_index('ix_report_group_days_day', 'report_group_days', ['local_date'])
    op.create_index('ix_report_group_days_several', 'report_group_days', ['local_date'],
                    postgresql_where=sa.text('NOT single'), sqlite_where=sa.text('NOT single'))
    op.create_table(
        'report_group_bookings',
        sa.Column('booking_id', sa.Uuid(), nullable=False),
        sa.Column('rows', sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint('booking_id', name='pk_report_group_bookings'),
    )
    op.execute(f'INSERT INTO report_group_days ({COLUMNS}) {_grouped(dialect, "checkins")}')
    op.execute('INSERT INTO report_group_bookings (booking_id, rows) '
               'SELECT booking_id, count(*) FROM report_group_days GROUP BY booking_id')
    op.execute('UPDATE report_group_days SET single = false WHERE booking_id IN '
               '(SELECT booking_id FROM report_group_bookings WHERE rows > 1)')
    if dialect == 'sqlite':
        newer = ('(report_group_days.confirmed_at IS NULL OR (NEW.recorded_at, NEW.id) > '
                 '(report_group_days.confirmed_at, report_group_days.confirmation_id))')
        op.execute(
            "CREATE TRIGGER report_group_days_checkin AFTER INSERT ON checkins WHEN NEW.kind = 'pass' BEGIN "
            f'INSERT INTO report_group_days ({COLUMNS}) '
            f'SELECT NEW.hall_id, NEW.local_date, coalesce(NEW.booking_id, {_no_booking(dialect)}), NEW.recorded_at, '
            f'NEW.id, {_hour("NEW.recorded_at", dialect)}, NEW.organisation_id, NEW.count, 1, c.recorded_at, c.id, c.arrived '
            'FROM (SELECT 1) LEFT JOIN (SELECT h.recorded_at, h.id, h.arrived FROM headcount_confirmations AS h '
            'WHERE h.corrects_id = NEW.id AND NEW.booking_id IS NOT NULL '
            'ORDER BY h.recorded_at DESC, h.id DESC LIMIT 1) AS c ON true WHERE true '
            f'{_on_conflict()}; END')
        op.execute(
            'CREATE TRIGGER report_group_days_confirmation AFTER INSERT ON headcount_confirmations BEGIN '
            'UPDATE report_group_days SET confirmed_at = NEW.recorded_at, confirmation_id = NEW.id, '
            'confirmed = NEW.arrived WHERE (hall_id, local_date, booking_id) IN '
            '(SELECT k.hall_id, k.local_date, k.booking_id FROM checkins AS k WHERE k.id = NEW.corrects_id '
            f"AND k.kind = 'pass' AND k.booking_id IS NOT NULL) AND {newer}; END")
        op.execute(
            'CREATE TRIGGER report_group_days_rows AFTER INSERT ON report_group_days BEGIN '
            'INSERT INTO report_group_bookings (booking_id, rows) VALUES (NEW.booking_id, 1) '
            'ON CONFLICT (booking_id) DO UPDATE SET rows = report_group_bookings.rows + 1; '
            'UPDATE report_group_days SET single = false WHERE booking_id = NEW.booking_id AND single '
            'AND (SELECT b.rows FROM report_group_bookings AS b WHERE b.booking_id = NEW.booking_id) > 1; END')
    elif dialect == 'postgresql':
        op.execute(
            'CREATE FUNCTION report_group_days_checkin() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN '
            f'INSERT INTO report_group_days ({COLUMNS}) {_grouped(dialect, "new_rows")} {_on_conflict()}; '
            'RETURN NULL; END $$')
        op.execute(
            'CREATE TRIGGER report_group_days_checkin AFTER INSERT ON checkins REFERENCING NEW TABLE AS new_rows '
            'FOR EACH STATEMENT EXECUTE FUNCTION report_group_days_checkin()')
        op.execute(
            'CREATE FUNCTION report_group_days_confirmation() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN '
            'UPDATE report_group_days AS g SET confirmed_at = c.recorded_at, confirmation_id = c.id, '
            f'confirmed = c.arrived FROM ({_confirmations("new_rows")}) AS c '
            'WHERE g.hall_id = c.hall_id AND g.local_date = c.local_date AND g.booking_id = c.booking_id '
            'AND (g.confirmed_at IS NULL OR (c.recorded_at, c.id) > (g.confirmed_at, g.confirmation_id)); '
            'RETURN NULL; END $$')
        op.execute(
            'CREATE TRIGGER report_group_days_confirmation AFTER INSERT ON headcount_confirmations '
            'REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION report_group_days_confirmation()')
        # a row per new (hall, day, booking): rare (a group a day), so a row trigger; the counter's row
        # lock orders two transactions adding rows of one booking, and the UPDATE, a statement after
        # the wait, sees the other's row (READ COMMITTED)
        op.execute(
            'CREATE FUNCTION report_group_days_rows() RETURNS trigger LANGUAGE plpgsql AS $$ '
            'DECLARE n bigint; BEGIN '
            'INSERT INTO report_group_bookings AS b (booking_id, rows) VALUES (NEW.booking_id, 1) '
            'ON CONFLICT (booking_id) DO UPDATE SET rows = b.rows + 1 RETURNING b.rows INTO n; '
            'IF n > 1 THEN UPDATE report_group_days SET single = false WHERE booking_id = NEW.booking_id '
            'AND single; END IF; RETURN NULL; END $$')
        op.execute('CREATE TRIGGER report_group_days_rows AFTER INSERT ON report_group_days '
                   'FOR EACH ROW EXECUTE FUNCTION report_group_days_rows()')


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == 'sqlite':
        op.execute('DROP TRIGGER IF EXISTS report_group_days_rows')
        op.execute('DROP TRIGGER IF EXISTS report_group_days_confirmation')
        op.execute('DROP TRIGGER IF EXISTS report_group_days_checkin')
    elif dialect == 'postgresql':
        op.execute('DROP TRIGGER IF EXISTS report_group_days_rows ON report_group_days')
        op.execute('DROP FUNCTION IF EXISTS report_group_days_rows()')
        op.execute('DROP TRIGGER IF EXISTS report_group_days_confirmation ON headcount_confirmations')
        op.execute('DROP FUNCTION IF EXISTS report_group_days_confirmation()')
        op.execute('DROP TRIGGER IF EXISTS report_group_days_checkin ON checkins')
        op.execute('DROP FUNCTION IF EXISTS report_group_days_checkin()')
    op.drop_table('report_group_bookings')
    op.drop_index('ix_report_group_days_several', table_name='report_group_days')
    op.drop_index('ix_report_group_days_day', table_name='report_group_days')
    op.drop_index('ix_report_group_days_booking', table_name='report_group_days')
    op.drop_table('report_group_days')
