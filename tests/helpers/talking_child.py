"""A child for `app.bench.faults_child.Child` tests: speaks its protocol and nothing else.

``python -m tests.helpers.talking_child`` reads one JSON line (``{"size": N}``), prints
``ready``, answers each ``report`` with a report of N characters on one line, and on ``stop``
prints ``done`` and ends.
"""

from __future__ import annotations

import json
import sys


def main() -> None:
    size = int(json.loads(sys.stdin.readline())["size"])
    print("ready", flush=True)
    for line in sys.stdin:
        if line.strip() == "report":
            print("report " + json.dumps({"filler": "x" * size}), flush=True)
        elif line.strip() == "stop":
            break
    print("done", flush=True)


if __name__ == "__main__":
    main()
