"""Newer versions: the status-bar line that tells the user, and the admins' announcement."""
