"""``python -m csmetrics``: the same as the ``csmetrics`` command."""

from __future__ import annotations

from csmetrics.cli import main

__all__: list[str] = []

if __name__ == "__main__":
    raise SystemExit(main())
