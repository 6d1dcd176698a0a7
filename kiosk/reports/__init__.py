"""The statistics layer (issue 8): every figure a hall reports upward, as SQLAlchemy queries.

Each figure is a function taking a session and a :class:`kiosk.reports.scope.ReportScope` (hall-local
dates, an optional set of halls) and returning typed rows; the same SQL runs on a kiosk's SQLite and on
the hub's PostgreSQL. The summary (:mod:`kiosk.reports.summary`), the exports
(:mod:`kiosk.reports.exporters`), the CLI (:mod:`kiosk.reports.cli`) and the staff dashboard all read
these functions, so the numbers agree everywhere.
"""
