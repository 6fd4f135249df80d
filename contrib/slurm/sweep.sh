#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# A sensitivity sweep across MPI ranks (each point on one rank). mkdir -p logs first.
#SBATCH --job-name=tzsim-sweep
#SBATCH --output=logs/%x-%j.out
#SBATCH --nodes=1
#SBATCH --ntasks=8
#SBATCH --cpus-per-task=1
#SBATCH --mem-per-cpu=1G
#SBATCH --time=02:00:00
#SBATCH --signal=TERM@60
set -u
cd "${SLURM_SUBMIT_DIR:-.}" || exit
# module load openmpi    # only if the site needs it
TZSIM=${TZSIM:-build-mpi/tzsim}
SCENARIO=${SCENARIO:-scenarios/sensitivity-pilots.cfg}
OUT=${OUT:-results/sweep-pilots}
# shellcheck disable=SC2086 # TZSIM_ARGS: extra options, split on purpose
srun --mpi=pmix --cpus-per-task="${SLURM_CPUS_PER_TASK:-1}" \
    "$TZSIM" sweep "$SCENARIO" -t "${SLURM_CPUS_PER_TASK:-1}" ${TZSIM_ARGS:-} -o "$OUT"
