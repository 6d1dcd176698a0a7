"""The kiosk's side of sync (issue 9): device identity, outbox, push, pull, USB bundles, the
background service. No Kivy; the hub's side is kiosk.hub."""
