"""`python -m app` is the `switchboard` command."""

from app.main import run

run()
