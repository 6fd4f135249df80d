#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# One run across MPI ranks (an MPI build: cmake -DTZSIM_MPI=ON, docs/hpc.md). mkdir -p logs first.
# Size --mem-per-cpu with: build-mpi/tzsim run SCENARIO -r REPS -t 1 --dry-run --ranks NTASKS
#SBATCH --job-name=tzsim-mpi
#SBATCH --output=logs/%x-%j.out
#SBATCH --nodes=1
#SBATCH --ntasks=8
#SBATCH --cpus-per-task=1
#SBATCH --mem-per-cpu=1G
#SBATCH --time=01:00:00
#SBATCH --signal=TERM@60
set -u
cd "${SLURM_SUBMIT_DIR:-.}" || exit
# module load openmpi    # only if the site needs it (Debian's Open MPI needs nothing)
TZSIM=${TZSIM:-build-mpi/tzsim}
SCENARIO=${SCENARIO:-scenarios/pilots.cfg}
REPS=${REPS:-10000}
OUT=${OUT:-results/pilots-mpi}
# Debian's Open MPI 4.1 is started by srun through PMIx: --mpi=pmix (with mpirun instead:
# mpirun -np "$SLURM_NTASKS" ..., which SLURM's signal also reaches).
# shellcheck disable=SC2086 # TZSIM_ARGS: extra options, split on purpose
srun --mpi=pmix --cpus-per-task="${SLURM_CPUS_PER_TASK:-1}" \
    "$TZSIM" run "$SCENARIO" -r "$REPS" -t "${SLURM_CPUS_PER_TASK:-1}" ${TZSIM_ARGS:-} -o "$OUT"
