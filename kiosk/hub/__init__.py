"""The district hub (issue 9): an HTTP API over PostgreSQL for the kiosks of many halls.

Stateless: every request opens its own database session, so several ``kiosk hub serve`` processes
on one PostgreSQL behave exactly like one. No Kivy here.
"""
