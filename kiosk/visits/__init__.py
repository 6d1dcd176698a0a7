"""Arrivals (issue 3): organisations, bookings, pass issuing, check-in, revocation, statistics.

No Kivy here. The kiosk UI and the ``kiosk`` CLI both reach these services through
``KioskServices.visits`` (a :class:`kiosk.visits.service.VisitsService`). The pure pass core
(keys, the HK1 text, verification, images, decoding) lives in ``kiosk.passes``; this package adds
the database around it.
"""
