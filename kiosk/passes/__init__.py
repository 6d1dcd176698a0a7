"""Signed visitor passes: keys, the QR text format, verification, images, scanning.

Everything here is a pure service: no Kivy, no database. The check-in service,
CLI and screens build on these modules; ``kiosk.passes.outcomes`` is the shared
vocabulary of what a scan can end in.

Import the submodules directly (``from kiosk.passes.verify import verify_pass``);
this package does not re-export them so that importing the verifier on a kiosk
does not drag in Pillow, reportlab or zxing-cpp.
"""
