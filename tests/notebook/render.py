"""Run the tutorial notebook and write its markdown twin for the docs site.

``python -m tests.notebook.render`` executes ``docs/tutorials/notebook.ipynb``
with nbclient (kernel ``python3`` of this interpreter, cells time-boxed) and
writes ``docs/tutorials/notebook.md``: the markdown cells, the code cells and
their text outputs, and each figure as a PNG in ``docs/tutorials/notebook_files``.
The notebook test executes the notebook again and checks that the page holds
exactly these cells and text outputs, so the page cannot drift from the code.
"""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

import nbformat
from nbclient import NotebookClient

FOLDER = Path(__file__).resolve().parents[2] / "docs" / "tutorials"
NOTEBOOK = FOLDER / "notebook.ipynb"
PAGE = FOLDER / "notebook.md"
FIGURES = "notebook_files"
CELL_TIMEOUT = 120
HEADER = (
    "<!-- Generated from notebook.ipynb by `python -m tests.notebook.render`; "
    "do not edit: tests/notebook checks it. -->\n\n"
)
NOTE = (
    '!!! note "An executed notebook"\n'
    "    This page is [notebook.ipynb](notebook.ipynb) as executed: `make test` runs every\n"
    "    cell and checks that this page shows the same code and outputs.\n\n"
)


def execute(path: Path = NOTEBOOK) -> Any:
    """The notebook with every cell run in its own folder (raises on the first failing cell)."""
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook,
        timeout=CELL_TIMEOUT,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
    )
    client.execute()
    return notebook


def _text_output(output: Any) -> str | None:
    if output.get("output_type") == "stream":
        return str(output.get("text", ""))
    data = output.get("data", {})
    if "image/png" in data:
        return None
    return str(data["text/plain"]) if "text/plain" in data else None


def _fenced(text: str, language: str) -> str:
    return f"```{language}\n{text.rstrip()}\n```\n"


def render(notebook: Any, figures: dict[str, bytes] | None = None) -> str:
    """The markdown page of an executed notebook; ``figures`` collects the PNGs by file name."""
    parts = [HEADER]
    count = 0
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type == "markdown":
            parts.append(cell.source.strip() + "\n")
            if index == 0:
                parts.append(NOTE.rstrip() + "\n")
            continue
        parts.append(_fenced(cell.source, "py"))
        for output in cell.get("outputs", []):
            png = output.get("data", {}).get("image/png")
            if png is not None:
                count += 1
                name = f"{FIGURES}/figure-{count}.png"
                if figures is not None:
                    figures[name] = base64.b64decode(png)
                parts.append(f"![Figure {count}]({name})\n")
                continue
            text = _text_output(output)
            if text and text.strip():
                parts.append(_fenced(text, "text"))
    return "\n".join(parts)


def main() -> None:
    """Execute the notebook and write the page and its figures."""
    figures: dict[str, bytes] = {}
    page = render(execute(), figures)
    (FOLDER / FIGURES).mkdir(exist_ok=True)
    for old in (FOLDER / FIGURES).glob("figure-*.png"):
        old.unlink()
    for name, data in figures.items():
        (FOLDER / name).write_bytes(data)
    PAGE.write_text(page, encoding="utf-8")


if __name__ == "__main__":
    main()
