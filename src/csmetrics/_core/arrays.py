"""Conversion of vectorized inputs to int64 microseconds with a NaT mask (private).

Accepted: numpy ``datetime64`` / ``timedelta64`` arrays of any unit (datetimes
are UTC instants), tz-aware pandas ``Series`` / ``DatetimeIndex`` (pandas is
imported only when such an object comes in), scalars, and sequences of aware
datetimes / timedeltas (``None`` is NaT).

>>> import numpy as np
>>> instants_us(np.array(["1970-01-01T00:00:01"], dtype="datetime64[s]"), "starts")
array([1000000])
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

import numpy as np

from csmetrics._core.instants import MAX_YEAR, MIN_YEAR, to_us, to_us_duration
from csmetrics.exceptions import InputTypeError, InvalidInputError, NaiveDatetimeError

if TYPE_CHECKING:
    import numpy.typing as npt

__all__ = ["NAT", "durations_us", "instants_us", "to_datetime64", "to_timedelta64"]

NAT = np.iinfo(np.int64).min
_LO = np.datetime64(f"{MIN_YEAR}-01-02", "us").astype(np.int64)
_HI = np.datetime64(f"{MAX_YEAR}-12-31", "us").astype(np.int64)


def _is_pandas(values: object) -> bool:
    return type(values).__module__.split(".")[0] == "pandas"


def _from_numpy(arr: npt.NDArray[Any], kind: str) -> npt.NDArray[np.int64]:
    unit, _ = np.datetime_data(arr.dtype)
    if unit in {"ns", "ps", "fs", "as"}:
        factor = {"ns": 1_000, "ps": 10**6, "fs": 10**9, "as": 10**12}[unit]
        raw = arr.view(np.int64)
        out = np.where(raw == NAT, NAT, raw // factor)
        return np.asarray(out, dtype=np.int64)
    target = "datetime64[us]" if kind == "M" else "timedelta64[us]"
    return np.asarray(arr.astype(target).view(np.int64))


def _from_pandas_instants(values: object, param: str) -> npt.NDArray[np.int64]:
    tz = getattr(getattr(values, "dtype", None), "tz", None)
    if tz is None:
        msg = f"{param}: expected tz-aware pandas datetimes, got naive values {values!r}"
        raise NaiveDatetimeError(msg)
    import pandas as pd  # noqa: PLC0415 - optional dependency, imported on use

    index = pd.DatetimeIndex(values)  # type: ignore[arg-type]
    index = index.tz_convert("UTC").tz_localize(None)
    return _from_numpy(index.to_numpy(), "M")


def _from_sequence(values: Sequence[object], param: str, *, kind: str) -> npt.NDArray[np.int64]:
    convert = to_us if kind == "M" else to_us_duration
    out = [NAT if v is None else convert(v, f"{param}[{i}]") for i, v in enumerate(values)]
    return np.array(out, dtype=np.int64)


def _check_range(us: npt.NDArray[np.int64], param: str) -> npt.NDArray[np.int64]:
    valid = us[us != NAT]
    if valid.size and (int(valid.min()) < _LO or int(valid.max()) > _HI):
        bad = valid[(valid < _LO) | (valid > _HI)][0]
        msg = (
            f"{param}: expected instants in the years {MIN_YEAR}..{MAX_YEAR}, "
            f"got {np.datetime64(int(bad), 'us')!r}"
        )
        raise InvalidInputError(msg)
    return us


def instants_us(values: object, param: str) -> npt.NDArray[np.int64]:
    """Instants as int64 microseconds (NaT as ``NAT``), keeping the input's shape."""
    if _is_pandas(values):
        return _check_range(_from_pandas_instants(values, param), param)
    if isinstance(values, datetime):
        return np.array(to_us(values, param), dtype=np.int64)
    arr = values if isinstance(values, np.ndarray | np.datetime64) else None
    if arr is not None and arr.dtype.kind == "M":
        return _check_range(_from_numpy(np.asarray(arr), "M"), param)
    if isinstance(values, Sequence | np.ndarray) and not isinstance(values, str | bytes):
        flat = np.asarray(values, dtype=object)
        out = _from_sequence(flat.ravel().tolist(), param, kind="M").reshape(flat.shape)
        return _check_range(out, param)
    msg = f"{param}: expected numpy datetime64 values, tz-aware pandas data or aware datetimes, got {values!r}"  # noqa: E501
    raise InputTypeError(msg)


def durations_us(values: object, param: str) -> npt.NDArray[np.int64]:
    """Durations as int64 microseconds (NaT as ``NAT``), keeping the input's shape."""
    if isinstance(values, timedelta):
        return np.array(to_us_duration(values, param), dtype=np.int64)
    if _is_pandas(values) and getattr(getattr(values, "dtype", None), "kind", "") == "m":
        return _from_numpy(np.asarray(values), "m")
    arr = values if isinstance(values, np.ndarray | np.timedelta64) else None
    if arr is not None and arr.dtype.kind == "m":
        return _from_numpy(np.asarray(arr), "m")
    if isinstance(values, Sequence | np.ndarray) and not isinstance(values, str | bytes):
        flat = np.asarray(values, dtype=object)
        return _from_sequence(flat.ravel().tolist(), param, kind="m").reshape(flat.shape)
    msg = f"{param}: expected numpy timedelta64 values, pandas timedeltas or timedeltas, got {values!r}"  # noqa: E501
    raise InputTypeError(msg)


def to_datetime64(us: npt.NDArray[np.int64]) -> npt.NDArray[np.datetime64]:
    """int64 microseconds (NAT included) as ``datetime64[us]``."""
    return us.view("datetime64[us]")


def to_timedelta64(us: npt.NDArray[np.int64]) -> npt.NDArray[np.timedelta64]:
    """int64 microseconds (NAT included) as ``timedelta64[us]``."""
    return us.view("timedelta64[us]")
