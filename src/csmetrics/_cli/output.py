"""Writing the command's output safely: any encoding, a full disk, a closed pipe.

The command prints text that holds Chinese labels. Whatever stands behind
standard output (a cp1252 console, a pipe closed by ``head``, ``/dev/full``),
the command ends with a one-line message and a documented exit code, never a
traceback.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from typing import BinaryIO, TextIO

__all__ = [
    "EXIT_BAD_INPUT",
    "EXIT_FOUND_BAD_ROWS",
    "EXIT_INPUT",
    "EXIT_INTERNAL",
    "EXIT_OK",
    "EXIT_OUTPUT",
    "EXIT_USAGE",
    "OutputError",
    "say_error",
    "write_file",
    "write_text",
]

EXIT_OK = 0
"""Success."""
EXIT_FOUND_BAD_ROWS = 1
"""The command ran, and found what it reports as a failure (e.g. bad rows)."""
EXIT_USAGE = 2
"""A usage error: an unknown option, a missing or malformed value (the message says which)."""
EXIT_BAD_INPUT = EXIT_USAGE
"""Former name of :data:`EXIT_USAGE`."""
EXIT_OUTPUT = 3
"""The output could not be written (disk full, closed pipe, unwritable file)."""
EXIT_INPUT = 4
"""An input file cannot be read or holds something wrong (with ``--strict``: a bad row)."""
EXIT_INTERNAL = 5
"""An unexpected failure inside csmetrics (a bug): one line naming the error's type."""


class OutputError(Exception):
    """Standard output or an output file could not be written."""


def _encodable(text: str, stream: TextIO) -> tuple[str, bool]:
    """``text`` with the characters ``stream`` cannot encode replaced by ``?``."""
    encoding = getattr(stream, "encoding", None) or "utf-8"
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        return text.encode(encoding, errors="replace").decode(encoding), True
    except LookupError:  # an unknown encoding name: write as it is
        return text, False
    return text, False


def write_text(text: str, stream: TextIO | None = None) -> None:
    """Write ``text`` and a newline to ``stream`` (default standard output) and flush.

    Characters the stream's encoding cannot show become ``?``, with a one-line
    note on standard error. A write that fails raises :class:`OutputError`.
    """
    out = sys.stdout if stream is None else stream
    shown, replaced = _encodable(text, out)
    try:
        out.write(shown + "\n")
        out.flush()
    except (OSError, ValueError) as error:
        _silence(out)
        msg = f"cannot write the output: {_reason(error)}"
        raise OutputError(msg) from None
    if replaced:
        encoding = getattr(out, "encoding", "?")
        say_error(
            f"note: the output's encoding ({encoding}) cannot show some characters; they were "
            "replaced by '?' (set PYTHONIOENCODING=utf-8 or write to a file with -o)",
            prefix="",
        )


def _reason(error: BaseException) -> str:
    if isinstance(error, BrokenPipeError):
        return "the reading end of the pipe was closed"
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return type(error).__name__


def _silence(stream: TextIO) -> None:
    """Point a broken standard stream at the null device, so the exit flush cannot fail again."""
    try:
        fileno = stream.fileno()
    except (OSError, ValueError):
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, fileno)
    finally:
        os.close(devnull)


def say_error(message: str, *, prefix: str = "error: ") -> None:
    """One line on standard error: ``csmetrics: <prefix><message>`` (never raises)."""
    line = " ".join(f"csmetrics: {prefix}{message}".split())
    try:
        err = sys.stderr
        shown, _ = _encodable(line, err)
        err.write(shown + "\n")
        err.flush()
    except (OSError, ValueError):
        pass


def write_file(path: str, text: str) -> None:
    """Write ``text`` to ``path`` atomically: a temporary file in its directory, then a rename.

    On any failure the temporary file is removed and ``path`` is left as it
    was (absent, or its previous content); raises :class:`OutputError`.
    """
    target = os.path.abspath(path)
    folder = os.path.dirname(target)
    data = text.encode("utf-8")
    if os.path.exists(target) and not os.path.isfile(target):
        _write_special(target, data)  # a device or a pipe (-o /dev/stdout): no rename over it
        return
    try:
        handle, temporary = tempfile.mkstemp(
            prefix=f".{os.path.basename(target)}.", suffix=".tmp", dir=folder
        )
    except OSError as error:
        msg = f"-o: cannot write {os.path.basename(target)!r}: {_reason(error)}"
        raise OutputError(msg) from None
    try:
        with os.fdopen(handle, "wb") as out:
            _write_all(out, data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, target)
    except BaseException as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if not isinstance(error, OSError):
            raise
        msg = f"-o: cannot write {os.path.basename(target)!r}: {_reason(error)}"
        raise OutputError(msg) from None


def _write_special(target: str, data: bytes) -> None:
    try:
        with open(target, "wb") as out:
            _write_all(out, data)
    except OSError as error:
        msg = f"-o: cannot write {os.path.basename(target)!r}: {_reason(error)}"
        raise OutputError(msg) from None


def _write_all(out: BinaryIO, data: bytes) -> None:
    """Write ``data`` in blocks (one place a test can make fail half-way)."""
    block = 1 << 20
    for start in range(0, len(data), block):
        out.write(data[start : start + block])
