"""A lost account whose name another account shares is said with its code (trial 39 L1: the
Plan's 「取引を終えた サンフレッシュ 駅前店」 was a closed shop of 渡辺's while 田中 holds an
open one of the same name: 10148 and 10260)."""

from __future__ import annotations

import pandas as pd

from routekpi.core.lost import shared_names, shown_name


def test_a_shared_name_is_said_with_its_code() -> None:
    accounts = pd.DataFrame(
        {
            "account": ["10148", "10260", "10300", "10300"],
            "name": [
                "サンフレッシュ 駅前店",
                "サンフレッシュ 駅前店",
                "サンフレッシュ 新町店",
                "サンフレッシュ 新町店",
            ],
        }
    )
    # 10300 twice (two Accounts rows of one account) is one account: not shared.
    shared = shared_names(accounts)
    assert shared == {"サンフレッシュ 駅前店"}
    assert shown_name("サンフレッシュ 駅前店", "10148", shared) == "サンフレッシュ 駅前店(10148)"
    assert shown_name("サンフレッシュ 新町店", "10300", shared) == "サンフレッシュ 新町店"
    assert shown_name("", "10400", shared) == ""
