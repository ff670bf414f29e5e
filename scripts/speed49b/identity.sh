#!/bin/sh
# Every zip part of the recalculated 10k and 100k bench books and a sample book, old tree
# against new (scripts/speed47a/hash_outputs.py: clock stopped, ROUTEKPI_WORKERS=1).
#   sh scripts/speed49b/identity.sh OLD_TREE NEW_TREE SAMPLE_BOOK
set -e
old=$1 new=$2 sample=$3
here=$(cd "$(dirname "$0")/../.." && pwd)
out=$(mktemp -d)
for book in "$here/bench-data/orders_10000.xlsm" "$here/bench-data/orders_100000.xlsm" "$sample"; do
  name=$(basename "$book" .xlsm)
  (cd /tmp && ROUTEKPI_WORKERS=1 PYTHONPATH=$old python "$here/scripts/speed47a/hash_outputs.py" "$book" "$out/o.xlsm" > "$out/$name.old")
  (cd /tmp && ROUTEKPI_WORKERS=1 PYTHONPATH=$new python "$here/scripts/speed47a/hash_outputs.py" "$book" "$out/n.xlsm" > "$out/$name.new")
  if cmp -s "$out/$name.old" "$out/$name.new"; then
    echo "$name: $(wc -l < "$out/$name.new") parts identical"
  else
    echo "$name: DIFFERENT"; diff "$out/$name.old" "$out/$name.new"
  fi
done
rm -rf "$out"
