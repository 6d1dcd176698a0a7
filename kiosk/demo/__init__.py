"""Demo data made through the real services: the snapshot's scenes, the tests' fixtures, ``kiosk demo``."""
