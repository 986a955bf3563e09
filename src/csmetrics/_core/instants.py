"""Instants and durations as integer microseconds since the Unix epoch (UTC).

The one converter of the package: aware datetimes, numpy ``datetime64`` /
``timedelta64`` of any unit, tz-aware pandas data and sequences of aware
datetimes all become int64 microseconds (``NAT`` for missing), with one range
check: instants must lie in the years 1800-2399, so that every later
arithmetic stays exact in int64. Naive values are refused.

>>> from datetime import datetime, timezone
>>> to_us(datetime(1970, 1, 1, 0, 0, 1, tzinfo=timezone.utc), "t")
1000000
>>> import numpy as np
>>> instants_us(np.array(["1970-01-01T00:00:01"], dtype="datetime64[s]"), "starts")
array([1000000])
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, Any

import numpy as np

from csmetrics._core.describe import describe
from csmetrics._core.validate import require_aware
from csmetrics.exceptions import InputTypeError, InvalidInputError, NaiveDatetimeError

if TYPE_CHECKING:
    import numpy.typing as npt

__all__ = [
    "MAX_DURATION_US",
    "MAX_YEAR",
    "MIN_YEAR",
    "NAT",
    "US_PER_SECOND",
    "as_instants",
    "durations_us",
    "epoch_in",
    "from_us",
    "from_us_fast",
    "instant64",
    "instants_us",
    "to_datetime64",
    "to_timedelta64",
    "to_us",
    "to_us_duration",
]

MIN_YEAR = 1800
MAX_YEAR = 2399
US_PER_SECOND = 1_000_000
NAT = np.iinfo(np.int64).min
MAX_DURATION_US = np.iinfo(np.int64).max // 2
"""The longest duration accepted, about 146,000 years: an instant plus a duration fits in int64."""
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_ONE_US = timedelta(microseconds=1)
_LO_US = int((datetime(MIN_YEAR, 1, 2, tzinfo=UTC) - _EPOCH).total_seconds()) * US_PER_SECOND
_HI_US = int((datetime(MAX_YEAR, 12, 31, tzinfo=UTC) - _EPOCH).total_seconds()) * US_PER_SECOND
# Units finer than microseconds: how many of them make one microsecond.
_FINE = {"ns": 1_000, "ps": 10**6, "fs": 10**9, "as": 10**12}


def _range_error(param: str, shown: str) -> InvalidInputError:
    msg = f"{param}: expected instants in the years {MIN_YEAR}..{MAX_YEAR}, got {shown}"
    return InvalidInputError(msg)


def to_us(value: object, param: str) -> int:
    """Microseconds since the epoch of an aware datetime; naive, other types or far dates raise."""
    if isinstance(value, datetime):
        try:
            us: int = (value - _EPOCH) // _ONE_US
        except TypeError:  # naive
            us = _LO_US - 1
        if _LO_US <= us <= _HI_US:
            return us
    aware = require_aware(value, param=param)  # raises for other types and naive datetimes
    raise _range_error(param, repr(aware.isoformat()))


def to_us_duration(value: object, param: str) -> int:
    """Microseconds of a timedelta within ±:data:`MAX_DURATION_US` (the same limit as arrays)."""
    if not isinstance(value, timedelta):
        msg = f"{param}: expected a datetime.timedelta, got {describe(value)}"
        raise InputTypeError(msg)
    us = (value.days * 86_400 + value.seconds) * US_PER_SECOND + value.microseconds
    if abs(us) > MAX_DURATION_US:
        raise _far_error(param, value, instants=False)
    return us


def instant64(value: datetime | None, param: str = "instant") -> np.datetime64:
    """An aware datetime as a UTC ``datetime64[us]`` (NaT for None)."""
    if value is None:
        return np.datetime64("NaT", "us")
    return np.datetime64(to_us(value, param), "us")


def epoch_in(tz: tzinfo) -> datetime:
    """The Unix epoch labelled with ``tz``, the base of :func:`from_us_fast`."""
    return datetime(1970, 1, 1, tzinfo=tz)


def from_us_fast(us: int, epoch: datetime) -> datetime:
    """The instant ``us`` in the zone of ``epoch`` (from :func:`epoch_in`)."""
    tz = epoch.tzinfo
    assert tz is not None
    return tz.fromutc(epoch + timedelta(0, 0, us))


def from_us(us: int, tz: tzinfo) -> datetime:
    """The instant ``us`` as an aware datetime in ``tz``."""
    return (_EPOCH + timedelta(microseconds=us)).astimezone(tz)


def _is_pandas(values: object) -> bool:
    return type(values).__module__.split(".")[0] == "pandas"


def _numpy_us(
    arr: npt.NDArray[Any], param: str, *, instants: bool, within_years: bool = True
) -> npt.NDArray[np.int64]:
    """``datetime64`` / ``timedelta64`` of any unit as int64 microseconds, range-checked first.

    The check runs in the input's own unit, so a far-future ``datetime64[s]``
    is refused instead of wrapping around when it is scaled to microseconds.
    Instants are checked against the years 1800-2399 unless ``within_years``
    is false (then only against wrapping, as durations are).
    """
    unit, count = np.datetime_data(arr.dtype)
    raw = arr.view(np.int64)
    missing = raw == NAT
    if unit in _FINE:  # finer than microseconds: floor(raw * count / fine), exactly
        fine = _FINE[unit]
        if count == 1:
            out = np.where(missing, NAT, raw // fine)
        else:
            out = np.array([NAT if v == NAT else v * count // fine for v in raw.tolist()])
    else:
        per = _per_unit(unit, count)
        checked = instants and within_years
        limit = (max(-_LO_US, _HI_US) if checked else MAX_DURATION_US) // per
        far = ~missing & ((raw > limit) | (raw < -limit))
        if far.any():
            raise _far_error(param, arr[far][0], instants=checked)
        out = np.where(missing, NAT, raw * per)
    out = np.asarray(out, dtype=np.int64)
    return _check_range(out, param) if instants and within_years else out


def _per_unit(unit: str, count: int) -> int:
    """Microseconds in one step of a coarse unit (``generic``: a bare integer, taken as 1)."""
    if unit == "generic":
        return 1
    step: np.timedelta64 = np.timedelta64(count, unit)  # type: ignore[call-overload]
    return int(step // np.timedelta64(1, "us"))


def _far_error(param: str, value: object, *, instants: bool) -> InvalidInputError:
    if instants:
        return _range_error(param, repr(value))
    msg = f"{param}: expected durations within ±146,000 years, got {value!r}"
    return InvalidInputError(msg)


def _from_pandas_instants(
    values: object, param: str, *, within_years: bool
) -> npt.NDArray[np.int64]:
    tz = getattr(getattr(values, "dtype", None), "tz", None)
    if tz is None:
        msg = f"{param}: expected tz-aware pandas datetimes, got naive {type(values).__name__} data"
        raise NaiveDatetimeError(msg)
    import pandas as pd  # noqa: PLC0415 - optional dependency, imported on use

    index = pd.DatetimeIndex(values)  # type: ignore[arg-type]
    index = index.tz_convert("UTC").tz_localize(None)
    return _numpy_us(index.to_numpy(), param, instants=True, within_years=within_years)


def _aware_us(value: object, param: str) -> int:
    """Microseconds since the epoch of an aware datetime, in any year."""
    us: int = (require_aware(value, param=param) - _EPOCH) // _ONE_US
    return us


def _from_sequence(
    values: Sequence[object], param: str, *, kind: str, within_years: bool = True
) -> npt.NDArray[np.int64]:
    convert = to_us_duration if kind == "m" else to_us if within_years else _aware_us
    out = [NAT if v is None else convert(v, f"{param}[{i}]") for i, v in enumerate(values)]
    return np.array(out, dtype=np.int64)


def _check_range(us: npt.NDArray[np.int64], param: str) -> npt.NDArray[np.int64]:
    valid = us[us != NAT]
    if valid.size and (int(valid.min()) < _LO_US or int(valid.max()) > _HI_US):
        bad = valid[(valid < _LO_US) | (valid > _HI_US)][0]
        raise _range_error(param, repr(np.datetime64(int(bad), "us")))
    return us


def _is_sequence(values: object) -> bool:
    """A list, tuple or object array of datetimes / timedeltas (not text, not numbers)."""
    if isinstance(values, np.ndarray):
        return bool(values.dtype.kind == "O")
    return isinstance(values, Sequence) and not isinstance(values, str | bytes)


def _describe(values: object) -> str:
    dtype = getattr(values, "dtype", None)
    return type(values).__name__ + ("" if dtype is None else f" of dtype {dtype}")


def instants_us(values: object, param: str, *, within_years: bool = True) -> npt.NDArray[np.int64]:
    """Instants as int64 microseconds (NaT as ``NAT``), keeping the input's shape.

    ``within_years=False`` accepts instants outside the years 1800-2399 (for
    columns whose far values are ignored, such as steps after ``now``).
    """
    if _is_pandas(values):
        return _from_pandas_instants(values, param, within_years=within_years)
    if isinstance(values, datetime):
        convert = to_us if within_years else _aware_us
        return np.array(convert(values, param), dtype=np.int64)
    if isinstance(values, np.ndarray | np.datetime64) and values.dtype.kind == "M":
        return _numpy_us(np.asarray(values), param, instants=True, within_years=within_years)
    if _is_sequence(values):
        flat = np.asarray(values, dtype=object)
        out = _from_sequence(flat.ravel().tolist(), param, kind="M", within_years=within_years)
        return out.reshape(flat.shape)
    msg = (
        f"{param}: expected datetime64 values (UTC instants), tz-aware pandas data or "
        f"aware datetimes, got {_describe(values)}"
    )
    raise InputTypeError(msg)


def durations_us(values: object, param: str) -> npt.NDArray[np.int64]:
    """Durations as int64 microseconds (NaT as ``NAT``), keeping the input's shape."""
    if isinstance(values, timedelta):
        return np.array(to_us_duration(values, param), dtype=np.int64)
    if _is_pandas(values) and getattr(getattr(values, "dtype", None), "kind", "") == "m":
        return _numpy_us(np.asarray(values), param, instants=False)
    if isinstance(values, np.ndarray | np.timedelta64) and values.dtype.kind == "m":
        return _numpy_us(np.asarray(values), param, instants=False)
    if _is_sequence(values):
        flat = np.asarray(values, dtype=object)
        return _from_sequence(flat.ravel().tolist(), param, kind="m").reshape(flat.shape)
    msg = (
        f"{param}: expected timedelta64 values, pandas timedeltas or timedeltas, "
        f"got {_describe(values)}"
    )
    raise InputTypeError(msg)


def as_instants(
    values: object, param: str, size: int | None = None, *, within_years: bool = True
) -> npt.NDArray[np.datetime64]:
    """One UTC ``datetime64[us]`` per row (NaT allowed): :func:`instants_us`, flattened.

    ``None`` gives a column of NaT of length ``size``; a column of another
    length than ``size`` is an error.
    """
    if values is None:
        if size is None:
            msg = f"{param}: expected an array of instants, got None"
            raise InputTypeError(msg)
        return np.full(size, NAT, dtype=np.int64).view("datetime64[us]")
    us = instants_us(values, param, within_years=within_years).reshape(-1)
    if size is not None and us.shape[0] != size:
        msg = f"{param}: expected {size} values (one per ticket), got {us.shape[0]}"
        raise InvalidInputError(msg)
    return to_datetime64(us)


def to_datetime64(us: npt.NDArray[np.int64]) -> npt.NDArray[np.datetime64]:
    """int64 microseconds (NAT included) as ``datetime64[us]``."""
    return us.view("datetime64[us]")


def to_timedelta64(us: npt.NDArray[np.int64]) -> npt.NDArray[np.timedelta64]:
    """int64 microseconds (NAT included) as ``timedelta64[us]``."""
    return us.view("timedelta64[us]")
