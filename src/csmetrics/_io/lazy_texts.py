"""Free text read from a CSV file, kept as bytes until the column is first used.

Reading a ticket's free text (``text``) makes one Python string per row,
which costs more than any check the reader makes. A table read from a CSV
file holds the column's bytes instead (gathered from the file's chunk, or
pyarrow's array), and the first access of ``table.text`` decodes them into
the documented object array, once. The bytes were checked to be text when
they were read (the file's chunk is decoded as it is read; pyarrow checks
its strings), so decoding them later cannot fail.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, overload

import numpy as np

from csmetrics._io.batch import object_array
from csmetrics._io.csv_fields import Fields

if TYPE_CHECKING:
    import numpy.typing as npt

__all__ = ["LazyColumn", "LazyTexts", "decoded"]


@dataclass(frozen=True, slots=True)
class _Part:
    fields: Fields
    missing: npt.NDArray[np.bool_]

    def decode(self) -> npt.NDArray[np.object_]:
        values = object_array(self.fields.strings(), len(self.fields))
        values[self.missing] = None
        return values


@dataclass(frozen=True, slots=True)
class LazyTexts:
    """A text column as undecoded fields (and which are missing), in parts."""

    parts: tuple[_Part, ...]

    @staticmethod
    def of(fields: Fields, missing: npt.NDArray[np.bool_]) -> LazyTexts:
        """The texts of ``fields``; their bytes are copied out of the chunk they came from."""
        return LazyTexts((_Part(_compact(fields), missing),))

    def __len__(self) -> int:
        return sum(len(part.fields) for part in self.parts)

    def __getitem__(self, rows: Any) -> LazyTexts:
        """The texts of ``rows`` (a mask or indices) of a column of one part."""
        (part,) = self.parts
        picked = np.arange(len(part.fields))[rows]
        return LazyTexts((_Part(part.fields.take(picked), part.missing[picked]),))

    def tolist(self) -> list[Any]:
        return list(self.decode().tolist())

    def decode(self) -> npt.NDArray[np.object_]:
        """The texts as an object array (None: missing)."""
        if not self.parts:
            return np.empty(0, dtype=object)
        return np.concatenate([part.decode() for part in self.parts])

    def concat(self, others: list[LazyTexts]) -> LazyTexts:
        return LazyTexts(tuple(p for lazy in (self, *others) for p in lazy.parts))


def _compact(fields: Fields) -> Fields:
    """``fields`` over a buffer of their own bytes (pyarrow's array is kept as it is)."""
    if fields.arrow is not None:
        return fields
    lengths = fields.lengths
    ends = np.cumsum(lengths)
    starts = ends - lengths
    within = np.arange(int(ends[-1]) if ends.size else 0, dtype=np.int64)
    within += np.repeat(fields.starts - starts, lengths)
    data = fields.data[within] if within.size else np.zeros(1, dtype=np.uint8)
    return Fields(data, b"", starts, ends, fields.escaped)


def decoded(value: Any) -> Any:
    """``value`` itself, or the decoded array of ``LazyTexts``."""
    return value.decode() if isinstance(value, LazyTexts) else value


class LazyColumn:
    """A table attribute that may hold :class:`LazyTexts`, decoded on first access."""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, table: None, owner: type) -> LazyColumn: ...
    @overload
    def __get__(self, table: object, owner: type) -> npt.NDArray[np.object_]: ...
    def __get__(self, table: object, owner: type) -> Any:
        if table is None:
            raise AttributeError(self.name)  # no default: the field is required
        state = table.__dict__
        value = state[self.name]
        if isinstance(value, LazyTexts):
            value = state[self.name] = value.decode()
        return value

    def __set__(self, table: object, value: Any) -> None:
        table.__dict__[self.name] = value

    def stored(self, table: object) -> Any:
        """The value as stored (``LazyTexts`` stays undecoded)."""
        return table.__dict__[self.name]
