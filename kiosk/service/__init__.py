"""Running the kiosk as a system service: the systemd unit and the notify-socket protocol."""
