"""Small-sample statistics for vote shares: the Wilson score interval and whether two years' shares differ."""

from __future__ import annotations

import math

Z95 = 1.959963984540054  # two-sided 95 %


def wilson(successes: float | None, n: float | None, z: float = Z95) -> tuple[float, float] | None:
    """The Wilson score interval of successes/n (e.g. 好 votes over graded votes); None without votes.

    >>> tuple(round(x, 3) for x in wilson(8, 10))
    (0.49, 0.943)
    """
    if successes is None or n is None or n <= 0:
        return None
    if successes < 0 or successes > n:
        raise ValueError(f"successes {successes} outside 0…{n}")
    p = successes / n
    z2 = z * z
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = z / (1 + z2 / n) * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n))
    return max(0.0, centre - half), min(1.0, centre + half)


def overlap(a: tuple[float, float] | None, b: tuple[float, float] | None) -> bool | None:
    """Whether two intervals overlap (None when either is missing)."""
    if a is None or b is None:
        return None
    return a[0] <= b[1] and b[0] <= a[1]


def change_significant(
    k_now: float | None, n_now: float | None, k_before: float | None, n_before: float | None
) -> bool | None:
    """False (不显著) when this year's 95% Wilson interval overlaps last year's; None when a year has no votes.

    Deliberately conservative: overlapping intervals do not prove "no change", they only mean the votes
    cannot tell a change from chance.
    """
    both = overlap(wilson(k_now, n_now), wilson(k_before, n_before))
    return None if both is None else not both


NOT_SIGNIFICANT = "不显著"
