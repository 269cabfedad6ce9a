#!/usr/bin/env bash
# Runs the shipped Slurm scripts on a real, single-node Slurm cluster and checks
# that the merged comparison is exactly the single-machine one.
#
#   TAKT=.build/release/takt deploy/slurm/test-single-node.sh     (or the binary as $1)
#
# As root on a Debian-like machine without systemd (CI): installs slurm-wlm and
# munge with apt-get if they are missing (services are not started by the
# packages), starts munged, slurmctld and slurmd on this machine with a
# configuration in a temporary folder (ports 16817/16818, no cgroups, no
# accounting, one partition "takt-ci"), then
#   1. submits Plants/experiments/faster-server.yaml as a 4-task job array and
#      the dependent merge through submit.sh, waits for the merge, and compares
#      comparison.json byte for byte with `takt compare --json` run here;
#   2. submits it again with shard 1 failing once (after storing its runs): the
#      merge must be held (DependencyNeverSatisfied); it is cancelled, shard 1 is
#      re-run with TAKT_TASKS=1 as deploy/slurm/README.md says, and the new merge
#      must again give exactly the single-machine comparison.
# Stops the daemons it started (by PID) and removes everything it wrote on exit.
# Prints a line starting "SKIP:" and exits 0 when not root or when the
# packages cannot be installed; any other problem exits non-zero.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
experiment="$repo/Plants/experiments/faster-server.yaml"
shards=4
ctld_port=16817
slurmd_port=16818
deadline_s=240 # for each wait on the cluster
partition=takt-ci
begun=$(date +%s)

say() { echo "slurm-test: $*"; }
skip() { echo "SKIP: Slurm single-node test: $*"; exit 0; }
fail() { echo "FAIL: Slurm single-node test: $*" >&2; exit 1; }

TAKT="${1:-${TAKT:-}}"
[ -n "$TAKT" ] || fail "give the takt binary: TAKT=path/to/takt $0"
[ -f "$TAKT" ] && [ -x "$TAKT" ] || fail "$TAKT is not an executable file"
TAKT="$(realpath "$TAKT")"
export TAKT
[ -f "$experiment" ] || fail "$experiment is missing"
[ "$(id -u)" -eq 0 ] || skip "needs root, to install slurm-wlm and munge and to run their daemons"

work=""
made_policy=""
munge_pid="" ctld_pid="" slurmd_pid=""

# Stops a daemon this script started: TERM, then KILL after 15 s.
stop() {
    local name=$1 pid=$2 i
    [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 150; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then
        echo "slurm-test: $name (pid $pid) did not stop on TERM: killed" >&2
        kill -KILL "$pid" 2>/dev/null || true
    fi
    wait "$pid" 2>/dev/null || true
}

cleanup() {
    local status=$? i
    set +e
    if [ -n "$work" ] && [ -d "$work" ]; then
        if [ "$status" -ne 0 ]; then
            echo "---- logs (the test failed) ----" >&2
            for f in "$work"/log/* "$work"/out*/takt-*.out; do
                [ -f "$f" ] || continue
                echo "---- $f" >&2
                tail -n 25 "$f" >&2
            done
        fi
        if [ -n "$ctld_pid" ] && kill -0 "$ctld_pid" 2>/dev/null; then
            # Cancel what is still queued or running, so no job step outlives slurmd.
            ids=$(squeue -h -o %A 2>/dev/null)
            if [ -n "$ids" ]; then
                scancel $ids 2>/dev/null
                for ((i = 0; i < 100; i++)); do [ -z "$(squeue -h -o %A 2>/dev/null)" ] && break; sleep 0.1; done
            fi
        fi
    fi
    # Let the job steps' slurmstepd finish (each keeps a socket in the spool folder while it runs).
    if [ -n "$work" ]; then
        for ((i = 0; i < 100; i++)); do compgen -G "$work/spool/*_[0-9]*.*" >/dev/null || break; sleep 0.1; done
    fi
    stop slurmd "$slurmd_pid"
    stop slurmctld "$ctld_pid"
    stop munged "$munge_pid"
    [ -n "$made_policy" ] && rm -f /usr/sbin/policy-rc.d
    [ -n "$work" ] && rm -rf "$work"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

work="$(mktemp -d /tmp/takt-slurm.XXXXXX)"
chmod 755 "$work"
mkdir -p "$work/etc" "$work/log" "$work/state" "$work/spool"

# ---- packages
commands=(slurmctld slurmd sbatch squeue scontrol sinfo scancel munged mungekey munge unmunge setpriv)
missing() { local c; for c in "${commands[@]}"; do command -v "$c" >/dev/null 2>&1 || { echo "$c"; return 0; }; done; return 1; }
if missing >/dev/null; then
    command -v apt-get >/dev/null 2>&1 || skip "slurm-wlm and munge are not installed and there is no apt-get to install them"
    say "installing slurm-wlm and munge"
    if [ ! -e /usr/sbin/policy-rc.d ]; then
        # The packages must not start their services: this test starts its own daemons.
        printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
        chmod 755 /usr/sbin/policy-rc.d
        made_policy=1
    fi
    if ! { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends slurm-wlm munge; } \
        > "$work/log/apt.log" 2>&1; then
        tail -n 15 "$work/log/apt.log"
        skip "apt-get could not install slurm-wlm and munge"
    fi
    if [ -n "$made_policy" ]; then rm -f /usr/sbin/policy-rc.d; made_policy=""; fi
    if c=$(missing); then skip "slurm-wlm and munge were installed but '$c' is missing"; fi
fi

for port in $ctld_port $slurmd_port; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then fail "port $port is in use (another Slurm?)"; fi
done

# ---- munge, with its own key and socket, as the munge user
getent passwd munge >/dev/null || fail "the munge package made no munge user"
install -d -o munge -g munge -m 0711 "$work/munge"   # munged wants the socket folder executable by all
mungekey --create --keyfile="$work/munge/munge.key"
chown munge:munge "$work/munge/munge.key"
chmod 0600 "$work/munge/munge.key"
socket="$work/munge/munge.socket"
setpriv --reuid=munge --regid=munge --init-groups \
    munged --foreground --key-file="$work/munge/munge.key" --socket="$socket" \
    --pid-file="$work/munge/munged.pid" --log-file="$work/munge/munged.log" --seed-file="$work/munge/munged.seed" \
    > "$work/log/munged.out" 2>&1 &
munge_pid=$!
for ((i = 0; i < 100; i++)); do [ -S "$socket" ] && break; kill -0 "$munge_pid" 2>/dev/null || break; sleep 0.1; done
[ -S "$socket" ] || fail "munged did not start: $(cat "$work/log/munged.out")"
munge -n -S "$socket" | unmunge -S "$socket" > /dev/null || fail "munge cannot encode and decode a credential"

# ---- Slurm: controller and node on the loopback address
host="$(hostname -s 2>/dev/null || uname -n)"
host="${host%%.*}"
hardware="$(env -u SLURM_CONF slurmd -C | head -1)"   # NodeName=… CPUs=… Boards=… RealMemory=…
case "$hardware" in NodeName=*" CPUs="*) ;; *) fail "slurmd -C gave '$hardware'" ;; esac
hardware="${hardware#NodeName=* }"
cpus="$(echo "$hardware" | sed -n 's/.*CPUs=\([0-9]*\).*/\1/p')"
export SLURM_CONF="$work/etc/slurm.conf"
cat > "$SLURM_CONF" <<EOF
# Written by deploy/slurm/test-single-node.sh; removed when it exits.
ClusterName=taktci
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$socket
CredType=cred/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/backfill
MpiDefault=none
ReturnToService=2
MinJobAge=600
SchedulerParameters=batch_sched_delay=0,sched_min_interval=0
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/log/slurmctld.log
SlurmdLogFile=$work/log/slurmd.log
NodeName=$host NodeAddr=127.0.0.1 $hardware State=UNKNOWN
PartitionName=$partition Nodes=$host Default=YES MaxTime=00:10:00 State=UP
EOF
slurmctld -D -c -f "$SLURM_CONF" > "$work/log/slurmctld.out" 2>&1 &
ctld_pid=$!
slurmd -D -N "$host" -f "$SLURM_CONF" > "$work/log/slurmd.out" 2>&1 &
slurmd_pid=$!
for ((i = 0; i < 300; i++)); do
    kill -0 "$ctld_pid" 2>/dev/null || fail "slurmctld stopped"
    kill -0 "$slurmd_pid" 2>/dev/null || fail "slurmd stopped"
    state="$(sinfo -h -n "$host" -o %T 2>/dev/null || true)"
    [ "$state" = idle ] && break
    sleep 0.1
done
[ "$state" = idle ] || fail "node $host is '$state', not idle, after 30 s"
say "cluster up: $(scontrol version), $(munged --version 2>&1 | head -1 | awk '{print $1}'); node $host ($cpus CPUs), partition $partition; in $(($(date +%s) - begun)) s"

# ---- helpers
# The state of a job (its first line for an array), or DependencyNeverSatisfied for a job held for good.
job_state() {
    local line
    line="$(scontrol -o show job "$1" 2>/dev/null | head -1)"
    case "$line" in
        *"JobState=PENDING"*"Reason=DependencyNeverSatisfied"*) echo DependencyNeverSatisfied ;;
        *JobState=*) echo "$line" | sed -n 's/.*JobState=\([A-Z_]*\).*/\1/p' ;;
        *) echo UNKNOWN ;;
    esac
}
# The states of an array's tasks, one "id:state exit" per line.
task_states() {
    scontrol -o show job "$1" | sed -n 's/.*ArrayTaskId=\([0-9]*\).*JobState=\([A-Z_]*\).*ExitCode=\([0-9:]*\).*/\1:\2 \3/p' | sort -n
}
# Waits until job $1 has left the queue's live states; sets $state to its last state. Tracks the
# most array tasks of job $2 seen running at once in $most_running.
wait_job() {
    local id=$1 array=${2:-} running t0=$SECONDS
    while :; do
        state="$(job_state "$id")"
        if [ -n "$array" ]; then
            running="$(squeue -h -j "$array" -t RUNNING -o %i 2>/dev/null | wc -l)"
            [ "$running" -gt "$most_running" ] && most_running=$running
        fi
        case "$state" in
            PENDING | CONFIGURING | RUNNING | COMPLETING | SUSPENDED | REQUEUED) ;;
            *) return 0 ;;
        esac
        [ $((SECONDS - t0)) -lt "$deadline_s" ] || { state="still $state after $deadline_s s"; return 0; }
        sleep 0.2
    done
}
submit() { # OUT_DIR, with TAKT and TAKT_TASKS from the environment; sets array_id and merge_id
    local text
    text="$("$here/submit.sh" "$experiment" "$1" "$shards" --partition="$partition" --cpus-per-task=1 --mem=256M --time=00:05:00)"
    echo "$text" | head -n -1 | sed 's/^/slurm-test: submit.sh: /'
    merge_id="$(echo "$text" | tail -1)"
    array_id="$(echo "$text" | sed -n 's/^array job \([0-9]*\) .*/\1/p')"
    [[ "$merge_id" =~ ^[0-9]+$ && "$array_id" =~ ^[0-9]+$ ]] || fail "submit.sh printed no job ids: $text"
}
check_tasks() { # ARRAY_ID EXPECTED, EXPECTED like "0:COMPLETED 0:0 1:FAILED 1:0 …" on one line
    local got
    got="$(task_states "$1" | tr '\n' ' ' | sed 's/ $//')"
    [ "$got" = "$2" ] || fail "array job $1: tasks ended '$got', expected '$2'"
}

# ---- the same comparison on this machine
t0=$SECONDS
"$TAKT" compare "$experiment" --db "$work/single.sqlite" --json > "$work/single.json"
grep -q '"replications" *: *8' "$work/single.json" || fail "the single-machine comparison has not 8 replications: $(head -c 400 "$work/single.json")"
say "single machine: takt compare --json, 2 variants × 8 replications, in $((SECONDS - t0)) s"
all_done="$(for ((i = 0; i < shards; i++)); do printf '%d:COMPLETED 0:0 ' "$i"; done | sed 's/ $//')"

# ---- 1. four shards and the merge
t0=$SECONDS
most_running=0
submit "$work/out"
wait_job "$merge_id" "$array_id"
[ "$state" = COMPLETED ] || fail "merge job $merge_id ended $state"
check_tasks "$array_id" "$all_done"
for ((i = 0; i < shards; i++)); do
    grep -q "Shard $i/$shards " "$work/out/takt-shard-${array_id}_$i.out" || fail "task $i did not run shard $i/$shards"
done
cmp "$work/single.json" "$work/out/comparison.json" || {
    diff "$work/single.json" "$work/out/comparison.json" | head -n 40
    fail "the merged comparison differs from the single-machine one"
}
say "1. array job $array_id: $shards tasks COMPLETED (at most $most_running running at once); merge job $merge_id COMPLETED, in $((SECONDS - t0)) s"
say "   comparison.json of the merged shards = single-machine takt compare --json (byte for byte)"
sed 's/^/   | /' "$work/out/comparison.txt"

# ---- 2. a shard fails; the merge is held; re-running that shard completes the comparison
t0=$SECONDS
cat > "$work/flaky-takt" <<EOF
#!/bin/sh
# takt, except that array task 1 fails once after storing its runs (as if its node went away).
if [ "\${SLURM_ARRAY_TASK_ID:-}" = 1 ] && [ ! -e "$work/failed-once" ]; then
    touch "$work/failed-once"
    "$TAKT" "\$@"
    echo "simulated failure of task 1 after its runs were stored" >&2
    exit 1
fi
exec "$TAKT" "\$@"
EOF
chmod 755 "$work/flaky-takt"
most_running=0
TAKT="$work/flaky-takt" submit "$work/out2"
wait_job "$merge_id" "$array_id"
[ "$state" = DependencyNeverSatisfied ] || fail "with task 1 failed, merge job $merge_id is $state, expected held (DependencyNeverSatisfied)"
check_tasks "$array_id" "$(echo "$all_done" | sed 's/1:COMPLETED 0:0/1:FAILED 1:0/')"
[ ! -e "$work/out2/comparison.json" ] || fail "a comparison was written although task 1 failed"
say "2. array job $array_id: task 1 FAILED, 0, 2, 3 COMPLETED; merge job $merge_id held (DependencyNeverSatisfied): cancelled"
scancel "$merge_id"
TAKT_TASKS=1 submit "$work/out2"
wait_job "$merge_id" "$array_id"
[ "$state" = COMPLETED ] || fail "merge job $merge_id after re-running task 1 ended $state"
check_tasks "$array_id" "1:COMPLETED 0:0"
rerun="$(grep -o 'Shard 1/4[^:]*: [0-9]* replication(s) stored' "$work/out2/takt-shard-${array_id}_1.out" || true)"
case "$rerun" in
    *": 0 replication(s) stored") ;;
    *) fail "the re-run of task 1 should resume with nothing left to run, but said '$rerun'" ;;
esac
say "   re-run of task 1 (array job $array_id, --resume): $rerun"
cmp "$work/single.json" "$work/out2/comparison.json" || {
    diff "$work/single.json" "$work/out2/comparison.json" | head -n 40
    fail "after the re-run of shard 1 the merged comparison differs from the single-machine one"
}
say "   merge job $merge_id COMPLETED: comparison.json = single-machine takt compare --json (byte for byte), in $((SECONDS - t0)) s"
echo "PASS: Slurm single-node test: sharded and merged comparison equals the single-machine one, and a failed shard re-runs ($(($(date +%s) - begun)) s in all)"
