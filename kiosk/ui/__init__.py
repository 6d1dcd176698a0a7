"""The Kivy face of the kiosk: screens and widgets only. It calls services, never SQL."""
