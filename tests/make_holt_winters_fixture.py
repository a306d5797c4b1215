#!/usr/bin/python3
"""Writes tests/fixtures/holt_winters.json, the reference for
tests/Recurrent.Models.Tests/Forecasting/HoltWintersTests.cs.

Run with Debian's python3-statsmodels (the pyenv python3 on PATH has no statsmodels):

    /usr/bin/python3 tests/make_holt_winters_fixture.py [../shared/data]

The series is the first ten years (120 months) of the airline passengers (tsdl/airline-passengers.csv under the
shared data directory); the fixture holds those 120 numbers, not the file. For each variant (additive trend, damped
or not; additive or multiplicative season of period 12) it stores

* "fixed": statsmodels' ExponentialSmoothing with known initial states and fixed smoothing parameters: the one-step
  fitted values, the SSE and the forecasts of 24 months;
* "fitted": ExponentialSmoothing(...).fit() with its defaults (estimated initial states, L-BFGS-B from a grid):
  the parameters, the SSE, the AICc and the forecasts.

Forecasts follow Hyndman's equations from statsmodels' own final states (level, trend and the last m seasonal
factors): statsmodels 0.13 forecasts the steps h = m, 2m, ... with the seasonal factor of the season before the last
(statsmodels issue 9538, fixed later by pull request 10230); the script checks that every other step equals
statsmodels' forecast.
"""
import json
import os
import sys
import warnings

import numpy as np
import pandas as pd
from statsmodels.tsa.holtwinters import ExponentialSmoothing

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "..", "shared", "data")
OUT = os.path.join(HERE, "fixtures", "holt_winters.json")
M, ROWS, H = 12, 120, 24

y = pd.read_csv(os.path.join(DATA, "forecasting", "tsdl", "airline-passengers.csv"))["Passengers"].to_numpy(float)[:ROWS]


def hyndman_forecast(result, damped, seasonal):
    """Forecasts from statsmodels' final states; asserts they are statsmodels' own except at h = m, 2m, ..."""
    phi = result.params["damping_trend"] if damped else 1.0
    level, trend, season = result.level[-1], result.trend[-1], result.season[-M:]
    out = []
    for h in range(1, H + 1):
        damping = sum(phi ** i for i in range(1, h + 1))
        base, factor = level + damping * trend, season[(h - 1) % M]
        out.append(base * factor if seasonal == "mul" else base + factor)
    out = np.array(out)
    theirs = np.asarray(result.forecast(H))
    other = np.array([h % M != 0 for h in range(1, H + 1)])
    assert np.allclose(out[other], theirs[other], rtol=1e-10, atol=1e-8), (out - theirs)
    return out


def variant_name(damped, seasonal):
    return f"{'damped' if damped else 'additive'}-trend-{'additive' if seasonal == 'add' else 'multiplicative'}-season"


cases = []
for seasonal in ("add", "mul"):
    for damped in (False, True):
        # Fixed parameters and initial states, away from any optimum so that every term matters.
        alpha, beta, gamma, phi = 0.35, 0.04, 0.3, 0.93
        seasons = list(np.linspace(-25, 25, M)) if seasonal == "add" else list(np.linspace(0.85, 1.15, M))
        known = ExponentialSmoothing(
            y, trend="add", seasonal=seasonal, seasonal_periods=M, damped_trend=damped,
            initialization_method="known", initial_level=110.0, initial_trend=1.2, initial_seasonal=seasons)
        fixed = known.fit(smoothing_level=alpha, smoothing_trend=beta, smoothing_seasonal=gamma,
                          damping_trend=phi if damped else None, optimized=False)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            fitted = ExponentialSmoothing(y, trend="add", seasonal=seasonal, seasonal_periods=M,
                                          damped_trend=damped).fit()
        p = fitted.params
        cases.append({
            "variant": variant_name(damped, seasonal),
            "damped": damped,
            "seasonality": "additive" if seasonal == "add" else "multiplicative",
            "fixed": {
                "alpha": alpha, "beta": beta, "gamma": gamma, "phi": phi if damped else 1.0,
                "level": 110.0, "trend": 1.2, "seasonals": [float(s) for s in seasons],
                "fitted_values": [float(v) for v in fixed.fittedvalues],
                "sse": float(fixed.sse),
                "forecast": [float(v) for v in hyndman_forecast(fixed, damped, seasonal)],
            },
            "fitted": {
                "alpha": float(p["smoothing_level"]), "beta": float(p["smoothing_trend"]),
                "gamma": float(p["smoothing_seasonal"]), "phi": float(p["damping_trend"]) if damped else 1.0,
                "level": float(p["initial_level"]), "trend": float(p["initial_trend"]),
                "seasonals": [float(s) for s in p["initial_seasons"]],
                "sse": float(fitted.sse), "aic": float(fitted.aic), "aicc": float(fitted.aicc),
                "forecast": [float(v) for v in hyndman_forecast(fitted, damped, seasonal)],
            },
        })

best = min(cases, key=lambda c: c["fitted"]["aicc"])
fixture = {
    "source": "airline-passengers.csv, first 120 months; statsmodels " + __import__("statsmodels").__version__,
    "period": M,
    "horizon": H,
    "series": [float(v) for v in y],
    "best_by_aicc": best["variant"],
    "cases": cases,
}
os.makedirs(os.path.dirname(OUT), exist_ok=True)
with open(OUT, "w") as f:
    json.dump(fixture, f, indent=1)
print(f"wrote {OUT}")
for c in cases:
    print(c["variant"], "fixed sse", round(c["fixed"]["sse"], 3), "fitted sse", round(c["fitted"]["sse"], 3),
          "aicc", round(c["fitted"]["aicc"], 3))
