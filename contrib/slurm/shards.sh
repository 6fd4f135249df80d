#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# One task of a SLURM job array: the K-th of N slices of the replications, into its own folder.
# Submit with contrib/slurm/submit-shards.sh (it creates logs/, sizes --mem from tzsim run
# --dry-run, and queues the merge); by hand: mkdir -p logs; sbatch --array=1-50 contrib/slurm/shards.sh
# The array size is read from SLURM_ARRAY_TASK_COUNT: it is written once, in --array (1-based:
# --array=1-N). SHARDS, when set, overrides it: for a resubmission of some tasks only
# (sbatch --array=7,12 --export=ALL,SHARDS=50 ...; docs/hpc.md, "When an array task fails").
#SBATCH --job-name=tzsim-shard
#SBATCH --output=logs/%x-%A_%a.out
#SBATCH --ntasks=1
#SBATCH --cpus-per-task=4
#SBATCH --mem=1G
#SBATCH --time=00:30:00
#SBATCH --signal=TERM@60
set -u
cd "${SLURM_SUBMIT_DIR:-.}" || exit
# module load openmpi    # only for an MPI build of tzsim, and only if the site needs it
TZSIM=${TZSIM:-build/tzsim}
SCENARIO=${SCENARIO:-scenarios/extension-50.cfg}
REPS=${REPS:-1000}
OUT=${OUT:-results/ext50}
: "${SLURM_ARRAY_TASK_ID:?run as a SLURM job array (sbatch --array=1-N)}"
SHARDS=${SHARDS:-${SLURM_ARRAY_TASK_COUNT:?run as a SLURM job array (sbatch --array=1-N)}}
# Under srun, so that --signal=TERM@60 reaches tzsim (it stops cleanly, writing nothing). A rerun
# of a task skips a shard that is complete and intact, and redoes a damaged one.
# shellcheck disable=SC2086 # TZSIM_ARGS: extra options, split on purpose
srun --ntasks=1 --cpus-per-task="${SLURM_CPUS_PER_TASK:-1}" \
    "$TZSIM" run "$SCENARIO" -r "$REPS" -t "${SLURM_CPUS_PER_TASK:-1}" ${TZSIM_ARGS:-} --quiet \
    --shard "$SLURM_ARRAY_TASK_ID/$SHARDS" -o "$OUT-shards/$SLURM_ARRAY_TASK_ID"
