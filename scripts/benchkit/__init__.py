"""The benchmark behind ``scripts/bench`` (and the harness ``scripts/reliability`` shares).

One module per part, read in this order:

- ``harness``: what every measuring script shares: this checkout's code on the children's path, machine
  info, sample media, the emulator in a process of its own, JSON-lines child processes, Markdown blocks.
- ``stats``: medians with their spread (min-max), never a best-of.
- ``contenders``: how each client runs one job (genvid, raw httpx, each official SDK), child side.
- ``child``: the entry point of every measuring child (``python -m benchkit.child SPEC``).
- one module per section, each with ``run`` (parent side), ``child`` (if it measures in a child),
  ``targets`` (the issue-14 targets it judges, with their measured causes) and ``markdown``:
  ``cpu`` (1, API-path CPU per job), ``transfers`` (2, media bytes), ``notice`` (3, time to notice and
  requests per job), ``many`` (4, 1,000 jobs), ``imports`` (5, import and a cold process's first job),
  ``throughput`` (6, the emulator's own rate).
- ``report``: BENCHMARKS.md and the README's marked blocks from one run's figures.
- ``main``: the plan (full or ``--smoke`` sizes) and the order of the sections.

Only the standard library is imported at module level, so a child's baseline (RSS, ``sys.modules``)
is the interpreter and these modules, the same for every contender.
"""
