"""Within transformations on NumPy arrays: remove one or two sets of fixed effects, exactly.

These are the transformations behind :func:`~gxq_analysis.models.panel.fit_panel`'s own
estimation path for ``pooled``, ``fe`` and ``twfe`` (see :mod:`~gxq_analysis.models.panel`).
They work on dense integer codes (``0 .. n-1``, see :func:`level_codes`) and float64 arrays,
one column at a time where that saves memory, with group sums from :func:`numpy.bincount`:
no dummy matrices, no pandas ``groupby``.

Methods
-------
One-way (:func:`demean`)
    Deviations from group means; exact.
Two-way (:func:`twoway_demean`)
    Frisch–Waugh–Lovell. The data are demeaned by the dimension with more levels (``p``, usually
    the entities); then the dummies of the other dimension (``q``, usually the periods), after
    the same demeaning, are projected out through their normal equations

    .. math:: (D_q' M_p D_q)\\,\\gamma = D_q' M_p w, \\qquad
              D_q' M_p D_q = \\mathrm{diag}(n_q) - C' \\mathrm{diag}(1/n_p)\\, C,

    with :math:`C` the ``p`` × ``q`` table of cell counts, so that the result is
    :math:`M_p w - M_p D_q \\gamma`. The normal matrix is singular: one ``q`` dummy per connected
    component of the panel (entities linked by shared periods) is redundant. That reference level
    is dropped (its :math:`\\gamma` fixed at 0, as dummies with a dropped first level), which
    leaves a positive definite system and the same projection.

    * ``method="direct"`` (the default up to :data:`DIRECT_MAX_LEVELS` levels of ``q``): the
      system is built and solved by Cholesky; exact up to rounding, on balanced and unbalanced
      panels with gaps, with no iteration and no tolerance. This is the method linearmodels'
      ``PanelOLS`` uses for two-way effects while its dummy matrix fits in memory (it builds the
      ``N`` × ``(q-1)`` demeaned dummies; here only the ``q`` × ``q`` system is formed).
    * ``method="cg"`` (above :data:`DIRECT_MAX_LEVELS` levels in both dimensions): the same
      system solved by Jacobi-preconditioned conjugate gradients, matrix-free (two sparse
      products with :math:`C` per iteration, :math:`O(N)`), stopped when every column's residual
      norm is below :data:`CG_RTOL` times the norm of its right-hand side. It converges far faster
      than alternating projections on the same problem (CG is their Krylov acceleration) and
      raises :class:`WithinConvergenceError` rather than return an unconverged result.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd
from scipy import linalg, sparse
from scipy.sparse.csgraph import connected_components

#: Largest number of levels of the smaller dimension for which the two-way normal equations are
#: formed and solved directly (their matrix has this many rows; building it costs about
#: ``n_p * n_q**2`` flops or ``sum(n_p_i**2)`` sparse operations).
DIRECT_MAX_LEVELS = 1_000
#: Cell-count tables up to this many cells (``n_p * n_q``) are dense (32 MB), else sparse.
DENSE_CELLS = 4_000_000
#: Relative residual norm at which the conjugate-gradient method stops.
CG_RTOL = 1e-13
#: Sparse work bound above which the direct method hands over to conjugate gradients.
_SPARSE_WORK = 500_000_000

TwowayMethod = Literal["auto", "direct", "cg"]


class WithinConvergenceError(ArithmeticError):
    """The iterative two-way within transformation did not reach its tolerance."""


def level_codes(index: pd.MultiIndex, level: int) -> tuple[np.ndarray, int]:
    """Dense codes ``0 .. n-1`` of one level of a MultiIndex (sorted label order) and ``n``.

    Reuses the index's own codes (no hashing or sorting of the labels): levels that no row uses
    are skipped in :math:`O(N)` with :func:`numpy.bincount`.
    """
    raw = np.asarray(index.codes[level])
    if (raw < 0).any():
        raise ValueError(f"index level {level} has missing entries")
    labels = index.levels[level]
    if not labels.is_monotonic_increasing:  # not produced by pandas, but keep the sort order
        codes, uniques = pd.factorize(index.get_level_values(level), sort=True)
        return codes.astype(np.intp), len(uniques)
    used = np.bincount(raw, minlength=len(labels)) > 0
    if used.all():
        return raw.astype(np.intp, copy=False), int(used.size)
    remap = np.cumsum(used) - 1
    return remap[raw].astype(np.intp), int(used.sum())


def group_sums(values: np.ndarray, codes: np.ndarray, n_groups: int) -> np.ndarray:
    """Sums of ``values`` (``N`` or ``N`` × ``m``) within each group: ``n_groups`` (× ``m``)."""
    if values.ndim == 1:
        return np.bincount(codes, weights=values, minlength=n_groups)
    out = np.empty((n_groups, values.shape[1]))
    for j in range(values.shape[1]):
        out[:, j] = np.bincount(codes, weights=values[:, j], minlength=n_groups)
    return out


def _as_work(values: np.ndarray, inplace: bool) -> np.ndarray:
    """A float64 array to transform: ``values`` itself if allowed, else a Fortran-order copy."""
    if inplace:
        if values.dtype != np.float64 or not values.flags.f_contiguous:
            raise ValueError("inplace=True needs a float64 array with contiguous columns")
        return values
    return np.array(values, dtype=np.float64, order="F", copy=True)


def _columns(work: np.ndarray):
    return (work,) if work.ndim == 1 else (work[:, j] for j in range(work.shape[1]))


def demean(
    values: np.ndarray,
    codes: np.ndarray,
    n_groups: int,
    *,
    counts: np.ndarray | None = None,
    inplace: bool = False,
) -> np.ndarray:
    """Deviations from group means (the one-way within transformation; exact).

    Parameters
    ----------
    values : numpy.ndarray
        ``N`` or ``N`` × ``m`` values; with ``inplace=True`` a float64 array whose columns are
        contiguous (Fortran order), overwritten.
    codes : numpy.ndarray
        Group of each row, ``0 .. n_groups-1``.
    n_groups : int
        Number of groups.
    counts : numpy.ndarray, optional
        Rows per group (``np.bincount(codes)``), when the caller already has them.
    inplace : bool
        Overwrite ``values`` instead of returning a new array.
    """
    work = _as_work(values, inplace)
    if counts is None:
        counts = np.bincount(codes, minlength=n_groups)
    inv = 1.0 / np.maximum(counts, 1)
    for col in _columns(work):
        col -= (np.bincount(codes, weights=col, minlength=n_groups) * inv)[codes]
    return work


# --------------------------------------------------------------------------------------------
# two-way


def _cells(p: np.ndarray, n_p: int, q: np.ndarray, n_q: int):
    """The ``n_p`` × ``n_q`` cell-count table: dense if small, else scipy CSR."""
    if n_p * n_q <= DENSE_CELLS:
        flat = np.bincount(p * n_q + q, minlength=n_p * n_q)
        return flat.reshape(n_p, n_q).astype(np.float64)
    return sparse.csr_matrix((np.ones(p.size), (p, q)), shape=(n_p, n_q))  # duplicates summed


def _components(adjacent: np.ndarray) -> np.ndarray:
    """Connected-component label of each node of a small symmetric adjacency matrix."""
    return connected_components(adjacent, directed=False)[1]


def _references(labels: np.ndarray) -> np.ndarray:
    """Mask of the levels kept: all but the first level of each connected component."""
    keep = np.ones(labels.size, dtype=bool)
    _, first = np.unique(labels, return_index=True)
    keep[first] = False
    return keep


def _direct_gamma(
    cells, rhs: np.ndarray, counts_p: np.ndarray, counts_q: np.ndarray
) -> np.ndarray | None:
    """Solve the normal equations of the ``q`` effects directly (None: not positive definite)."""
    if sparse.issparse(cells):
        cross = (cells.T @ (sparse.diags(1.0 / counts_p) @ cells)).toarray()
    else:
        cross = cells.T @ (cells / counts_p[:, None])
    gram = np.diag(counts_q.astype(np.float64)) - cross
    # q levels are linked when an entity of p has both: the pattern of C'C, exact (no rounding:
    # sums of positive terms)
    keep = _references(_components(cross > 0))
    gamma = np.zeros_like(rhs)
    if keep.any():
        try:
            factor = linalg.cho_factor(gram[np.ix_(keep, keep)], lower=True, check_finite=False)
        except linalg.LinAlgError:
            return None
        gamma[keep] = linalg.cho_solve(factor, rhs[keep], check_finite=False)
    return gamma


def _cg_gamma(
    p: np.ndarray,
    n_p: int,
    q: np.ndarray,
    n_q: int,
    rhs: np.ndarray,
    counts_p: np.ndarray,
    counts_q: np.ndarray,
) -> np.ndarray:
    """Solve the normal equations of the ``q`` effects by block Jacobi-preconditioned CG."""
    cells = sparse.csr_matrix((np.ones(p.size), (p, q)), shape=(n_p, n_q))
    cells_t = cells.T.tocsr()
    inv_p = 1.0 / counts_p
    # components of the bipartite graph p-q, read off for the q levels
    graph = sparse.bmat([[None, cells], [cells_t, None]], format="csr")
    keep = _references(connected_components(graph, directed=False)[1][n_p:])
    diag = counts_q - cells.multiply(cells).T @ inv_p  # diagonal of D_q' M_p D_q

    def apply(v: np.ndarray) -> np.ndarray:  # (D_q' M_p D_q) v with the reference levels at 0
        v = v * keep[:, None]
        out = counts_q[:, None] * v - cells_t @ (inv_p[:, None] * (cells @ v))
        return out * keep[:, None]

    b = rhs * keep[:, None]
    precond = np.where(keep & (diag > 0), 1.0 / np.where(diag > 0, diag, 1.0), 0.0)[:, None]
    x = np.zeros_like(b)
    r = b.copy()
    z = precond * r
    d = z.copy()
    rz = np.einsum("ij,ij->j", r, z)
    target = CG_RTOL * np.linalg.norm(b, axis=0)
    max_iter = max(1_000, 10 * n_q)
    for _ in range(max_iter):
        if (np.linalg.norm(r, axis=0) <= target).all():
            return x
        ad = apply(d)
        dad = np.einsum("ij,ij->j", d, ad)
        alpha = np.divide(rz, dad, out=np.zeros_like(rz), where=dad > 0)
        x += alpha * d
        r -= alpha * ad
        z = precond * r
        rz_new = np.einsum("ij,ij->j", r, z)
        beta = np.divide(rz_new, rz, out=np.zeros_like(rz), where=rz > 0)
        d = z + beta * d
        rz = rz_new
    if (np.linalg.norm(r, axis=0) <= target).all():
        return x
    raise WithinConvergenceError(
        f"two-way within transformation: conjugate gradients did not reach a relative residual "
        f"of {CG_RTOL:g} in {max_iter} iterations (a very weakly connected panel)"
    )


def twoway_demean(
    values: np.ndarray,
    a: np.ndarray,
    n_a: int,
    b: np.ndarray,
    n_b: int,
    *,
    method: TwowayMethod = "auto",
    inplace: bool = False,
) -> np.ndarray:
    """Remove two sets of effects (codes ``a`` and ``b``) from ``values``; see the module notes.

    Parameters
    ----------
    values : numpy.ndarray
        ``N`` or ``N`` × ``m``; with ``inplace=True`` float64 with contiguous columns.
    a, b : numpy.ndarray
        Codes of the two effects (e.g. entity and period), ``0 .. n-1``.
    n_a, n_b : int
        Their numbers of levels.
    method : {"auto", "direct", "cg"}
        ``"auto"``: direct while the smaller dimension has at most :data:`DIRECT_MAX_LEVELS`
        levels and its normal matrix is cheap to build, else conjugate gradients.
    inplace : bool
        Overwrite ``values``.

    Returns
    -------
    numpy.ndarray
        The residuals of ``values`` on both sets of dummies.

    Raises
    ------
    WithinConvergenceError
        Conjugate gradients did not converge (only with ``method="cg"`` or ``"auto"``).
    """
    if method not in ("auto", "direct", "cg"):
        raise ValueError(f"method={method!r} is not allowed; choose one of: 'auto', 'direct', 'cg'")
    p, n_p, q, n_q = (a, n_a, b, n_b) if n_a >= n_b else (b, n_b, a, n_a)
    counts_p = np.bincount(p, minlength=n_p).astype(np.float64)
    counts_q = np.bincount(q, minlength=n_q).astype(np.float64)
    work = demean(values, p, n_p, counts=counts_p, inplace=inplace)
    if n_q <= 1:
        return work
    rhs = group_sums(work, q, n_q)  # D_q' M_p w (M_p symmetric, work = M_p w)
    rhs2 = rhs[:, None] if rhs.ndim == 1 else rhs
    cells = None
    if method == "auto":
        cheap = n_p * n_q <= DENSE_CELLS or float((counts_p**2).sum()) <= _SPARSE_WORK
        method = "direct" if n_q <= DIRECT_MAX_LEVELS and cheap else "cg"
    gamma = None
    if method == "direct":
        cells = _cells(p, n_p, q, n_q)
        gamma = _direct_gamma(cells, rhs2, counts_p, counts_q)
    if gamma is None:  # cg asked for, or the direct system was numerically not definite
        gamma = _cg_gamma(p, n_p, q, n_q, rhs2, counts_p, counts_q)
        cells = None
    # work -= M_p D_q gamma, one column at a time: D_q gamma has entries gamma[q], and its
    # p-group means are (C gamma) / n_p
    means = None if cells is None else (cells @ gamma) / counts_p[:, None]
    for j, col in enumerate(_columns(work)):
        shift = gamma[q, j]
        col -= shift
        if means is None:
            col += (np.bincount(p, weights=shift, minlength=n_p) / counts_p)[p]
        else:
            col += means[p, j]
    return work
