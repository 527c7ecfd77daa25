"""Entry point of the frozen build: `app` is imported as a package, as the console script does."""

from app.main import run

run()
