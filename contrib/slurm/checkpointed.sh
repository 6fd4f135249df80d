#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# A long run that outlives the time limit: it saves a restart point every CKPT (12 simulated
# months, or e.g. 30min of wall time) in OUT.ckpt, and at the time limit SLURM's SIGTERM makes
# tzsim save where it is and stop (exit 130); the job then requeues itself and continues with
# --resume, giving the bytes of a run straight through. mkdir -p logs first.
#SBATCH --job-name=tzsim-long
#SBATCH --output=logs/%x-%j.out
#SBATCH --ntasks=1
#SBATCH --cpus-per-task=8
#SBATCH --mem=4G
#SBATCH --time=04:00:00
#SBATCH --signal=TERM@120
#SBATCH --requeue
#SBATCH --open-mode=append
set -u
cd "${SLURM_SUBMIT_DIR:-.}" || exit
TZSIM=${TZSIM:-build/tzsim}
SCENARIO=${SCENARIO:-scenarios/extension-50.cfg}
REPS=${REPS:-1000}
OUT=${OUT:-results/ext50-long}
CKPT=${CKPT:-12}
# shellcheck disable=SC2086 # TZSIM_ARGS: extra options, split on purpose
srun --ntasks=1 --cpus-per-task="${SLURM_CPUS_PER_TASK:-1}" \
    "$TZSIM" run "$SCENARIO" -r "$REPS" -t "${SLURM_CPUS_PER_TASK:-1}" ${TZSIM_ARGS:-} \
    --checkpoint-every "$CKPT" --resume -o "$OUT"
rc=$?
# 130: stopped by the signal with its state saved in OUT.ckpt: back in the queue, to continue.
if [ "$rc" -eq 130 ] && [ -n "${SLURM_JOB_ID:-}" ]; then
  scontrol requeue "$SLURM_JOB_ID"
fi
exit "$rc"
