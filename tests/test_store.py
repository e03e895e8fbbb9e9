"""The store of verified pickles: what is kept is read back, what is damaged is never trusted,
and a key's lock lets one writer compute while the others wait."""

from __future__ import annotations

import threading
import time

import numpy as np
import pandas as pd
import pytest

from gxq_analysis.store import MISSING, Store


def test_a_kept_result_reads_back_equal_and_an_absent_one_is_missing(tmp_path):
    s = Store(tmp_path / "s", b"gxq-test-1")
    frame = pd.DataFrame({"x": [1.5, np.nan, -0.0]}, index=pd.Index(["a", "b", "c"], name="z"))
    frame.attrs["unit"] = "万元"
    assert s.get("k") is MISSING
    assert s.put("k", frame)
    back = s.get("k")
    pd.testing.assert_frame_equal(back, frame)
    assert back.attrs == {"unit": "万元"}
    assert np.signbit(back["x"].iloc[2])  # the exact bits, not only equal values
    # None is a result like any other, not "absent"
    assert s.put("none", None)
    assert s.get("none") is None


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda b: b[:-1] + bytes([b[-1] ^ 1]), id="one bit of the payload"),
        pytest.param(lambda b: b[: len(b) // 2], id="truncated"),
        pytest.param(lambda b: b"", id="empty"),
        pytest.param(lambda b: b.replace(b"gxq-test-1", b"gxq-test-2", 1), id="another format"),
        pytest.param(lambda b: b[:11] + b"0" * 64 + b[75:], id="digest replaced"),
    ],
)
def test_a_damaged_entry_reads_as_missing(tmp_path, damage):
    s = Store(tmp_path, b"gxq-test-1")
    s.put("k", {"value": 42.0, "rows": list(range(50))})
    path = s.path("k")
    path.write_bytes(damage(path.read_bytes()))
    assert s.get("k") is MISSING
    # and it can be written again
    s.put("k", {"value": 1.0})
    assert s.get("k") == {"value": 1.0}


def test_an_entry_of_another_store_is_missing(tmp_path):
    Store(tmp_path, b"gxq-load-1").put("k", 1)
    assert Store(tmp_path, b"gxq-analysis-1").get("k") is MISSING


def test_what_cannot_be_kept_is_not_written(tmp_path):
    s = Store(tmp_path / "s", b"gxq-test-1")
    assert s.put("k", lambda: 1) is False  # a lambda cannot be pickled
    assert not (tmp_path / "s" / "k.pkl").exists()
    blocked = tmp_path / "a-file"
    blocked.write_text("not a directory")
    assert Store(blocked, b"gxq-test-1").put("k", 1) is False
    assert Store(blocked, b"gxq-test-1").get("k") is MISSING


@pytest.mark.parametrize("key", ["", "../k", "a/b", ".hidden"])
def test_a_key_that_is_not_a_file_name_is_refused(tmp_path, key):
    with pytest.raises(ValueError, match="not a file name"):
        Store(tmp_path, b"m").path(key)


def test_magic_is_one_line(tmp_path):
    with pytest.raises(ValueError, match="one line"):
        Store(tmp_path, b"a\nb")


def test_the_lock_of_a_key_lets_one_holder_in_at_a_time(tmp_path):
    s = Store(tmp_path, b"gxq-test-1")
    inside: list[int] = []
    most = []

    def work(i: int) -> None:
        with s.lock("k"):
            inside.append(i)
            most.append(len(inside))
            time.sleep(0.05)
            inside.remove(i)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(most) == 4
    assert max(most) == 1
    # another key is not held up
    with s.lock("k"), s.lock("other"):
        pass
