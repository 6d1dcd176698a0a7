"""Staff access: the PIN gate in front of the staff console."""
