#!/bin/bash
# realism49 (session 43): every run behind docs/backtest.md's section "A rep's unit price when
# his customers turn over". From the worktree root with PYTHONPATH=$PWD; about 3 minutes a
# run on a quiet box, 10 – 15 under load.
set -e
mkdir -p /tmp/r49
R=scripts/realism49/run.sh
bash $R /tmp/r49/before.pkl
SEEDS="5 13 31" bash $R /tmp/r49/before_h.pkl
bash $R /tmp/r49/A.pkl R49=turnover
bash $R /tmp/r49/B.pkl R49=turnover R49_MIX=1 R49_TRUST=1
bash $R /tmp/r49/D.pkl R49=turnover R49_MIX=1 R49_TRUST=1 R49_LINEAR=1
bash $R /tmp/r49/E.pkl R49=turnover R49_MIX=1 R49_TRUST=1 R49_LINEAR=1 R49_NEWIN=1
bash $R /tmp/r49/F.pkl R49=turnover R49_MIX=1 R49_LINEAR=1 R49_BETA=0
H="R49=turnover R49_MIX=1 R49_TRUST=1 R49_LINEAR=1 R49_NEWIN=1 R49_WHOLE=1"
bash $R /tmp/r49/H.pkl $H
bash $R /tmp/r49/I.pkl R49=turnover R49_MIX=1 R49_LINEAR=1 R49_BETA=0 R49_WHOLE=1
SEEDS="5 13 31" bash $R /tmp/r49/E_h.pkl R49=turnover R49_MIX=1 R49_TRUST=1 R49_LINEAR=1 R49_NEWIN=1
SEEDS="5 13 31" bash $R /tmp/r49/H_h.pkl $H
X="wholesale-nov wholesale-x5-nov wholesale-2y-jul"   # realism42's extra held-out plans
SETS="$X" bash $R /tmp/r49/x_before.pkl
SETS="$X" bash $R /tmp/r49/x_H.pkl $H
# tables
python scripts/realism48/table.py before=/tmp/r49/before.pkl A=/tmp/r49/A.pkl B=/tmp/r49/B.pkl \
    D=/tmp/r49/D.pkl E=/tmp/r49/E.pkl F=/tmp/r49/F.pkl H=/tmp/r49/H.pkl I=/tmp/r49/I.pkl
python scripts/realism48/table.py before=/tmp/r49/before_h.pkl E=/tmp/r49/E_h.pkl H=/tmp/r49/H_h.pkl
python scripts/realism42/compare.py /tmp/r49/before.pkl /tmp/r49/H.pkl
python scripts/realism49/kpis.py unit_price before=/tmp/r49/before.pkl H=/tmp/r49/H.pkl
python scripts/realism49/meanlog.py unit_price before=/tmp/r49/before.pkl H=/tmp/r49/H.pkl
python scripts/realism49/meanlog.py pooled before=/tmp/r49/before.pkl H=/tmp/r49/H.pkl
# sensitivity to the constants (five sets)
S="wholesale-2y wholesale wholesale-x5 sample-november-priced orders-only-short-priced"
SETS="$S" bash $R /tmp/r49/S1.pkl $H R49_BLIND=3
SETS="$S" bash $R /tmp/r49/S2.pkl $H R49_MIN_NEW=5
python scripts/realism48/table.py H=/tmp/r49/H.pkl blind3=/tmp/r49/S1.pkl min5=/tmp/r49/S2.pkl
