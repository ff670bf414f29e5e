#!/bin/bash
# Run the realism42 harness on one commit's tree:  bash scripts/short46/harness_at.sh COMMIT OUT.pkl "SEEDS" SET...
# (from the worktree root; the tree is unpacked under /tmp/s46/<commit>).
set -e
C=${1:?commit}; OUT=${2:?out.pkl}; SEEDS=${3:?seeds}; shift 3
T=/tmp/s46/$(git rev-parse --short "$C")
if [ ! -d "$T" ]; then mkdir -p "$T" && git archive "$C" routekpi scripts | tar -x -C "$T"; fi
cd "$T" && PYTHONPATH="$T" PYTHONDONTWRITEBYTECODE=1 python scripts/realism42/harness.py "$OUT" "$@" --seeds $SEEDS
