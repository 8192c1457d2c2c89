#!/usr/bin/env bash
# A gridflip scenario sweep as a Slurm array job: task i runs shard i of n.
#
#   sbatch --array=0-7 deploy/sweep-slurm.sh cases/us-miners deploy/scenarios-example.toml results/
#   # then, once every task has finished:
#   bin/gridflip sweep merge results/ --scenarios deploy/scenarios-example.toml --out results/merged.json
#
#SBATCH --job-name=gridflip-sweep
#SBATCH --cpus-per-task=2
#SBATCH --mem=8G
#SBATCH --time=02:00:00
set -euo pipefail
case_path=${1:?usage: sweep-slurm.sh CASE SCENARIOS OUTDIR}
scenarios=${2:?usage: sweep-slurm.sh CASE SCENARIOS OUTDIR}
out=${3:?usage: sweep-slurm.sh CASE SCENARIOS OUTDIR}
n=${SLURM_ARRAY_TASK_COUNT:?run with sbatch --array=0-(n-1)}
i=${SLURM_ARRAY_TASK_ID:?run with sbatch --array}
exec bin/gridflip sweep "$case_path" --scenarios "$scenarios" --shard "$i/$n" --out "$out" \
  --parallel 1 --time-limit 3600
