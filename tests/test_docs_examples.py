"""Every ``python`` code block in README.md and docs/**/*.md runs.

Blocks of one file run in order in one namespace, so a page can build on its
earlier blocks. A block fenced as ``pycon`` or ``text`` is shown, not run.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
PAGES = [README, *sorted((ROOT / "docs").rglob("*.md"))]
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


_SIDE_EFFECTS = {"print", "write_text", "simplefilter", "filterwarnings"}


def _unchecked_values(block: str) -> list[str]:
    """Bare expressions outside ``try``: values a reader sees in a comment but nothing checks."""
    tree = ast.parse(block)
    guarded = {id(n) for t in ast.walk(tree) if isinstance(t, ast.Try) for n in ast.walk(t)}
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Expr) or id(node) in guarded:
            continue
        value = node.value
        name = getattr(getattr(value, "func", None), "attr", None) or getattr(
            getattr(value, "func", None), "id", None
        )
        if isinstance(value, ast.Constant) or name in _SIDE_EFFECTS:
            continue
        found.append(ast.unparse(node)[:60])
    return found


@pytest.mark.parametrize("path", PAGES, ids=lambda p: p.name)
def test_examples_check_what_they_show(path: Path) -> None:
    """A value shown in an example is asserted, so a wrong value fails the docs build."""
    for number, block in enumerate(_blocks(path), start=1):
        assert _unchecked_values(block) == [], f"{path.name} block {number}"
