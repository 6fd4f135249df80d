#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The merge after a shard array (queued by contrib/slurm/submit-shards.sh with
# --dependency=afterok:ARRAY_JOB_ID). It checks its output folder before reading any shard.
#SBATCH --job-name=tzsim-merge
#SBATCH --output=logs/%x-%j.out
#SBATCH --ntasks=1
#SBATCH --mem=4G
#SBATCH --time=00:30:00
#SBATCH --signal=TERM@60
set -u
cd "${SLURM_SUBMIT_DIR:-.}" || exit
TZSIM=${TZSIM:-build/tzsim}
OUT=${OUT:-results/ext50}
srun --ntasks=1 "$TZSIM" merge "$OUT-shards"/* -o "$OUT" || exit
# The shards are no longer needed once the result is written (tzsim run --dry-run prints their size).
if [ "${KEEP_SHARDS:-0}" != 1 ]; then rm -rf -- "$OUT-shards"; fi
