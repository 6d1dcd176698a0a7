"""Quiz engine: question model, bank importers, session state machines, scoring, item statistics.

Pure Python: no Kivy, no database.
"""
