#!/bin/bash
# Starts a throw-away single-node Slurm cluster (munged + slurmctld + slurmd on this machine, config and state in a
# temporary folder, non-default ports), runs a tiny GapLab suite as a 2-task job array with gaplab-array.sbatch,
# merges the shards and checks that the merged runs.csv holds every run of the suite. Stops the daemons it started.
# Needs Debian's slurm-wlm (slurmctld, slurmd, munge) and root (slurmd runs jobs as the submitting user).
#   bench/slurm/test-local-cluster.sh [path/to/gaplab.dll]
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
DLL=${1:-}
if [[ -z "$DLL" ]]; then
  dotnet build "$REPO/src/GapLab.Cli" -c Release -v q -nologo >/dev/null
  DLL=$REPO/src/GapLab.Cli/bin/Release/net10.0/gaplab.dll
fi
for b in slurmctld slurmd munged sbatch squeue; do
  command -v $b >/dev/null || { echo "missing $b: apt-get install slurm-wlm" >&2; exit 2; }
done

D=$(mktemp -d /tmp/gaplab-slurm.XXXXXX)
HOST=$(hostname -s)
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for f in "$D/slurmctld.pid" "$D/slurmd.pid" "$D/munged.pid"; do [[ -f $f ]] && kill "$(cat "$f")" 2>/dev/null || true; done
}
trap cleanup EXIT
mkdir -p "$D/state" "$D/spool" "$D/munge" "$D/out"
chmod 700 "$D/munge"
dd if=/dev/urandom of="$D/munge/munge.key" bs=1024 count=1 status=none
chmod 400 "$D/munge/munge.key"
munged --force --key-file="$D/munge/munge.key" --socket="$D/munge/socket" --pid-file="$D/munged.pid" \
  --log-file="$D/munged.log" --seed-file="$D/munge/seed"
MEM=$(( $(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024 - 512 ))
CPUS=$(nproc)
cat > "$D/slurm.conf" <<CONF
ClusterName=gaplabtest
SlurmctldHost=$HOST
SlurmUser=$(id -un)
SlurmctldPort=16817
SlurmdPort=16818
AuthType=auth/munge
AuthInfo=socket=$D/munge/socket
CredType=cred/munge
StateSaveLocation=$D/state
SlurmdSpoolDir=$D/spool
SlurmctldPidFile=$D/slurmctld.pid
SlurmdPidFile=$D/slurmd.pid
SlurmctldLogFile=$D/slurmctld.log
SlurmdLogFile=$D/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
SchedulerType=sched/builtin
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
NodeName=$HOST NodeAddr=127.0.0.1 CPUs=$CPUS RealMemory=$MEM State=UNKNOWN
PartitionName=test Nodes=$HOST Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF=$D/slurm.conf
slurmctld -i
slurmd
for _ in $(seq 60); do
  sinfo -h -o %T 2>/dev/null | grep -qE '^idle' && break
  sleep 1
done
sinfo -h -o %T | grep -qE '^idle' || { echo "node did not become idle:"; sinfo; tail -20 "$D/slurmctld.log" "$D/slurmd.log"; exit 1; }

cat > "$D/suite.json" <<'JSON'
{ "name": "slurm-test", "models": ["mlp:depth=1,width=8", "mlp:depth=1,width=16"], "seeds": [0, 1],
  "train_size": 300, "epochs": 1, "batch_size": 50 }
JSON
JOB=$(N=2 SUITE="$D/suite.json" OUT="$D/out" GAPLAB="dotnet $DLL" THREADS=1 GAPLAB_ARGS="--device cpu --no-weights" \
  sbatch --parsable --array=1-2 --cpus-per-task=1 --mem=1G --chdir="$D" --output="$D/task-%a.log" "$HERE/gaplab-array.sbatch")
echo "submitted array job $JOB"
for _ in $(seq 300); do
  [[ -z "$(squeue -h -j "$JOB" 2>/dev/null)" ]] && break
  sleep 1
done
cat "$D"/task-*.log
dotnet "$DLL" merge --runs "$D/out"
rows=$(( $(wc -l < "$D/out/runs.csv") - 1 ))
if [[ $rows -ne 4 ]] || grep -q -v -e '^run_id' -e completed "$D/out/runs.csv"; then
  echo "FAIL: expected 4 completed runs in $D/out/runs.csv, got $rows"; cat "$D/out/runs.csv"; exit 1
fi
echo "PASS: 2 array tasks trained 4 runs, merged into $D/out/runs.csv"
