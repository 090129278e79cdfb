"""``python -m benchkit.child SPEC_JSON``: one measuring child process; ``SPEC['section']`` names the module.

The section's ``child(spec)`` sets the contender up (imports, client, warm-up jobs) and returns the function
that answers each command; the child then speaks JSON lines with ``harness.Child`` in the parent.
"""

from __future__ import annotations

import importlib
import json
import sys

from . import harness


def main() -> int:
    spec = json.loads(sys.argv[1])
    spec["rss_start"] = harness.rss_now()  # before anything of the contender is imported
    session, ready = importlib.import_module(f"benchkit.{spec['section']}").child(spec)
    harness.serve(session, {"rss_start": spec["rss_start"], **ready})
    return 0


if __name__ == "__main__":
    sys.exit(main())
