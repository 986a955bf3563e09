"""Model files and vocabularies: no contact details kept, crafted files refused, pickles portable.

A company's labelled tickets hold phone numbers and e-mail addresses; a
model learned from them must not keep them (``vocab.scrub`` blanks them
before the vocabulary is learned). A model file is read with
``allow_pickle=False`` and every array checked; a pickled model is keyed
again in the process that reads it (word keys are Python's string hash).
"""

from __future__ import annotations

import io
import json
import pickle
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from csmetrics._classify.combine import builtin
from csmetrics._classify.vocab import learn_vocabulary, scrub
from csmetrics._core.text import normalize_text
from csmetrics.classify import SentimentModel, Taxonomy, categorize
from csmetrics.exceptions import InvalidConfigError

CONTACTS = [
    "13812345678",
    "+86 138 1234 5678",
    "021-5555 0199",
    "138 - 1234 - 5678",
    "138_1234_5678",
    "138—1234—5678",
    "138\t1234\t5678",
    "138 / 1234 / 5678",
    "li.wei@example.com",
    "li.wei @ example.com",
    "李伟@qq.com",
]
_NUMBER_LEFT = re.compile(r"[0-9](?:[\W_]{0,3}[0-9]){4,}")


def _vocabulary(path: Path, prefix: str) -> list[str]:
    with np.load(path, allow_pickle=False) as archive:
        return bytes(archive[f"{prefix}.vocabulary"]).decode("utf-8", "surrogatepass").split("\n")


@pytest.mark.parametrize("contact", CONTACTS)
def test_a_saved_model_keeps_no_contact_details(tmp_path: Path, contact: str) -> None:
    """Contact details repeated across the training texts are never learned or saved."""
    texts = [f"快递还没到 {contact}"] * 12 + [f"发票开错了 please call {contact}"] * 12
    labels = ["delivery"] * 12 + ["invoice"] * 12
    Taxonomy.fit(texts, labels).save(tmp_path / "mine.npz")
    SentimentModel.fit(texts, ["negative"] * 12 + ["neutral"] * 12).save(tmp_path / "feel.npz")
    for name, prefix in (("mine.npz", "category"), ("feel.npz", "sentiment")):
        kept = _vocabulary(tmp_path / name, prefix)
        assert "快递" in kept  # the texts' own words are learned
        assert not any("@" in piece or sum(c.isdigit() for c in piece) > 1 for piece in kept)
        assert not any(part in piece for piece in kept for part in ("li", "wei", "李伟", "exam"))


@given(st.text(st.sampled_from("0123456789 -_/@.+()a李伟\t"), max_size=60))
def test_scrub_keeps_the_length_and_leaves_no_contact_detail(text: str) -> None:
    blanked = scrub(text)
    assert len(blanked) == len(text)
    assert "@" not in blanked
    assert _NUMBER_LEFT.search(blanked) is None
    assert all(a == b or b == " " for a, b in zip(text, blanked, strict=True))


def _saved(tmp_path: Path) -> dict[str, np.ndarray]:
    texts = ["发货很快，满意"] * 10 + ["一直没发货，差评"] * 10 + ["请问几点上班"] * 10
    labels = ["positive"] * 10 + ["negative"] * 10 + ["neutral"] * 10
    file = tmp_path / "feel.npz"
    SentimentModel.fit(texts, labels).save(file)
    with np.load(file, allow_pickle=False) as archive:
        return {name: archive[name] for name in archive.files}


def _bytes(text: str) -> np.ndarray:
    return np.frombuffer(text.encode(), dtype=np.uint8)


def _config(arrays: dict[str, np.ndarray], **changes: object) -> np.ndarray:
    config = json.loads(bytes(arrays["sentiment.config"]).decode())
    return _bytes(json.dumps({**config, **changes}))


CRAFTED = {
    "a name that is not a feature": lambda a: {"sentiment.vocabulary": _bytes("ab\n好")},
    "a name with a space at its end": lambda a: {"sentiment.vocabulary": _bytes("好 \n差")},
    "more names than rows": lambda a: {
        "sentiment.vocabulary": np.concatenate([a["sentiment.vocabulary"], _bytes("\n好评啊")])
    },
    "a repeated name": lambda a: {"sentiment.vocabulary": _bytes("好\n好")},
    "a vocabulary of floats": lambda a: {
        "sentiment.vocabulary": a["sentiment.vocabulary"].astype(np.float64)
    },
    "a vocabulary in two dimensions": lambda a: {
        "sentiment.vocabulary": a["sentiment.vocabulary"][None, :]
    },
    "complex weights": lambda a: {"sentiment.rows": a["sentiment.rows"].astype(np.complex64)},
    "text weights": lambda a: {"sentiment.bias": np.array(["1", "2", "3"])},
    "a temperature too large for a float": lambda a: {
        "sentiment.config": _config(a, temperature=10**400)
    },
}


@pytest.mark.parametrize("case", sorted(CRAFTED))
def test_a_crafted_model_file_is_refused_cleanly(tmp_path: Path, case: str) -> None:
    arrays = _saved(tmp_path)
    arrays.update(CRAFTED[case](arrays))
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    file = tmp_path / "crafted.npz"
    file.write_bytes(buffer.getvalue())
    with pytest.raises(InvalidConfigError, match="sentiment-model file saved by csmetrics"):
        SentimentModel.load(file)


_CHILD = """
import pickle, sys
model = pickle.loads(sys.stdin.buffer.read())
texts = ["great job, not bad at all", "客服爱答不理, the thing goes dark after the logo"]
owner, rows = model.vocabulary.rows_many(texts)
for i, text in enumerate(texts):
    assert rows[owner == i].tolist() == model.vocabulary.rows_one(text).tolist(), text
print(len(rows))
"""


@pytest.mark.parametrize("seed", ["0", "12345"])
def test_a_pickled_model_reads_batches_in_another_process(seed: str) -> None:
    """Word keys are the string hash of the process: a pickle carries the names, not keys."""
    model = builtin()["sentiment"]
    done = subprocess.run(
        [sys.executable, "-c", _CHILD],
        input=pickle.dumps(model),
        capture_output=True,
        env={"PYTHONHASHSEED": seed, "PATH": ""},
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode()
    assert int(done.stdout) > 10  # words and character n-grams were found


def test_a_pickled_fitted_taxonomy_keeps_its_model() -> None:
    texts = ["快递还没到"] * 10 + ["发票开错"] * 10 + ["谢谢"] * 10
    labels = ["delivery"] * 10 + ["invoice"] * 10 + ["none"] * 10
    mine = Taxonomy.fit(texts, labels)
    again = pickle.loads(pickle.dumps(mine))
    assert again.learned is not None
    assert again.cv_accuracy == mine.cv_accuracy
    for text in ("快递还没到啊", "发票开错了", "谢谢你"):
        assert categorize(text, taxonomy=again) == categorize(text, taxonomy=mine)


def test_the_built_in_vocabulary_is_what_the_committed_code_learns() -> None:
    """The shipped weights were trained by this code: its vocabulary is learned again here
    from the training corpus (the held-out set is never read) and must be the same."""
    from training.train_models import rows  # noqa: PLC0415 (the training scripts, not the package)

    texts = [normalize_text(row["text"]) for row in rows()]
    assert learn_vocabulary(texts, 2).names == builtin()["sentiment"].vocabulary.names
