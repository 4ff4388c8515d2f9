#!/usr/bin/env bash
# Slurm job array: each array task converts one shard of the archive into its
# own folder; a dependent job merges the shards' long-format files.
#
#   INPUT=/data/reports OUT=/data/out SHARDS=16 deploy/slurm.sh        # submits both jobs
#   deploy/slurm.sh --local 3                                           # same steps, no Slurm (test)
#
# Environment: INPUT (directory or list file), OUT (shared output root),
# SHARDS (array size, default 8), PIPELINE (binary, default build/pipeline),
# JOBS (documents in parallel per task, default: the task's CPUs).
# Each task runs `pipeline run INPUT -o OUT/shard-K --shard K/N --emit long`;
# rerunning a task (requeue, preemption) skips the documents already done.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${INPUT:?set INPUT to a directory of PDFs or a list file}"
: "${OUT:?set OUT to the output root}"
SHARDS=${SHARDS:-8}
PIPELINE=${PIPELINE:-build/pipeline}

input_args() {
  if [[ -d "$INPUT" ]]; then echo "$INPUT"; else echo "--from-list $INPUT"; fi
}

run_shard() {  # K
  local jobs=${JOBS:-${SLURM_CPUS_PER_TASK:-0}}
  # shellcheck disable=SC2046
  "$PIPELINE" run $(input_args) -o "$OUT/shard-$1" --shard "$1/$SHARDS" --emit long --jobs "$jobs" -q
}

merge_shards() {
  local dirs=()
  for ((k = 0; k < SHARDS; k++)); do dirs+=("$OUT/shard-$k"); done
  "$PIPELINE" merge "${dirs[@]}" -o "$OUT/merged"
}

case "${1:-submit}" in
  task) run_shard "${SLURM_ARRAY_TASK_ID:?not inside a Slurm array task}" ;;
  merge) merge_shards ;;
  --local)  # every shard in turn on this machine, then the merge
    SHARDS=${2:-$SHARDS}
    for ((k = 0; k < SHARDS; k++)); do run_shard "$k"; done
    merge_shards ;;
  submit)
    array=$(sbatch --parsable --array=0-$((SHARDS - 1)) --cpus-per-task="${JOBS:-2}" \
      --export=ALL,INPUT="$INPUT",OUT="$OUT",SHARDS="$SHARDS",PIPELINE="$PIPELINE" \
      --job-name=juesuan --wrap="deploy/slurm.sh task")
    sbatch --dependency=afterok:"$array" --export=ALL,OUT="$OUT",SHARDS="$SHARDS",PIPELINE="$PIPELINE" \
      --job-name=juesuan-merge --wrap="INPUT=unused deploy/slurm.sh merge"
    ;;
  *) echo "slurm.sh: unknown command '$1' (submit, task, merge, --local N)" >&2; exit 2 ;;
esac
