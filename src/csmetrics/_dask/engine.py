"""Running a function on every partition, errors located, results merged in a tree.

Each partition is a pandas DataFrame at run time. A function's
:class:`~csmetrics.exceptions.CsMetricsError` is raised again as the same
class, its message prefixed with the partition number and the first row of
the partition at which the error arises (found by bisection over prefixes of
the partition, on the error path only). Shared read-only objects (policies,
schedules, rules) enter the graph once, as one key every task depends on, so
each worker unpickles them once and keeps their compiled caches.
"""

from __future__ import annotations

import operator
import warnings
from collections.abc import Callable, Hashable, Mapping
from types import ModuleType
from typing import Any, TypeVar

from csmetrics._core.describe import describe
from csmetrics._core.optional import require_extra
from csmetrics.exceptions import CsMetricsError, InputTypeError

__all__ = [
    "dask_dataframe",
    "located",
    "merge_counts",
    "reduce_partitions",
    "require_frame",
    "shared",
]

T = TypeVar("T")
PURPOSE = "csmetrics.dask"


def dask_dataframe() -> ModuleType:
    """``dask.dataframe``, or an ImportError naming the ``dask`` extra."""
    require_extra("pandas", "dask", PURPOSE)
    return require_extra("dask.dataframe", "dask", PURPOSE)


def require_frame(ddf: object, param: str = "ddf") -> Any:
    """``ddf`` if it is a dask DataFrame, else an InputTypeError describing it."""
    dd = dask_dataframe()
    if not isinstance(ddf, dd.DataFrame):
        msg = f"{param}: expected a dask.dataframe.DataFrame, got {describe(ddf)}"
        raise InputTypeError(msg)
    return ddf


def shared(value: T) -> Any:
    """``value`` as one graph key (``dask.delayed``) that every task can depend on."""
    from dask.delayed import delayed  # noqa: PLC0415 - optional dependency, imported on use

    return delayed(value, pure=True, traverse=False)


def _raises(
    fn: Callable[..., Any], frame: Any, kind: type[Exception], args: tuple[Any, ...]
) -> bool:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            fn(frame, *args)
        except kind:
            return True
        except Exception:
            return False
    return False


def _first_bad_row(
    fn: Callable[..., Any], frame: Any, kind: type[Exception], args: tuple[Any, ...]
) -> int | None:
    """The 0-based row whose prefix first raises ``kind`` (None: the empty prefix raises)."""
    if _raises(fn, frame.iloc[:0], kind, args):
        return None
    low, high = 1, len(frame)  # frame.iloc[:high] raises, frame.iloc[:low - 1] does not
    while low < high:
        middle = (low + high) // 2
        if _raises(fn, frame.iloc[:middle], kind, args):
            high = middle
        else:
            low = middle + 1
    return low - 1


def located(fn: Callable[..., T], frame: Any, number: int, *args: Any) -> T:
    """``fn(frame, *args)``; its CsMetricsError raised again naming the partition and the row."""
    try:
        return fn(frame, *args)
    except CsMetricsError as err:
        row = _first_bad_row(fn, frame, type(err), args) if len(frame) else None
        where = f"partition {number}" if row is None else f"partition {number}, row {row}"
        raise type(err)(f"{where}: {err}") from None


def merge_counts(
    left: Mapping[Hashable, Any],
    right: Mapping[Hashable, Any],
    add: Callable[[Any, Any], Any] = operator.add,
) -> dict[Hashable, Any]:
    """Two ``{group: counts}`` tables added group by group (with ``add``, default ``+``)."""
    out = dict(left)
    for key, value in right.items():
        out[key] = add(out[key], value) if key in out else value
    return out


def reduce_partitions(
    ddf: Any,
    chunk: Callable[..., T],
    merge: Callable[[T, T], T],
    *args: Any,
    split_every: int = 8,
) -> T:
    """``merge`` over ``chunk(partition, *args)`` of every partition, as a tree of tasks.

    The partitions are merged ``split_every`` at a time (left to right, so the
    order of the parts is kept), then computed once. ``args`` should be
    :func:`shared` values when they are large.
    """
    from dask.base import compute  # noqa: PLC0415 - optional dependency, imported on use
    from dask.delayed import delayed  # noqa: PLC0415

    tasks = [
        delayed(located, pure=True)(chunk, part, number, *args)
        for number, part in enumerate(ddf.to_delayed())
    ]
    while len(tasks) > 1:
        tasks = [
            delayed(_merge_many, pure=True)(merge, *tasks[i : i + split_every])
            for i in range(0, len(tasks), split_every)
        ]
    (result,) = compute(tasks[0])  # type: ignore[no-untyped-call]
    return result  # type: ignore[no-any-return]


def _merge_many(merge: Callable[[T, T], T], *parts: T) -> T:
    result = parts[0]
    for part in parts[1:]:
        result = merge(result, part)
    return result
