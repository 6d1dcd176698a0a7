"""A visitor's time at the kiosk: idle detection and reset, and what they looked at."""
