"""Auto-assignment in the desk: the admins' settings dialog and each agent's away switch."""
