"""A progress bar on standard error, shown only when standard error is a terminal.

In a pipe or a file (a scheduled job, a test) nothing is drawn, so logs hold
only the command's one-line messages. Reading shows the share of the file's
bytes read so far and the rows; the bar is redrawn at most ten times a
second and erased when the command is done.
"""

from __future__ import annotations

import gzip
import io
import os
import sys
import time
from pathlib import Path
from types import TracebackType
from typing import IO, Any, TextIO

__all__ = ["CountingReader", "Progress", "open_counted"]

_WIDTH = 24
_EVERY = 0.1


class CountingReader(io.RawIOBase):
    """A binary file that counts the bytes read from it (for the bar's share)."""

    def __init__(self, raw: IO[bytes], name: str) -> None:
        super().__init__()
        self._raw = raw
        self.name = name
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self._raw.read(len(buffer))
        size = len(data)
        buffer[:size] = data
        self.count += size
        return size

    def close(self) -> None:
        self._raw.close()
        super().close()


def open_counted(path: str) -> tuple[IO[bytes], CountingReader]:
    """``path`` opened for reading (``.gz`` decompressed), and the counter of its raw bytes.

    The returned file's ``name`` is the file's name without ``.gz``, so the
    format is known from it.
    """
    name = Path(path).name
    compressed = name.lower().endswith(".gz")
    raw = open(path, "rb")  # noqa: SIM115 - closed by the caller
    counter = CountingReader(raw, name[:-3] if compressed else name)
    if compressed:
        inner: Any = gzip.GzipFile(fileobj=counter, mode="rb")
        return io.BufferedReader(inner), counter
    buffered: Any = io.BufferedReader(counter)
    return buffered, counter


class Progress:
    """The bar: ``update`` while working, ``done`` (or leaving the ``with`` block) at the end."""

    def __init__(self, stream: TextIO | None = None, *, enabled: bool | None = None) -> None:
        self._stream = sys.stderr if stream is None else stream
        if enabled is None:
            enabled = _is_terminal(self._stream)
        self.enabled = enabled
        self._last = 0.0
        self._drawn = False

    def __enter__(self) -> Progress:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.done()

    def update(self, label: str, done: int | None, total: int | None, rows: int) -> None:
        """Show ``label``, the share ``done / total`` (bytes) when known, and ``rows``."""
        if not self.enabled:
            return
        now = time.monotonic()
        if self._drawn and now - self._last < _EVERY:
            return
        self._last = now
        if done is not None and total:
            share = min(done / total, 1.0)
            filled = round(share * _WIDTH)
            bar = f"[{'#' * filled}{'.' * (_WIDTH - filled)}] {share:4.0%}"
        else:
            bar = ""
        self._draw(f"{label} {bar} {rows:,} rows")

    def stage(self, label: str) -> None:
        """Show a stage without a share (``building the report``)."""
        if self.enabled:
            self._draw(label)

    def _draw(self, text: str) -> None:
        try:
            self._stream.write("\r\x1b[K" + text[:78])
            self._stream.flush()
            self._drawn = True
        except (OSError, ValueError):
            self.enabled = False

    def done(self) -> None:
        """Erase the bar."""
        if self.enabled and self._drawn:
            try:
                self._stream.write("\r\x1b[K")
                self._stream.flush()
            except (OSError, ValueError):
                pass
        self._drawn = False


def _is_terminal(stream: TextIO) -> bool:
    if os.environ.get("TERM") == "dumb":
        return False
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError, OSError):
        return False
