"""DataFrames (pandas, polars), Parquet files and iterables of dicts as batches of columns.

pandas and polars are optional: a frame is recognised by its type's module,
and the library that made it is imported only then. Typed columns keep
their types: a tz-aware datetime column becomes UTC ``datetime64[us]``
instants, a naive one ``WallTimes`` (which need a time zone), numbers stay
numbers; every missing marker a frame uses (``NaN``, ``None``, ``pd.NA``,
``NaT``, polars nulls) becomes ``None``.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import numpy as np

from csmetrics._core.instants import instants_us, to_datetime64
from csmetrics._core.optional import require_extra
from csmetrics._io.batch import RawBatch, RowProblem, WallTimes, object_array
from csmetrics.exceptions import InputTypeError

__all__ = ["frame_batches", "is_frame", "iterable_batches", "parquet_batches"]


def _library(value: object) -> str:
    return type(value).__module__.split(".")[0]


def is_frame(value: object) -> bool:
    """Whether ``value`` is a pandas or polars DataFrame."""
    return _library(value) in ("pandas", "polars") and type(value).__name__ == "DataFrame"


def frame_batches(frame: Any, batch_size: int) -> Iterator[RawBatch]:
    """The batches of a pandas or polars DataFrame (a pandas index is kept as labels)."""
    if _library(frame) == "polars":
        yield from _polars_batches(frame, batch_size)
        return
    name = "DataFrame"
    for start in range(0, max(len(frame), 1), batch_size):
        part = frame.iloc[start : start + batch_size]
        columns = {str(c): _pandas_column(part[c]) for c in part.columns}
        positions = np.arange(start, start + len(part), dtype=np.int64)
        yield RawBatch(name, columns, positions, None, part.index)


def _pandas_column(series: Any) -> Any:
    dtype = series.dtype
    if getattr(dtype, "kind", "") == "M":
        if getattr(dtype, "tz", None) is not None:
            return to_datetime64(instants_us(series, str(series.name)))
        return WallTimes(series.to_numpy(dtype="datetime64[us]"))
    if getattr(dtype, "kind", "") in "iub" and not series.isna().any():
        return series.to_numpy()
    values = np.array(series.astype(object).to_numpy(), dtype=object)  # a writable copy
    missing = series.isna().to_numpy()
    values[missing] = None
    return values


def _polars_batches(frame: Any, batch_size: int) -> Iterator[RawBatch]:
    for start in range(0, max(frame.height, 1), batch_size):
        part = frame.slice(start, batch_size)
        columns = {name: _polars_column(part[name]) for name in part.columns}
        positions = np.arange(start, start + part.height, dtype=np.int64)
        yield RawBatch("DataFrame", columns, positions)


def _polars_column(series: Any) -> Any:
    dtype = series.dtype
    if dtype.__class__.__name__ == "Datetime":
        values = series.dt.cast_time_unit("us").to_numpy()
        if getattr(dtype, "time_zone", None):
            return np.asarray(values, dtype="datetime64[us]")
        return WallTimes(np.asarray(values, dtype="datetime64[us]"))
    return object_array(series.to_list(), series.len())


def parquet_batches(source: Any, batch_size: int) -> Iterator[RawBatch]:
    """The batches of a Parquet file (needs the ``arrow`` extra: pyarrow)."""
    parquet = require_extra("pyarrow.parquet", "arrow", "reading Parquet files")
    handle = parquet.ParquetFile(source)
    name = str(getattr(source, "name", source)).rsplit("/", 1)[-1]
    start = 0
    for record_batch in handle.iter_batches(batch_size=batch_size):
        columns = {
            field.name: _arrow_column(record_batch.column(i), field.type)
            for i, field in enumerate(record_batch.schema)
        }
        positions = np.arange(start, start + record_batch.num_rows, dtype=np.int64)
        start += record_batch.num_rows
        yield RawBatch(name, columns, positions)


def _arrow_column(array: Any, arrow_type: Any) -> Any:
    if str(arrow_type).startswith("timestamp"):
        values = array.cast(_us_type(arrow_type)).to_numpy(zero_copy_only=False)
        values = np.asarray(values, dtype="datetime64[us]")
        return values if getattr(arrow_type, "tz", None) else WallTimes(values)
    return object_array(array.to_pylist(), len(array))


def _us_type(arrow_type: Any) -> Any:
    pyarrow = require_extra("pyarrow", "arrow", "reading Parquet files")
    return pyarrow.timestamp("us", tz=getattr(arrow_type, "tz", None))


def iterable_batches(records: Iterable[Any], batch_size: int, kind: str) -> Iterator[RawBatch]:
    """The batches of an iterable of mappings (other items are reported as bad rows)."""
    if isinstance(records, str | bytes | Mapping) or not isinstance(records, Iterable):
        msg = f"source: expected a path, an open file, a DataFrame or an iterable of {kind}, got {type(records).__name__}"  # noqa: E501
        raise InputTypeError(msg)
    iterator = iter(records)
    start = 0
    while True:
        chunk = list(itertools.islice(iterator, batch_size))
        if not chunk:
            return
        rows = [(start + i, item) for i, item in enumerate(chunk) if isinstance(item, Mapping)]
        problems = tuple(
            RowProblem(start + i, None, f"expected a mapping, got {type(item).__name__}")
            for i, item in enumerate(chunk)
            if not isinstance(item, Mapping)
        )
        keys: dict[str, None] = {}
        for _, item in rows:
            keys.update(dict.fromkeys(str(k) for k in item))
        columns = {k: object_array((item.get(k) for _, item in rows), len(rows)) for k in keys}
        positions = np.array([p for p, _ in rows], dtype=np.int64)
        yield RawBatch("records", columns, positions, None, None, problems)
        start += len(chunk)
