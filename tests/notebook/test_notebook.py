"""The tutorial notebook runs top to bottom, and its docs page shows what it prints.

The notebook is executed with nbclient on the ``python3`` kernel of this
interpreter, each cell time-boxed (``render.CELL_TIMEOUT`` seconds), so a
broken or hanging cell fails ``make test``.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from .render import NOTEBOOK, PAGE, execute, render
from .sample_export import FOLDER, export_texts

ROOT = Path(__file__).resolve().parents[2]


def test_the_shipped_export_is_what_the_generator_writes() -> None:
    for name, text in export_texts().items():
        assert (FOLDER / name).read_text(encoding="utf-8") == text, name


@pytest.fixture(scope="module")
def executed() -> object:
    return execute(NOTEBOOK)


def test_every_cell_runs_without_an_error_output(executed: object) -> None:
    cells = executed.cells  # type: ignore[attr-defined]
    outputs = [o for c in cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert outputs
    assert not [o for o in outputs if o.get("output_type") == "error"]


def test_the_page_is_the_executed_notebook(executed: object) -> None:
    page = PAGE.read_text(encoding="utf-8")
    assert page == render(executed), "run: python -m tests.notebook.render"


def test_the_page_shows_the_figures_it_names() -> None:
    page = PAGE.read_text(encoding="utf-8")
    names = [line.split("(")[1].rstrip(")") for line in page.splitlines() if line.startswith("![")]
    assert len(names) == 5
    for name in names:
        assert (PAGE.parent / name).stat().st_size > 1000, name


def test_the_tutorials_are_in_the_site_navigation() -> None:
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    nav = yaml.safe_load(text.split("\nnav:\n", 1)[1].join(["nav:\n", ""]))["nav"]
    tutorials = next(entry["Tutorials"] for entry in nav if "Tutorials" in entry)
    pages = [next(iter(item.values())) for item in tutorials]
    assert pages == ["tutorials/notebook.md", "tutorials/helpdesk.md"]
