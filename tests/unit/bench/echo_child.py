"""A telling child for the tests: says ready (or fails first, if told to), and on stop tells
the lines it was given."""

from __future__ import annotations

import json
import sys
import time

from app.bench.child import say


def main() -> None:
    given = json.loads(sys.stdin.readline())
    if given.get("fail"):
        sys.exit("told to fail before ready")
    say("ready")
    sys.stdin.readline()  # "stop", or the end of stdin
    if given.get("ignore_stop"):
        time.sleep(3600)  # a child that hangs: killed by the bench
    say("\n".join(given["lines"]))
    say("done")


if __name__ == "__main__":
    main()
