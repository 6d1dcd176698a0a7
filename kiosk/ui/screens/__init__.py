"""One screen, one .py + .kv pair; every screen gets the view model as ``vm``."""
