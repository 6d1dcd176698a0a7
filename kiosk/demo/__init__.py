"""Demonstration data: synthetic history for scale tests and demos (``kiosk demo …``)."""
