#!/bin/bash
# realism50: every run behind REPORT.md ("the book checks itself"). From the worktree root with
# PYTHONPATH=$PWD; about 4 minutes a run on a quiet box (the variants 1.5 – 2× that: each plan
# replays the year before), 10 – 25 under load. Pickles and λ logs in /tmp/r50.
set -e
mkdir -p /tmp/r50
R=scripts/realism50/run.sh
bash $R /tmp/r50/before.pkl
SEEDS="5 13 31" bash $R /tmp/r50/before_h.pkl
bash $R /tmp/r50/levers.pkl SC50=levers SC50_LOG=/tmp/r50/levers.lam
bash $R /tmp/r50/one.pkl SC50=one SC50_LOG=/tmp/r50/one.lam
bash $R /tmp/r50/trust.pkl SC50=levers SC50_TRUST=1 SC50_LOG=/tmp/r50/trust.lam
bash $R /tmp/r50/lad.pkl SC50=levers SC50_FIT=lad SC50_LOG=/tmp/r50/lad.lam
# The half-year replay changes only the plans without a full year N − 1 to replay.
SETS="wholesale-2y sample orders-only-short sample-priced orders-only-short-priced" \
    bash $R /tmp/r50/half.pkl SC50=levers SC50_HALF=1 SC50_LOG=/tmp/r50/half.lam
SEEDS="5 13 31" SETS="wholesale-2y" bash $R /tmp/r50/half_h.pkl SC50=levers SC50_HALF=1 \
    SC50_LOG=/tmp/r50/half_h.lam
# realism42's extra held-out plans (the two-year log's July year has a year N − 1 to replay)
X="wholesale-nov wholesale-x5-nov wholesale-2y-jul"
SETS="$X" bash $R /tmp/r50/x_before.pkl
SETS="$X" bash $R /tmp/r50/x_levers.pkl SC50=levers SC50_LOG=/tmp/r50/x_levers.lam
SEEDS="5 13 31" bash $R /tmp/r50/levers_h.pkl SC50=levers SC50_LOG=/tmp/r50/levers_h.lam
SEEDS="5 13 31" bash $R /tmp/r50/trust_h.pkl SC50=levers SC50_TRUST=1 SC50_LOG=/tmp/r50/trust_h.lam
# tables
T=scripts/realism48/table.py
python $T before=/tmp/r50/before.pkl levers=/tmp/r50/levers.pkl one=/tmp/r50/one.pkl \
    trust=/tmp/r50/trust.pkl lad=/tmp/r50/lad.pkl half=/tmp/r50/half.pkl
python $T before=/tmp/r50/before_h.pkl levers=/tmp/r50/levers_h.pkl trust=/tmp/r50/trust_h.pkl
for v in levers one trust lad half; do
    python scripts/realism42/compare.py /tmp/r50/before.pkl /tmp/r50/$v.pkl --kpis
done
for v in levers trust half; do
    python scripts/realism42/compare.py /tmp/r50/before_h.pkl /tmp/r50/${v}_h.pkl --kpis
done
python scripts/realism42/compare.py /tmp/r50/x_before.pkl /tmp/r50/x_levers.pkl --kpis
for v in levers one trust lad half levers_h trust_h; do python scripts/realism50/lams.py /tmp/r50/$v.lam; done
# why: the slope's persistence, and what any λ could give (offline, on the plain runs)
python scripts/realism50/persist.py /tmp/r50/before.pkl
python scripts/realism50/persist.py /tmp/r50/before_h.pkl
python scripts/realism50/offline.py /tmp/r50/before.pkl
python scripts/realism50/offline.py /tmp/r50/before_h.pkl
python scripts/realism50/offline.py /tmp/r50/before.pkl --pooled
# cost on the default sample book
python scripts/realism50/cost.py --runs 3
python -c "from pathlib import Path; from routekpi.io.samplebook import write_sample_workbook; \
write_sample_workbook(Path('/tmp/r50/book.xlsm'), 'ja', seed=7)"
cp /tmp/r50/book.xlsm /tmp/r50/book_run.xlsm
/usr/bin/time -f "recalc wall %e s user %U s sys %S s" python -m routekpi.cli recalc /tmp/r50/book_run.xlsm
