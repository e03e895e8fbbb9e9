"""The policy estimators, registered once: what the policy chapter fits, compares and headlines.

Every estimator of the demonstration-zone effect is one :class:`PolicyEstimator` in this
registry: its name, the function that fits it on one outcome, the tests that come with it
(:class:`PolicyTest`: each a way to read an estimate, an interval and a p-value off the fit),
the sample it needs, whether it can be the chapter's headline and where the comparison table
shows it. The policy evaluation (:func:`~gxq_analysis.evaluation.policy.evaluate_policy`), its
comparison table and headline choice, the design note of the chapter
(:func:`gxq_analysis.report.views.policy.design_note`) and the size-and-power study
(``benchmarks/bench_policy.py``) all read it; none of them names an estimator.

Built in, in this order (the order of the headline candidates, which breaks ties in power and
orders the chapter's sentences): the two-way FE DiD with randomization inference (``twfe``,
:mod:`.twfe`), then synthetic DiD, synthdid's DiD and synthetic control (``sdid``, ``did``,
``sc``, :mod:`.synthetic`). The comparison table lists ``did``, ``sc``, ``sdid``
(:attr:`PolicyEstimator.table_order`), then any other estimator in the order registered.

Adding an estimator
-------------------
Write one module in this package: a fitting function ``fit(panel, outcome, context)`` returning
a result that satisfies :class:`~gxq_analysis.models.results.EstimationResults`, and a call of
:func:`register_estimator`. Every module of the package is imported with it (the built-in ones
first, then the others by name), so nothing else needs an edit. Then add its words to the
catalogue (:mod:`gxq_analysis.catalogue.chapters`): ``estimator.<word>`` (its name in tables),
``test.<code>`` for each test (and ``prose.policy.design_<code>`` for a test the benchmark
records as a comparison only), ``finding.estimator.<word>`` if it can be the headline
(:attr:`PolicyEstimator.keys` lists them; registering checks they exist). A new estimator
enters the comparison table at once; it can become the headline only once the benchmark has
measured its tests' size and power (the headline is chosen from that record). The user guide
shows a worked example (``docs/en/estimators.md``).
"""

from __future__ import annotations

import importlib
import math
import pkgutil
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd

from ...catalogue import STRINGS
from ...errors import OptionError
from ...models.results import EstimationResults

__all__ = [
    "SAMPLES",
    "FitContext",
    "PolicyEstimator",
    "PolicyTest",
    "Reading",
    "comparison_estimators",
    "find_test",
    "get_estimator",
    "headline_candidates",
    "read_protocol",
    "register_estimator",
    "registered_estimators",
    "unregister_estimator",
]

#: Which outcomes an estimator is fitted on: ``"did"``, every outcome the DiD can use (treated
#: and enough controls present, years before and after the start), on the panel as it is;
#: ``"balanced"``, the outcomes the synthetic methods can use (two years before the start), on
#: the zones that have every year of the outcome.
SAMPLES = ("did", "balanced")
Sample = Literal["did", "balanced"]


@dataclass(frozen=True)
class Reading:
    """What a test says about one outcome.

    Attributes
    ----------
    estimate : float
        The estimate (log points for the policy outcomes).
    ci : tuple of float
        The interval ``(lower, upper)`` at the fit's level.
    pvalue : float
        The two-sided p-value.
    min_pvalue : float
        The smallest p-value the test can give on these data (a rank or randomization test:
        ``1 / (1 + P)`` or ``1 / A``); NaN when there is no such floor.
    """

    estimate: float
    ci: tuple[float, float]
    pvalue: float
    min_pvalue: float = float("nan")


@dataclass(frozen=True)
class FitContext:
    """The design and options an estimator is fitted with, the same for every estimator.

    Attributes
    ----------
    treated : tuple of str
        The treated zones present in the data.
    start : int
        The first treated year.
    level : float
        Confidence level of the intervals.
    seed, reps, B : int
        Seed, placebo draws (where sets are drawn) and bootstrap replications.
    options : Mapping
        The fit options of the test the fit serves (:attr:`PolicyTest.options`).
    """

    treated: tuple[str, ...]
    start: int
    level: float = 0.95
    seed: int = 20160101
    reps: int = 200
    B: int = 9999
    options: Mapping[str, Any] = field(default_factory=dict)


def read_protocol(result: EstimationResults) -> Reading:
    """A test read off any result through the results protocol: its first term's estimate,
    interval and p-value (no floor)."""
    lower, upper = result.intervals.iloc[0]
    return Reading(
        float(result.params.iloc[0]),
        (float(lower), float(upper)),
        float(result.pvalues.iloc[0]),
    )


@dataclass(frozen=True)
class PolicyTest:
    """One test of an estimator: how its estimate, interval and p-value are read off the fit.

    Attributes
    ----------
    code : str
        Unique over the registry, ``<estimator word>_<inference>`` by convention
        (``sdid_rank``); the benchmark's record and the catalogue (``test.<code>``) use it.
    read : callable or None
        ``read(result) -> Reading``; default :func:`read_protocol`. None for a test the
        benchmark measures but the chapter does not read off a fit (a comparison).
    headline : bool
        A headline candidate (chosen from the benchmark's record of its size and power);
        False for a recorded comparison, which the design note quotes
        (``prose.policy.design_<code>``).
    interval : str
        How its interval is made, for the words of a finding (``finding.interval.<interval>``):
        ``"randomization"``, ``"placebo"``, ``"rank"``, ``"bootstrap"`` or ``"normal"``.
    floored : bool
        A normal p-value from a placebo distribution: shown as ``<bound`` below the smallest
        p-value the placebo sets support.
    draws : callable or None
        ``draws(result) -> (key, array) | None``: the statistic on every assignment or placebo
        set, the observed first, when they were enumerated. Outcomes whose draws share a key
        are adjusted together by Westfall–Young; otherwise (or None) by Holm.
    options : Mapping
        Fit options when this test is the headline (e.g. the randomization statistic).
    """

    code: str
    read: Callable[[Any], Reading] | None = read_protocol
    headline: bool = True
    interval: str = "normal"
    floored: bool = False
    draws: Callable[[Any], tuple[Hashable, np.ndarray] | None] | None = None
    options: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class PolicyEstimator:
    """An estimator of the demonstration-zone effect, as the policy chapter uses it.

    Attributes
    ----------
    name : str
        Registry name (``twfe``, ``sdid``, ...): the key of its fits in
        :attr:`~gxq_analysis.evaluation.policy.PolicyEvaluation.fits`.
    fit : callable
        ``fit(panel, outcome, context: FitContext)``: the estimate on one outcome, an
        :class:`~gxq_analysis.models.results.EstimationResults`.
    tests : tuple of PolicyTest
        Its tests, the first readable one the conventional (shown in the comparison table).
    sample : str
        One of :data:`SAMPLES`.
    can_headline : bool
        Whether its tests are headline candidates.
    comparison : bool
        Whether the comparison table has a row for it.
    table_order : int or None
        Its place in the comparison table (None: after those that have one, in registration
        order).
    interval_from : str or None
        Another estimator whose fit gives this one's interval and p-value in the comparison
        table (synthdid's DiD shows the randomization inference of the two-way FE DiD).
    word : str or None
        Its name in words (``estimator.<word>``), default ``name``.
    bias_note : str or None
        Catalogue key of a sentence on why its estimate is biased on such data; the chapter
        says it after the first of its tests it withholds, and the design note leaves its
        sizes out of the range it quotes.
    always : bool
        Fitted in every evaluation (the chapter's design checks read it), not only when
        compared or headlined.
    """

    name: str
    fit: Callable[[pd.DataFrame, str, FitContext], Any]
    tests: tuple[PolicyTest, ...]
    sample: Sample = "balanced"
    can_headline: bool = True
    comparison: bool = True
    table_order: int | None = None
    interval_from: str | None = None
    word: str | None = None
    bias_note: str | None = None
    always: bool = False

    @property
    def label(self) -> str:
        """Its name in words: :attr:`word`, else :attr:`name`."""
        return self.word or self.name

    @property
    def readable(self) -> tuple[PolicyTest, ...]:
        """The tests read off its fit."""
        return tuple(t for t in self.tests if t.read is not None)

    @property
    def candidates(self) -> tuple[PolicyTest, ...]:
        """Its headline candidates (none unless :attr:`can_headline`)."""
        return tuple(t for t in self.readable if t.headline) if self.can_headline else ()

    @property
    def rank_test(self) -> PolicyTest | None:
        """Its in-space placebo rank test, if any (the comparison table's ``placebo_p``)."""
        return next((t for t in self.readable if t.interval == "rank"), None)

    def fitted_test(self, options: Mapping[str, Any]) -> PolicyTest:
        """The readable test whose options the fit was run with (the first on a tie)."""
        readable = self.readable
        return next((t for t in readable if dict(t.options) == dict(options)), readable[0])

    @property
    def keys(self) -> tuple[str, ...]:
        """The catalogue keys it needs."""
        out = [f"estimator.{self.label}"]
        if self.can_headline:
            out.append(f"finding.estimator.{self.label}")
        out += [f"test.{t.code}" for t in self.tests]
        out += [f"prose.policy.design_{t.code}" for t in self.tests if not t.headline]
        if self.bias_note:
            out.append(self.bias_note)
        return tuple(out)


_REGISTRY: dict[str, PolicyEstimator] = {}


def register_estimator(estimator: PolicyEstimator, *, replace: bool = False) -> PolicyEstimator:
    """Add ``estimator`` to the registry (at the end) and return it.

    Raises
    ------
    OptionError
        If the name or a test code is taken (unless ``replace``), the sample is not one of
        :data:`SAMPLES`, it has no readable test, ``interval_from`` names no registered
        estimator, or a catalogue key it needs is missing (each named).
    """
    if not isinstance(estimator, PolicyEstimator):
        raise OptionError(f"register_estimator takes a PolicyEstimator, not {estimator!r}")
    name = estimator.name
    if name in _REGISTRY and not replace:
        raise OptionError(f"estimator {name!r} is registered already; pass replace=True")
    if estimator.sample not in SAMPLES:
        raise OptionError(
            f"estimator {name!r}: sample={estimator.sample!r} is not allowed; choose one of: "
            + ", ".join(SAMPLES)
        )
    if not estimator.readable:
        raise OptionError(f"estimator {name!r} has no test read off its fit")
    others = {t.code: e.name for e in _REGISTRY.values() if e.name != name for t in e.tests}
    codes = [t.code for t in estimator.tests]
    taken = sorted({c for c in codes if c in others} | {c for c in codes if codes.count(c) > 1})
    if taken:
        raise OptionError(f"estimator {name!r}: test code(s) used twice: {', '.join(taken)}")
    if estimator.interval_from is not None and estimator.interval_from not in _REGISTRY:
        raise OptionError(
            f"estimator {name!r}: interval_from={estimator.interval_from!r} is not registered"
        )
    missing = [k for k in estimator.keys if k not in STRINGS]
    if missing:
        raise OptionError(
            f"estimator {name!r} needs catalogue entries (gxq_analysis/catalogue/chapters.py): "
            + ", ".join(missing)
        )
    _REGISTRY.pop(name, None)
    _REGISTRY[name] = estimator
    return estimator


def unregister_estimator(name: str) -> PolicyEstimator:
    """Remove an estimator from the registry and return it (tests, experiments).

    Raises
    ------
    OptionError
        If no estimator has that name (the registered ones listed).
    """
    if name not in _REGISTRY:
        raise OptionError(
            f"no estimator {name!r} is registered; registered: " + ", ".join(_REGISTRY)
        )
    return _REGISTRY.pop(name)


def registered_estimators() -> tuple[PolicyEstimator, ...]:
    """Every registered estimator, in the order registered."""
    return tuple(_REGISTRY.values())


def get_estimator(name: str) -> PolicyEstimator:
    """The registered estimator ``name``.

    Raises
    ------
    OptionError
        If none has that name (the registered ones listed).
    """
    try:
        return _REGISTRY[name]
    except KeyError:
        raise OptionError(
            f"estimator={name!r} is not registered; choose one of: " + ", ".join(_REGISTRY)
        ) from None


def headline_candidates() -> tuple[str, ...]:
    """The codes of every headline candidate, in registration order."""
    return tuple(t.code for e in _REGISTRY.values() for t in e.candidates)


def find_test(code: str) -> tuple[PolicyEstimator, PolicyTest]:
    """The estimator and test of a test code.

    Raises
    ------
    OptionError
        If no registered estimator has that test.
    """
    for e in _REGISTRY.values():
        for t in e.tests:
            if t.code == code:
                return e, t
    raise OptionError(
        f"no registered estimator has the test {code!r}; tests: "
        + ", ".join(t.code for e in _REGISTRY.values() for t in e.tests)
    )


def comparison_estimators() -> tuple[PolicyEstimator, ...]:
    """The estimators of the comparison table, in its order (:attr:`~PolicyEstimator.table_order`,
    then registration)."""
    shown = [e for e in _REGISTRY.values() if e.comparison]
    order = {e.name: i for i, e in enumerate(shown)}
    return tuple(
        sorted(
            shown,
            key=lambda e: (math.inf if e.table_order is None else e.table_order, order[e.name]),
        )
    )


# The built-in estimators first (their order is the candidates' order), then every other
# module of the package, by name: a new estimator is one module here.
_BUILTIN = ("twfe", "synthetic")


def _import_estimator_modules() -> None:
    names = sorted(m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_"))
    for name in [*_BUILTIN, *(n for n in names if n not in _BUILTIN)]:
        importlib.import_module(f"{__name__}.{name}")


_import_estimator_modules()
