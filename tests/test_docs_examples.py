"""Every ``python`` code block in README.md and docs/*.md runs.

Blocks of one file run in order in one namespace, so a page can build on its
earlier blocks. A block fenced as ``pycon`` or ``text`` is shown, not run.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
PAGES = [README, *sorted((ROOT / "docs").glob("*.md"))]
BLOCK = re.compile(r"^```python\n(.*?)^```$", re.DOTALL | re.MULTILINE)


def _blocks(path: Path) -> list[str]:
    return BLOCK.findall(path.read_text(encoding="utf-8"))


def test_readme_has_examples() -> None:
    assert len(_blocks(README)) >= 3


def test_readme_states_the_two_commands() -> None:
    text = README.read_text(encoding="utf-8")
    assert "make demo" in text
    assert "make test" in text


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_code_blocks_run(path: Path) -> None:
    namespace: dict[str, object] = {"__name__": f"docs_{path.stem}"}
    for number, block in enumerate(_blocks(path), start=1):
        try:
            exec(compile(block, f"{path.name} block {number}", "exec"), namespace)
        except Exception as error:  # pragma: no cover - the failure report itself
            pytest.fail(f"{path.name}: python block {number} failed: {error!r}\n{block}")
