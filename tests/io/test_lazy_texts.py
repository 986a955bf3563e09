"""Free text read from a CSV file is decoded on first use, with the same values as at once.

The table keeps the ``text`` column's bytes until ``table.text`` (or
anything that reads it) is used; the values, the missing ones, the
assigned priorities and categories, concatenation and pickling are as if
it had been decoded while reading. Bytes that are not text still fail the
read itself.
"""

from __future__ import annotations

import copy
import csv
import io
import pickle
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from csmetrics._io.lazy_texts import LazyTexts
from csmetrics.exceptions import InvalidInputError
from csmetrics.io import TicketTable, iter_tickets, read_tickets

pytest.importorskip("pyarrow")

TEXTS = ["屏幕无显示", 'say "hi", please', "line\nbreak", "", "N/A", " spaced ", " NA ",
         "\tnull", "a,b", "é", "开机后屏幕无显示", '""', "-"]  # fmt: skip
READERS = ["builtin", "arrow"]


def _export(path: Path, *, crlf: bool = False, quote_all: bool = False) -> list[dict[str, Any]]:
    rows = [{"id": f"T{i}", "created_at": "2025-03-03T09:00:00Z", "text": text,
             "priority": "" if i % 4 == 0 else "P2", "category": "" if i % 3 == 0 else "billing"}
            for i, text in enumerate(TEXTS)]  # fmt: skip
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, list(rows[0]), lineterminator="\r\n" if crlf else "\n",
                            quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL)  # fmt: skip
    writer.writeheader()
    writer.writerows(rows)
    path.write_bytes(out.getvalue().encode("utf-8"))
    return rows


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize(("crlf", "quote_all"), [(False, False), (True, True)])
def test_texts_decode_on_first_use_as_read_at_once(
    tmp_path: Path, reader: str, *, crlf: bool, quote_all: bool
) -> None:
    rows = _export(tmp_path / "t.csv", crlf=crlf, quote_all=quote_all)
    table = read_tickets(tmp_path / "t.csv", reader=reader)
    eager = read_tickets(rows)  # records: decoded as they are read
    assert isinstance(table.__dict__["text"], LazyTexts)
    assert table.assigned == eager.assigned
    assert table.category.tolist() == eager.category.tolist()
    assert table.priority.tolist() == eager.priority.tolist()
    assert table.text.tolist() == eager.text.tolist()
    assert table.text.dtype == object
    assert table.text is table.text  # decoded once


@pytest.mark.parametrize("reader", READERS)
def test_batches_concatenate_and_pickle_as_decoded_columns(tmp_path: Path, reader: str) -> None:
    _export(tmp_path / "t.csv")
    whole = read_tickets(tmp_path / "t.csv", reader=reader)
    parts = list(iter_tickets(tmp_path / "t.csv", batch_size=4, reader=reader))
    joined = parts[0].concat(*parts[1:])
    assert isinstance(joined.__dict__["text"], LazyTexts)
    assert joined.text.tolist() == whole.text.tolist()
    for table in (read_tickets(tmp_path / "t.csv", reader=reader), parts[1]):
        expected = list(table.__dict__["text"].tolist())
        restored = pickle.loads(pickle.dumps(table))
        assert isinstance(restored, TicketTable)
        assert restored.__dict__["text"].tolist() == expected
        assert copy.copy(table).text.tolist() == expected
    assert [t for p in parts for t in p.columns()["text"].tolist()] == whole.text.tolist()
    shown = read_tickets(tmp_path / "t.csv", reader=reader).to_pandas()["text"]
    assert shown.fillna("<NA>").tolist() == [t or "<NA>" for t in whole.text.tolist()]


@pytest.mark.parametrize("reader", READERS)
def test_text_that_does_not_decode_fails_the_read(tmp_path: Path, reader: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(
        b"id,created_at,text\nT1,2025-03-03T09:00Z,ok\nT2,2025-03-03T09:00Z,\xff\xfe\n"
    )
    with pytest.raises(InvalidInputError, match="utf-8"):
        read_tickets(path, reader=reader)


def test_the_arrow_reader_does_not_import_pandas(tmp_path: Path) -> None:
    """pyarrow imports pandas (some 40 MB) when handed numpy arrays; the reader hands it none."""
    _export(tmp_path / "t.csv")
    script = (
        "import sys\n"
        "from csmetrics.io import read_tickets\n"
        "table = read_tickets(sys.argv[1], reader='arrow', errors='collect')\n"
        "table.columns()\n"
        "print('pandas' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", script, str(tmp_path / "t.csv")],
                          check=True, capture_output=True, text=True)  # fmt: skip
    assert done.stdout.strip() == "False"
