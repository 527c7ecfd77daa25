"""The admin's (and, for personal canned replies, every agent's) windows for the team's lists:
labels and canned replies."""
