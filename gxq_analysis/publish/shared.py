"""What the chapters share: the analyses a build computes first, once, before the chapters.

The analyses are language-free and kept in the analysis store (:mod:`gxq_analysis.memo`), so a
chapter reads whatever another chapter or language of the build has computed. That alone
computes each analysis once (a chapter asking for one that another is computing waits for it),
but it leaves the order to chance: both languages of the policy chapter could start together
and one would wait a minute for the other. So the build computes the few analyses that cost
most first, each as a task of its own on a worker's warm kernel (:func:`compute`), the chapters
that read them after them, and every other chapter meanwhile (the executors run the work by
these dependencies and by :func:`priority`).

Each shared analysis is the call its chapter makes, with the same arguments (the chapter's
panel as :func:`~gxq_analysis.report.chapter.open_chapter` gives it), so the chapter finds the
stored result under the same key; ``tests/publish/test_build_store.py`` checks that a chapter
run after its shared analyses computes none of them again. A shared analysis that is not the
chapter's call any more only costs time (the chapter computes it itself), never a number.

The real province analyses do not read the zone data: they are shared by both reviews' builds
whatever ``--data`` says, and a build with other zone data reads them from the store.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

__all__ = ["SHARED", "Shared", "compute", "priority"]


@dataclass(frozen=True)
class Shared:
    """One analysis the chapters of a review share.

    Attributes
    ----------
    name : str
        Its name (the task key is ``<review>/shared/<name>``).
    chapters : tuple of str
        The chapter ids that read it: they run after it.
    cost : float
        Its rough cost in seconds on a 2-core machine (orders the work: costly first).
    needs : tuple of str
        Shared analyses of the same review it reads (run before it when planned).
    panel : bool
        Whether it reads the review's zone panel (the province analyses do not).
    """

    name: str
    chapters: tuple[str, ...]
    cost: float
    needs: tuple[str, ...] = ()
    panel: bool = True


#: The shared analyses, by what they cost (measured on the demo panel, 2 cores, 2026-12).
SHARED = (
    Shared("policy_evaluation", ("policy",), 60.0),
    Shared("province_evaluation", ("policy",), 30.0, panel=False),
    # the findings' province sentence is its own fit (province_policy with the bundled panel
    # read by itself, not the province evaluation's call): it need not wait for that
    Shared("findings", ("findings",), 8.0),
    Shared("input_output", ("inputoutput",), 4.0),
)

#: What a chapter costs once its shared analyses are stored (seconds, 2 cores): orders the
#: chapters that do not wait, costly first, so that none is left to run alone at the end.
CHAPTER_COST = {
    "policy": 8.0,
    "benchmarks": 5.0,
    "overview": 3.0,
    "province": 2.5,
    "inputoutput": 2.0,
    "findings": 2.0,
    "keytasks": 1.5,
    "zone": 1.0,
}


def priority(chapter: str) -> float:
    """The order of a chapter among the ready work (higher first): its :data:`CHAPTER_COST`."""
    return CHAPTER_COST.get(chapter, 1.0)


def _policy(ch) -> Any:
    from ..evaluation.policy import evaluate_policy  # lazy: runs in a kernel only
    from ..report.views.policy import DID_OUTCOMES  # lazy: runs in a kernel only

    return evaluate_policy(ch.panel, DID_OUTCOMES)


def _province(review: str) -> Any:
    from ..evaluation.province_policy import province_evaluation  # lazy: runs in a kernel only
    from ..options import review_years  # lazy: runs in a kernel only

    return province_evaluation(review_years(review)[1])


def _findings(ch) -> Any:
    from ..evaluation.findings import findings  # lazy: runs in a kernel only

    return findings(ch.panel, ch.review)


def _input_output(ch) -> Any:
    from ..evaluation.inputoutput import input_output  # lazy: runs in a kernel only

    return input_output(ch.panel, ch.review)


#: name -> (chapter whose panel it reads, the chapter's call)
_CALLS: dict[str, tuple[str, Callable[[Any], Any]]] = {
    "policy_evaluation": ("policy", _policy),
    "findings": ("findings", _findings),
    "input_output": ("inputoutput", _input_output),
}


def compute(name: str, *, review: str, data: str | None = None, layout: str | None = None) -> None:
    """Compute the shared analysis ``name`` of ``review`` into the analysis store.

    Runs where the chapters run (a worker's warm kernel, in the data's folder), with the
    store set; ``data`` and ``layout`` are the chapters' parameters.
    """
    from ..options import check_choice, check_review  # lazy: the planning imports this module
    from ..report.chapter import open_chapter  # lazy: pandas, matplotlib (kernel side only)

    check_choice("name", name, tuple(s.name for s in SHARED))
    check_review(review)
    if name == "province_evaluation":
        _province(review)
        return
    chapter, call = _CALLS[name]
    ch = open_chapter(chapter, review=review, lang="zh", data=data, layout=layout, show=False)
    call(ch)
