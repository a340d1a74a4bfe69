"""Answerability as a calibrated score: a small logistic regression over evidence features.

The coefficients live in answerability.json beside this module, fitted on the tune half of the development set by
`python eval/fit_answerability.py` (which also reports the check half). Features are what the composer measured for
the answer it would give: meaning and words of the best paragraph and of the quoted sentences, whether the asked slot
(a date, a number, a person ...) is in them, whether the question's speaker is the paragraph's speaker, and how much
of the question the records never use.
"""
from __future__ import annotations

import json
import math
from functools import lru_cache
from importlib import resources

FEATURES = ["dense", "para_cov", "sent_cos", "sent_cov", "unknown", "slot_missing", "speaker", "record", "digest",
            "named_missing", "speaker_cov", "slot_fit"]
# The direction each feature may push: more evidence never lowers the score, a missing thing never raises it. The fit
# keeps these signs, so correlated features cannot trade places on a small tune set (an unconstrained fit gave
# paragraph coverage a negative weight). 0: either way (context, not evidence).
SIGNS = {"dense": 1, "para_cov": 1, "sent_cos": 1, "sent_cov": 1, "unknown": -1, "slot_missing": -1, "speaker": 0,
         "record": 0, "digest": 0, "named_missing": -1, "speaker_cov": 1, "slot_fit": 1}
DEFAULT = {"features": FEATURES, "mean": [0.0] * len(FEATURES), "scale": [1.0] * len(FEATURES),
           "coef": [4.0, 3.0, 4.0, 2.0, -1.0, -3.0, 0.5, 0.5, 1.0, -5.0, 3.0, 1.0], "intercept": -3.5,
           "threshold": 0.5}


@lru_cache(maxsize=1)
def model() -> dict:
    try:
        data = json.loads(resources.files(__package__).joinpath("answerability.json").read_text(encoding="utf-8"))
        if data.get("features") == FEATURES:
            return data
    except (FileNotFoundError, ValueError, OSError):
        pass
    return DEFAULT


def vector(features: dict[str, float]) -> list[float]:
    return [float(features.get(f, 0.0)) for f in FEATURES]


def probability(features: dict[str, float], m: dict | None = None) -> float:
    m = m or model()
    z = m["intercept"] + sum(c * (x - mu) / (sd or 1.0)
                             for c, x, mu, sd in zip(m["coef"], vector(features), m["mean"], m["scale"]))
    return 1.0 / (1.0 + math.exp(-max(-40.0, min(40.0, z))))


def answerable(features: dict[str, float]) -> tuple[bool, float]:
    p = probability(features)
    return p >= model()["threshold"], p


def fit(X, y, l2: float = 1.0, steps: int = 4000, lr: float = 0.1) -> dict:
    """Standardised L2-regularised logistic regression by projected gradient descent, each weight kept to its
    feature's sign (numpy only)."""
    import numpy as np
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    mu, sd = X.mean(0), X.std(0)
    sd[sd < 1e-6] = 1.0
    Z = (X - mu) / sd
    w, b = np.zeros(Z.shape[1]), 0.0
    sign = np.array([SIGNS[f] for f in FEATURES])
    for _ in range(steps):
        p = 1 / (1 + np.exp(-(Z @ w + b)))
        g = p - y
        w -= lr * (Z.T @ g / len(y) + l2 * w / len(y))
        w = np.where(sign > 0, np.maximum(w, 0.0), np.where(sign < 0, np.minimum(w, 0.0), w))  # projected step
        b -= lr * g.mean()
    return {"features": FEATURES, "mean": mu.round(5).tolist(), "scale": sd.round(5).tolist(),
            "coef": w.round(5).tolist(), "intercept": round(float(b), 5), "threshold": 0.5}
