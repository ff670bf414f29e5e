#!/bin/bash
# Run every data set (seeds 7 11 23 unless SEEDS is set) under one variant, into one pickle:
#   bash scripts/realism50/run.sh OUT.pkl [ENV=VALUE ...]     e.g. SC50=levers SC50_LOG=x.log
set -e
OUT=$1; shift
SETS=${SETS:-"wholesale-2y wholesale wholesale-x5 sample sample-long sample-november orders-only orders-only-short cdnow sample-priced sample-long-priced sample-november-priced orders-only-priced orders-only-short-priced"}
env "$@" nice -n 5 python scripts/realism50/variant.py "$OUT" $SETS ${SEEDS:+--seeds $SEEDS}
