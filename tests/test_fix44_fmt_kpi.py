"""render's KPI formatter has a public name, which excel.udf_values imports (fix44, rev44).

udf_values imported ``render._fmt``, a private name another module's refactor could drop.
"""

from __future__ import annotations

import routekpi.excel.udf_values as udf_values
import routekpi.render as render


def test_the_kpi_formatter_is_public_and_the_udfs_use_it() -> None:
    assert render.fmt_kpi("revenue", 1_234_567.4) == "¥1,234,567"
    assert render.fmt_kpi("churn_rate", 0.0234) == "2.3%"
    assert render.fmt_kpi("active_accounts", 41.6) == "42"
    assert render.fmt_kpi("visits_per_account", 2.346) == "2.35"  # a ratio: two decimals
    assert udf_values.fmt_kpi is render.fmt_kpi
    assert not hasattr(udf_values, "_fmt")  # no private import left
