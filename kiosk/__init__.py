"""Hall Kiosk: the services behind a party-member education hall's kiosks.

Nothing in this package outside ``kiosk.ui`` imports Kivy.
"""

__version__ = "0.1.0"
