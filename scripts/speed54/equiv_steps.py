"""``daily._steps_km`` against ``haversine_km`` stop by stop, bit for bit (speed54).

    PYTHONPATH=$PWD python scripts/speed54/equiv_steps.py [DAYS]

Random days of 1–400 stops (a city's spread, a country's, repeated points, poles, the date
line, antipodes), each on a random path: every step's km the same 64 bits as the old
``[dist.exact(path[pos - 1], idx) ...]``.
"""

from __future__ import annotations

import sys

import numpy as np

from routekpi.core.daily import _steps_km, haversine_km


def main() -> None:
    days = int(sys.argv[1]) if len(sys.argv) > 1 else 3000
    rng = np.random.default_rng(54)
    checked = 0
    for k in range(days):
        n = int(rng.integers(1, 400))
        kind = k % 6
        if kind == 0:  # a city
            lat = rng.normal(35.68, 0.05, n)
            lon = rng.normal(139.7, 0.05, n)
        elif kind == 1:  # a country
            lat, lon = rng.uniform(24, 46, n), rng.uniform(122, 154, n)
        elif kind == 2:  # repeated points
            base = rng.uniform(30, 40, (5, 2))
            pick = base[rng.integers(0, 5, n)]
            lat, lon = pick[:, 0], pick[:, 1]
        elif kind == 3:  # anywhere, poles and the date line
            lat, lon = rng.uniform(-90, 90, n), rng.uniform(-180, 180, n)
        elif kind == 4:  # antipodes
            lat = rng.uniform(-60, 60, n)
            lon = rng.uniform(-180, 180, n)
            lat[1::2], lon[1::2] = -lat[::2][: n // 2], lon[::2][: n // 2] + 180.0
        else:  # integers and halves as typed
            lat = np.round(rng.uniform(33, 36, n) * 2) / 2
            lon = np.round(rng.uniform(133, 136, n) * 2) / 2
        points = list(zip(lat.tolist(), lon.tolist(), strict=True))
        path = rng.permutation(n).tolist()
        old = [
            haversine_km(*points[path[pos - 1]], *points[idx]) if pos else 0.0
            for pos, idx in enumerate(path)
        ]
        new = _steps_km(points, path)
        assert len(old) == len(new)
        assert np.array_equal(np.array(old).view(np.int64), np.array(new).view(np.int64)), k
        assert all(type(x) is float for x in new)
        checked += len(new)
    print(f"{days} days, {checked} steps: bit-equal")


if __name__ == "__main__":
    main()
