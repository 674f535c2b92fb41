"""headwind: how US tariffs hit South Korea's sectoral exports and quarterly GDP, and the
concession mix that costs Korea least.

The Python face of the Rust library. Every function loads the embedded data and specs (or the
folders given by ``data=`` and ``models=``), answers one question with the GIL released, and
returns a result object:

* ``.summary()`` -- the text the command line prints;
* ``.to_dict()`` -- the command line's ``--format json`` output as a dict (same keys);
* ``.to_json()`` / ``.to_csv()`` -- the command line's JSON and CSV text;
* pandas DataFrames of its tables (``.quarters``, ``.annual``, ``.sectors``, ...) when pandas is
  installed (``pip install pandas``); ``.frames()`` gives every table by its JSON key.

Errors raise :class:`HeadwindError` subclasses with the command line's messages:
:class:`InputError` (bad data or spec; exit code 2), :class:`NumericalError` (3),
:class:`RequestError` (bad options; 4) and :class:`FileError` (5).

Example::

    import headwind
    f = headwind.forecast("deal-15", vs="korus", paths=10_000, seed=20251029)
    print(f.summary())
    f.annual            # calendar-year growth, baseline and effect in pp, with quantiles
"""

from __future__ import annotations

import json
from os import PathLike
from typing import Any, Dict, Iterable, Optional, Union

from . import _headwind
from ._headwind import (  # noqa: F401  (re-exported)
    FileError,
    HeadwindError,
    InputError,
    NumericalError,
    RequestError,
)

__version__ = _headwind.__version__

__all__ = [
    "forecast",
    "sensitivity",
    "optimize",
    "compare",
    "estimate",
    "backtest",
    "nowcast",
    "multipliers",
    "data",
    "report",
    "Result",
    "Forecast",
    "HeadwindError",
    "InputError",
    "NumericalError",
    "RequestError",
    "FileError",
]

Path = Union[str, "PathLike[str]", None]

#: The command line's default seed.
SEED = 20251029


def _path(p: Path) -> Optional[str]:
    return None if p is None else str(p)


def _flat_frame(records: list, index: Optional[str] = None):
    """A DataFrame from a list of JSON records; nested dicts (quantiles) become dotted columns
    (``quantiles.5``), lists stay as cells."""
    import pandas as pd  # imported here: pandas is optional

    df = pd.json_normalize(records) if records else pd.DataFrame()
    if index is not None and index in df.columns:
        df = df.set_index(index)
    return df


class Result:
    """A headwind result value: its text summary, JSON and (where it has one) CSV."""

    #: Tables (top-level JSON lists of records) exposed as DataFrame attributes, with their index.
    _tables: Dict[str, Optional[str]] = {}

    def __init__(self, kind: str, rendered: tuple):
        self.kind = kind
        self._summary, self._json, self._csv, self._xlsx = rendered
        self._dict = json.loads(self._json)

    def summary(self) -> str:
        """The text report: ``print(r.summary())`` writes exactly what the command line prints
        (the final line break is left to ``print``)."""
        return self._summary[:-1] if self._summary.endswith("\n") else self._summary

    def to_dict(self) -> Dict[str, Any]:
        """The result as a dict: the command line's ``--format json`` (a fresh copy)."""
        return json.loads(self._json)

    def to_json(self) -> str:
        """The command line's ``--format json`` text."""
        return self._json

    def to_csv(self) -> str:
        """The command line's ``--format csv`` text (RequestError where the result has none)."""
        if self._csv is None:
            raise RequestError(f"this {self.kind} result has no CSV form")
        return self._csv

    def to_xlsx(self, path: Path = None) -> Optional[bytes]:
        """The command line's ``--format xlsx`` workbook: written to ``path``, or returned as bytes
        when no path is given (RequestError where the result has no workbook form)."""
        if self._xlsx is None:
            raise RequestError(f"this {self.kind} result has no xlsx form")
        if path is None:
            return bytes(self._xlsx)
        with open(path, "wb") as f:
            f.write(bytes(self._xlsx))
        return None

    @property
    def meta(self) -> Dict[str, Any]:
        """Seed, spec and data versions, backend (the JSON ``meta``)."""
        return dict(self._dict.get("meta", {}))

    def frames(self) -> Dict[str, Any]:
        """Every table of the result (each top-level JSON list of records) as a DataFrame."""
        return {
            k: _flat_frame(v, self._tables.get(k))
            for k, v in self._dict.items()
            if isinstance(v, list) and v and all(isinstance(r, dict) for r in v)
        }

    def __getattr__(self, name: str):
        tables = type(self)._tables
        if name in tables:
            return _flat_frame(self._dict.get(name, []), tables[name])
        raise AttributeError(f"{type(self).__name__} has no attribute {name!r}")

    def __str__(self) -> str:
        return self._summary

    def __repr__(self) -> str:
        first = self._summary.splitlines()[0] if self._summary else ""
        return f"<headwind {self.kind}: {first}>"


class Forecast(Result):
    """A scenario forecast against its baseline: ``.quarters`` (growth, bands, P(growth < 0),
    tariffs), ``.annual`` (calendar years), ``.sectors`` (exports and value added by group),
    ``.tariff_schedule`` and ``.value_chains``."""

    _tables = {
        "quarters": "quarter",
        "annual": "year",
        "sectors": "group",
        "tariff_schedule": "code",
        "value_chains": None,
    }


class Sensitivity(Result):
    """The tornado: ``.inputs`` -- the level effect at each input's low and high value."""

    _tables = {"inputs": "name"}


class Optimize(Result):
    """The best concession mix (``.best``), ``.solvers``, ``.frontier`` and ``.shipped_mixes``."""

    _tables = {"solvers": None, "frontier": None, "shipped_mixes": "name"}

    @property
    def best(self) -> Dict[str, Any]:
        """The optimum: its mix, cost, expected GDP loss and deal-tariff distribution."""
        return dict(self._dict["best"])


class Compare(Result):
    """Concession mixes side by side: ``.mixes``."""

    _tables = {"mixes": "name"}


class Estimate(Result):
    """The estimated equations."""


class Backtest(Result):
    """The pseudo-out-of-sample backtest that chose the GDP model."""


class Nowcast(Result):
    """The nowcast of the current quarter from monthly data."""


class Multipliers(Result):
    """Input-output multipliers: ``.sectors``."""

    _tables = {"sectors": None, "groups": None}


class Data(Result):
    """The datasets and their checks."""


def forecast(
    scenario: str = "deal-15",
    vs: Optional[str] = None,
    paths: int = 10_000,
    seed: int = SEED,
    as_of: Optional[str] = None,
    data: Path = None,
    models: Path = None,
    model: Optional[str] = None,
) -> Forecast:
    """Forecast ``scenario`` (a shipped name or a TOML file) against ``vs`` (None: the scenario's
    own ``baseline``, ``korus`` for the shipped ones) with ``paths`` Monte Carlo paths; the same
    seed gives the same numbers as ``headwind forecast`` on any thread count. ``as_of`` replays the
    information set at the end of a quarter (``"2024Q4"``) or month (``"2025-02"``)."""
    return Forecast(
        "forecast",
        _headwind.forecast(
            scenario, vs, paths, seed, as_of, _path(data), _path(models), model
        ),
    )


def sensitivity(
    scenario: str = "deal-15",
    vs: Optional[str] = None,
    paths: int = 2_000,
    seed: int = SEED,
    as_of: Optional[str] = None,
    data: Path = None,
    models: Path = None,
    model: Optional[str] = None,
) -> Sensitivity:
    """How the level effect at the horizon end moves with each uncertain parameter (same draws)."""
    return Sensitivity(
        "sensitivity",
        _headwind.sensitivity(
            scenario, vs, paths, seed, as_of, _path(data), _path(models), model
        ),
    )


def _negotiation(
    menu, response, scenario, budget, risk_weight, risk_measure, link_defence, settle, paths, seed
) -> Dict[str, Any]:
    return {
        "menu": menu,
        "response": response,
        "scenario": scenario,
        "budget": None if budget is None else float(budget),
        "risk_weight": float(risk_weight),
        "risk_measure": risk_measure,
        "link_defence": link_defence,
        "settle": settle,
        "paths": int(paths),
        "seed": int(seed),
    }


def optimize(
    menu: Optional[str] = None,
    response: Optional[str] = None,
    scenario: Optional[str] = None,
    budget: Optional[float] = None,
    risk_weight: float = 0.0,
    risk_measure: str = "p-negative",
    link_defence: Optional[bool] = None,
    settle: Optional[str] = None,
    paths: int = 400,
    seed: int = SEED,
    solver: str = "all",
    max_iters: Optional[int] = None,
    explain: bool = False,
    settle_sweep: bool = False,
    as_of: Optional[str] = None,
    data: Path = None,
    models: Path = None,
    model: Optional[str] = None,
) -> Optimize:
    """The concession mix that minimises Korea's expected GDP loss plus the concessions' cost (as
    ``headwind optimize``): ``budget`` caps annual commitments (USD bn a year), ``settle`` is the
    settlement quarter, ``explain`` adds marginal values and the budget's shadow price,
    ``settle_sweep`` the optimum settled in each quarter of the first half of the horizon."""
    neg = _negotiation(
        menu, response, scenario, budget, risk_weight, risk_measure, link_defence, settle, paths, seed
    )
    return Optimize(
        "optimize",
        _headwind.optimize(
            neg,
            solver,
            max_iters,
            explain,
            settle_sweep,
            as_of,
            _path(data),
            _path(models),
            model,
        ),
    )


def compare(
    mixes: Iterable[str] = (),
    menu: Optional[str] = None,
    response: Optional[str] = None,
    scenario: Optional[str] = None,
    budget: Optional[float] = None,
    risk_weight: float = 0.0,
    risk_measure: str = "p-negative",
    link_defence: Optional[bool] = None,
    settle: Optional[str] = None,
    paths: int = 400,
    seed: int = SEED,
    as_of: Optional[str] = None,
    data: Path = None,
    models: Path = None,
    model: Optional[str] = None,
) -> Compare:
    """Concession mixes (shipped names or TOML files; every shipped mix when empty) side by side,
    as ``headwind compare``."""
    if isinstance(mixes, str):
        mixes = [mixes]
    neg = _negotiation(
        menu, response, scenario, budget, risk_weight, risk_measure, link_defence, settle, paths, seed
    )
    return Compare(
        "compare",
        _headwind.compare(list(mixes), neg, as_of, _path(data), _path(models), model),
    )


def estimate(
    model: Optional[str] = None, as_of: Optional[str] = None, data: Path = None, models: Path = None
) -> Estimate:
    """The estimated export and GDP equations (as ``headwind estimate``)."""
    return Estimate("estimate", _headwind.estimate(model, as_of, _path(data), _path(models)))


def backtest(
    model: Optional[str] = None,
    drivers: Optional[str] = None,
    as_of: Optional[str] = None,
    data: Path = None,
    models: Path = None,
) -> Backtest:
    """The pseudo-out-of-sample backtest (``drivers``: ``"forecast"`` or ``"realised"``)."""
    return Backtest(
        "backtest", _headwind.backtest(model, drivers, as_of, _path(data), _path(models))
    )


def nowcast(
    model: Optional[str] = None, as_of: Optional[str] = None, data: Path = None, models: Path = None
) -> Nowcast:
    """The nowcast of the quarter after the last GDP release, from monthly data."""
    return Nowcast("nowcast", _headwind.nowcast(model, as_of, _path(data), _path(models)))


def multipliers(
    aggregate: Optional[str] = None,
    top: Optional[int] = None,
    type2: bool = False,
    data: Path = None,
    models: Path = None,
) -> Multipliers:
    """Input-output multipliers (as ``headwind multipliers``), optionally aggregated (``"groups"``)."""
    return Multipliers(
        "multipliers", _headwind.multipliers(aggregate, top, type2, _path(data), _path(models))
    )


def data(data: Path = None) -> Data:
    """The datasets, their provenance hashes and checks (as ``headwind data``)."""
    return Data("data", _headwind.data_report(_path(data)))


def report(
    scenario: str = "deal-15",
    vs: Optional[str] = None,
    paths: int = 10_000,
    seed: int = SEED,
    sensitivity_paths: int = 2_000,
    compare: Optional[Iterable[str]] = None,
    optimize: bool = False,
    budget: Optional[float] = None,
    negotiation_paths: int = 400,
    lang: str = "en",
    as_of: Optional[str] = None,
    data: Path = None,
    models: Path = None,
    model: Optional[str] = None,
) -> str:
    """The self-contained HTML report of ``headwind report`` as a string (``compare=True`` or ``[]``
    adds every shipped mix, a list of names those mixes, ``optimize=True`` the optimum and frontier, ``lang="ko"`` Korean labels). In a
    notebook: ``IPython.display.HTML(headwind.report())``."""
    if compare is True:
        compare = []
    elif compare is False:
        compare = None
    elif isinstance(compare, str):
        compare = [compare]
    return _headwind.report(
        scenario,
        vs,
        paths,
        seed,
        sensitivity_paths,
        None if compare is None else list(compare),
        optimize,
        budget,
        negotiation_paths,
        lang,
        as_of,
        _path(data),
        _path(models),
        model,
    )
