"""Option checks of the models layer: unknown keyword options and flags that must be booleans."""

from __future__ import annotations

import inspect
import re

import numpy as np
import pandas as pd
import pytest

from gxq_analysis.errors import OptionError
from gxq_analysis.models import bootstrap, panel, production, spectests
from gxq_analysis.models._options import check_bool, check_known


def _panel() -> pd.DataFrame:
    rng = np.random.default_rng(3)
    idx = pd.MultiIndex.from_product([[f"z{i}" for i in range(8)], range(2011, 2019)])
    return pd.DataFrame(
        {"y": rng.normal(size=64), "x": rng.normal(size=64)}, index=idx.set_names(["z", "t"])
    )


def _message(options, allowed) -> str:
    with pytest.raises(OptionError) as err:
        check_known(options, allowed)
    return str(err.value)


def test_check_known_names_unknown_and_lists_allowed():
    msg = _message({"b", "zz", "a"}, ("a", "b"))
    assert msg == "unknown option(s) 'zz'; allowed: 'a', 'b'"
    assert _message(["y", "x"], ("a",)) == "unknown option(s) 'x', 'y'; allowed: 'a'"
    check_known({"a"}, ("a", "b"))  # no error
    check_known({}, ())


def test_every_unknown_option_check_is_the_shared_one():
    # the same message from fit_panel, PanelFit.with_cov and few_cluster_inference, and the
    # message text exists only in _options.py (it was written three times)
    df = _panel()
    fit = panel.fit_panel(df, "y", ["x"])
    cases = [
        (lambda: panel.fit_panel(df, "y", ["x"], zz=1), panel.OPTIONS),
        (lambda: fit.with_cov("robust", zz=1), ("small_sample", "kernel", "bandwidth")),
        (
            lambda: bootstrap.few_cluster_inference(fit, zz=1),
            ("B", "weights", "seed", "level", "null", "impose_null"),
        ),
    ]
    for call, allowed in cases:
        with pytest.raises(OptionError, match=re.escape(_message({"zz"}, allowed))):
            call()
    for module in (panel, bootstrap, spectests, production):
        assert "unknown option(s)" not in inspect.getsource(module), module.__name__


@pytest.mark.parametrize("value", [True, False, np.True_, np.False_])
def test_check_bool_accepts_booleans(value):
    out = check_bool("flag", value)
    assert out is bool(value)


@pytest.mark.parametrize("value", [1, 0, 1.0, 0.0, np.int64(1), "yes", None])
def test_check_bool_rejects_numbers_and_others(value):
    # check_choice(..., (True, False)) accepted 1, 0 and 1.0 (they compare equal to the bools)
    with pytest.raises(OptionError, match=r"flag=.* is not allowed; choose one of: True, False"):
        check_bool("flag", value)
