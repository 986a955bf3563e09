"""The one place the command calls the report engine and the plots.

:func:`build` calls :func:`csmetrics.report.build_report` with the tables
read and the period; :func:`render` calls
:func:`csmetrics.report.render_report` (the HTML report with its figures
inline when the ``plot`` extra is installed); :func:`write_figures` writes
the report's figures for ``--plots``. The rest of the command never calls
them directly.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Literal

from csmetrics._cli.output import say_error, write_file
from csmetrics._core.optional import has_module
from csmetrics._io.survey_table import SurveyTable
from csmetrics._io.ticket_table import TicketTable
from csmetrics._report.build import WeeklyReport, build_report, render_report
from csmetrics._schedule.schedule import Schedule
from csmetrics._sla.policy import SlaPolicy

__all__ = ["Period", "build", "figures", "has_plots", "render", "write_figures"]

Period = Literal["day", "week", "month"]


def build(
    tickets: TicketTable,
    surveys: SurveyTable | None,
    *,
    now: dt.datetime,
    since: dt.datetime,
    until: dt.datetime | None,
    period: Period,
    timezone: str,
    policy: SlaPolicy,
    schedule: Schedule | None,
) -> WeeklyReport:
    """The report of the tickets created in ``[since, until)``, measured as of ``now``."""
    return build_report(
        tickets,
        () if surveys is None else surveys,
        now=now,
        since=since,
        until=until,
        period=period,
        timezone=timezone,
        policy=policy,
        schedule=schedule,
    )


def has_plots() -> bool:
    """Whether the ``plot`` extra (matplotlib) is installed."""
    return has_module("matplotlib")


def figures(report: WeeklyReport, fmt: str, plots: Path | None) -> dict[str, str] | None:
    """The report's figures as inline SVG, drawn once, for the HTML report and ``--plots``.

    Without matplotlib the HTML report goes without them, with a one-line note
    on standard error; ``--plots`` was refused before anything was read.
    """
    if fmt != "html" and plots is None:
        return None
    if not has_plots():
        say_error("note: no figures in the HTML report: pip install 'csmetrics[plot]'", prefix="")
        return None
    from csmetrics._plot.base import figure_svg  # noqa: PLC0415 (the plot extra)
    from csmetrics._plot.report import report_figures  # noqa: PLC0415

    return {name: figure_svg(figure) for name, figure in report_figures(report).items()}


def render(report: WeeklyReport, fmt: str, language: str, drawn: dict[str, str] | None) -> str:
    """The report as ``fmt`` (``md``, ``json`` or ``html``) in ``language`` (``en`` or ``zh``).

    The HTML report carries the ``drawn`` figures inline.
    """
    shown = drawn if fmt == "html" else None
    text: str = render_report(report, format=fmt, language=language, figures=shown)  # type: ignore[arg-type]
    return text


def write_figures(drawn: dict[str, str], directory: Path) -> list[Path]:
    """Write the ``drawn`` figures into ``directory`` (it exists) as SVG files; the files written.

    Each file is written atomically.
    """
    written = []
    for name, svg in drawn.items():
        path = directory / f"{name}.svg"
        write_file(str(path), svg if svg.endswith("\n") else svg + "\n")
        written.append(path)
    return written
