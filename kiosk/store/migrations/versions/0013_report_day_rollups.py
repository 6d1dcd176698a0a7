"""reports: per-day rollups of board views, quiz attempts, walk-ins and feedback, kept by triggers

Issue 8. The summary's additive figures (views per zone, attempts and scores per mode, walk-in
people, ratings, suggestions, tags) read one row per hall, hall-local day and key instead of every
fact of the range (kiosk.store.report_rollup_models says why triggers). Each rollup is defined once
below as expressions over a source row ``src``; the same expressions

* backfill the history already there (``INSERT … SELECT … GROUP BY`` over the whole table: every
  fact is kept and counted);
* on SQLite, feed a row trigger (``AFTER INSERT``) that upserts the new fact's own row;
* on PostgreSQL, feed a statement trigger over the inserted rows (``REFERENCING NEW TABLE``) that
  upserts one grouped row per key: the hub's COPY + ``INSERT … SELECT`` ingest pays one grouped
  upsert per batch. Statement triggers on the partitioned parents see every partition's rows.

A fact's hall-local day for the UTC-stamped tables is its instant in Asia/Shanghai (UTC+8, no daylight
saving since 1991: kiosk.clock.HALL_TIMEZONE), so a range's days match ReportScope.utc_bounds exactly.
``INSERT OR IGNORE`` / ``ON CONFLICT DO NOTHING`` of a fact already there fires nothing: no doubles.

Also two indexes: ``ix_bookings_hall_day`` (a hall's bookings of a range, not every booking) and
``ix_checkins_pass_report``, covering what the arrival rules read of a range's pass check-ins and
their per-booking, per-day probe for the newest headcount confirmation (no table lookups).

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02
"""



from typing import Any, NamedTuple

from alembic import op
import sqlalchemy as sa


revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None

HALL_ZONE = 'Asia/Shanghai'
READ_SECONDS = 10.0  # kiosk.reports.exhibition.READ_SECONDS: a view of at least this long was read


class Rollup(NamedTuple):
    table: str
    source: str
    keys: tuple[tuple[str, str], ...]
    """(column, expression over ``src``); ``{day:col}`` is the hall-local day of a UTC column."""
    sums: tuple[tuple[str, str], ...]
    where: str = ''
    joins: dict[str, str] | None = None
    """Per dialect, a table function joined to ``src`` (the tags of a feedback)."""


ROLLUPS = (
    Rollup('report_board_view_days', 'board_views',
           (('hall_id', 'src.hall_id'), ('local_date', '{day:opened_at}'), ('zone_id', 'src.zone_id')),
           (('views', 'count(*)'),
            ('readers', f'sum(CASE WHEN src.dwell_seconds >= {READ_SECONDS} THEN 1 ELSE 0 END)'),
            ('read_aloud', 'sum(CASE WHEN src.read_aloud THEN 1 ELSE 0 END)'),
            ('dwell_seconds', 'sum(src.dwell_seconds)'))),
    Rollup('report_quiz_attempt_days', 'quiz_attempts',
           (('hall_id', 'src.hall_id'), ('local_date', '{day:finished_at}'), ('mode', 'src.mode')),
           (('attempts', 'count(*)'), ('score_sum', 'sum(src.score)'),
            ('percent_sum', 'sum(src.score * 100.0 / CASE WHEN src.max_score > 0 THEN src.max_score ELSE 1 END)'))),
    Rollup('report_walk_in_days', 'checkins',
           (('hall_id', 'src.hall_id'), ('local_date', 'src.local_date'), ('visitor_kind', 'src.visitor_kind')),
           (('people', 'sum(src.count)'),), where="src.kind = 'walk_in'"),
    Rollup('report_feedback_days', 'feedback',
           (('hall_id', 'src.hall_id'), ('local_date', 'src.local_date'), ('rating', 'src.rating')),
           (('feedback', 'count(*)'), ('suggestions', "sum(CASE WHEN src.suggestion != '' THEN 1 ELSE 0 END)"))),
    Rollup('report_feedback_tag_days', 'feedback',
           (('hall_id', 'src.hall_id'), ('local_date', 'src.local_date'), ('tag', 'tag.value')),
           (('taps', 'count(*)'),), where="src.tags != '[]'",
           joins={'sqlite': 'json_each(src.tags) AS tag',
                  'postgresql': 'CROSS JOIN LATERAL json_array_elements_text(src.tags::json) AS tag(value)'}),
)


def _day(column: str, dialect: str) -> str:
    if dialect == 'postgresql':
        return f"(src.{column} AT TIME ZONE '{HALL_ZONE}')::date"
    return f"date(src.{column}, '+8 hours')"


def _select(rollup: Rollup, dialect: str, source: str, extra_where: str = '') -> str:
    """``SELECT keys, sums FROM source AS src … GROUP BY keys`` in ``dialect``."""
    keys = []
    for _name, expression in rollup.keys:
        if expression.startswith('{day:'):
            expression = _day(expression[5:-1], dialect)
        keys.append(expression)
    join = ''
    if rollup.joins:
        join = (', ' if dialect == 'sqlite' else ' ') + rollup.joins[dialect]
    where = ' AND '.join(w for w in (rollup.where, extra_where) if w) or 'true'
    columns = ', '.join(keys + [s for _n, s in rollup.sums])
    group = ', '.join(str(i + 1) for i in range(len(keys)))
    return f'SELECT {columns} FROM {source} AS src{join} WHERE {where} GROUP BY {group}'


def _upsert(rollup: Rollup, dialect: str, source: str, extra_where: str = '') -> str:
    names = [n for n, _e in rollup.keys] + [n for n, _e in rollup.sums]
    keys = ', '.join(n for n, _e in rollup.keys)
    update = ', '.join(f'{n} = {rollup.table}.{n} + excluded.{n}' for n, _e in rollup.sums)
    return (f'INSERT INTO {rollup.table} ({", ".join(names)}) {_select(rollup, dialect, source, extra_where)} '
            f'ON CONFLICT ({keys}) DO UPDATE SET {update}')


def _create_table(rollup: Rollup) -> None:
    types: dict[str, Any] = {'hall_id': sa.String(64), 'local_date': sa.Date(), 'zone_id': sa.String(64), 'mode': sa.String(16),
             'visitor_kind': sa.String(16), 'rating': sa.Integer(), 'tag': sa.Text(), 'dwell_seconds': sa.Float(),
             'percent_sum': sa.Float()}
    columns: list[Any] = [sa.Column(n, types[n], nullable=False) for n, _e in rollup.keys]
    columns += [sa.Column(n, types.get(n, sa.BigInteger()), nullable=False) for n, _e in rollup.sums]
    op.create_table(rollup.table, *columns,
                    sa.PrimaryKeyConstraint(*(n for n, _e in rollup.keys), name=f'pk_{rollup.table}'))


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    op.create_index('ix_bookings_hall_day', 'bookings', ['hall_id', 'visit_date'])
    op.create_index('ix_checkins_pass_report', 'checkins', ['hall_id', 'kind', 'local_date', 'booking_id', 'recorded_at',
                                                          'id', 'count', 'organisation_id', 'device_id'])
    for rollup in ROLLUPS:
        _create_table(rollup)
        names = [n for n, _e in rollup.keys] + [n for n, _e in rollup.sums]
        op.execute(f'INSERT INTO {rollup.table} ({", ".join(names)}) {_select(rollup, dialect, rollup.source)}')
        if dialect == 'sqlite':
            op.execute(f'CREATE TRIGGER {rollup.table}_insert AFTER INSERT ON {rollup.source} BEGIN '
                       f'{_upsert(rollup, dialect, rollup.source, "src.rowid = NEW.rowid")}; END')
        elif dialect == 'postgresql':
            op.execute(f'CREATE FUNCTION {rollup.table}_add() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN '
                       f'{_upsert(rollup, dialect, "new_rows")}; RETURN NULL; END $$')
            op.execute(f'CREATE TRIGGER {rollup.table}_insert AFTER INSERT ON {rollup.source} '
                       f'REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION {rollup.table}_add()')


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    for rollup in reversed(ROLLUPS):
        if dialect == 'sqlite':
            op.execute(f'DROP TRIGGER IF EXISTS {rollup.table}_insert')
        elif dialect == 'postgresql':
            op.execute(f'DROP TRIGGER IF EXISTS {rollup.table}_insert ON {rollup.source}')
            op.execute(f'DROP FUNCTION IF EXISTS {rollup.table}_add()')
        op.drop_table(rollup.table)
    op.drop_index('ix_checkins_pass_report', table_name='checkins')
    op.drop_index('ix_bookings_hall_day', table_name='bookings')
