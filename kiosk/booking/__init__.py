"""Online booking (issue 10): halls' schedules, availability, bookings with capacity held in the database,
manage tokens, staff web accounts and rate limits. No Kivy, no web framework: the hub's pages call these."""
