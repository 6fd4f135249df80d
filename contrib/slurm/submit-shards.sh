#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Submit a shard array and its merge, sized by tzsim itself. Run on the login node, from the
# repository (or the folder holding build/ and scenarios/):
#   SHARDS=50 REPS=1000 contrib/slurm/submit-shards.sh
# It prints the memory and disk the run needs (tzsim run --dry-run), creates logs/, and submits
#   sbatch --array=1-SHARDS --mem=... contrib/slurm/shards.sh
#   sbatch --dependency=afterok:ARRAY_JOB_ID contrib/slurm/merge.sh
# Recovery when a task fails: docs/hpc.md, "When an array task fails".
set -eu
TZSIM=${TZSIM:-build/tzsim}
SCENARIO=${SCENARIO:-scenarios/extension-50.cfg}
REPS=${REPS:-1000}
OUT=${OUT:-results/ext50}
SHARDS=${SHARDS:-50}
CPUS=${CPUS:-4}
HERE=$(dirname "$0")
export TZSIM SCENARIO REPS OUT
# shellcheck disable=SC2086 # TZSIM_ARGS: extra options, split on purpose
plan=$("$TZSIM" run "$SCENARIO" -r "$REPS" ${TZSIM_ARGS:-} -t "$CPUS" --shard "1/$SHARDS" -o "$OUT-shards/1" --dry-run)
printf '%s\n' "$plan"
mem=$(printf '%s\n' "$plan" | sed -n 's/.*(or --mem=\([0-9]*M\) .*/\1/p')
[ -n "$mem" ] || { echo "submit-shards.sh: no memory figure in tzsim run --dry-run's output" >&2; exit 1; }
mkdir -p logs
array=$(sbatch --parsable --array="1-$SHARDS" --cpus-per-task="$CPUS" --mem="$mem" "$HERE/shards.sh")
array=${array%%;*}
merge=$(sbatch --parsable --dependency="afterok:$array" "$HERE/merge.sh")
echo "array job $array ($SHARDS tasks, --mem=$mem each), merge job ${merge%%;*} -> $OUT"
