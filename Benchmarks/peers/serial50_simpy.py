#!/usr/bin/env python3
"""SimPy 4.1.2 peer of Plants/bench/serial-50.yaml, for side-by-side speed runs.

The model (the same semantics as Takt's LineModel):
- A source releases one job every 76 s, the first at t=0. If station 1 has no
  room the source holds the job (blocked); the next 76 s interval starts when
  the held job enters. Lead time starts when the job enters station 1.
- 50 stations in series, one server each, processing exponential(mean 60 s).
  In front of each station a buffer of at most 3 WAITING jobs (the job in the
  machine does not count). A station has room if its server is idle and up,
  or its buffer holds fewer than 3 jobs.
- Blocking after service: a finished job stays in its machine until the next
  station has room, then moves instantly.
- Failures per station on calendar time: time to failure exponential(8 h),
  counted from the end of the previous repair; repair exponential(5 min). A
  failure interrupts processing and the job resumes its remaining work after
  repair. A failed machine takes no new work; a blocked machine that fails
  cannot release its job until it is repaired.
- The last station sends jobs to a sink. Run 30 days; report jobs completed,
  throughput per hour and mean lead time.

The SimPy mapping: each station's buffer is a simpy.Store(capacity=3) that
holds only waiting jobs; the machine is a process that get()s a job from its
buffer (that frees a buffer slot), works on it with a Timeout, then put()s it
into the next station's buffer, which blocks while that buffer is full
(blocking after service). An idle machine that is up sits in get(), so a job
put into its empty buffer goes straight into the machine. A failure process
per station interrupts the machine process whatever it is doing; the machine
cancels its pending get()/put() request (so it takes no new work and releases
no job while down), remembers the remaining work, waits for the repair and
carries on.

Random numbers: one random.Random per station's processing and one per
station's failures (time to failure and repair from the same stream), each
seeded from the --seed argument and the stream's name.

Event count: SimPy schedules every event it processes through
Environment.schedule(), which draws an id from the itertools.count in
env._eid, and Environment.step() pops exactly one entry off env._queue per
event processed. So after the run

    events processed = (ids drawn) - (entries still in the queue)

which costs nothing during the run (no wrapper around step()). It includes
process initialisations, interruptions and the run's 'until' stop event, as
step() does. `--count-steps` instead runs a subclass of Environment that
counts in step() (slower, for cross-checking: both give the same number).

Wall time: "wall_seconds" is measured around env.run() only (perf_counter);
model construction is negligible and the interpreter start-up and `import
simpy` are not included. Benchmarks/peers/compare.sh times the whole process
as well.

Usage: python3 serial50_simpy.py --days 30 --seed 1
Prints one JSON line.
"""

import argparse
import json
import random
import time

import simpy

TAKT = 76.0  # s between releases
STATIONS = 50
PROCESS_MEAN = 60.0  # s
BUFFER = 3  # waiting jobs in front of each station
MTTF = 8 * 3600.0  # s, calendar time
MTTR = 5 * 60.0  # s


class CountingEnvironment(simpy.Environment):
    """Environment that counts processed events in step() (--count-steps)."""

    def __init__(self):
        super().__init__()
        self.steps = 0

    def step(self):
        self.steps += 1
        super().step()


class Stats:
    __slots__ = ("completed", "lead_sum")

    def __init__(self):
        self.completed = 0
        self.lead_sum = 0.0


class Station:
    """One station: its buffer, its machine process and its up/down state."""

    __slots__ = ("name", "buffer", "proc", "up", "repaired")

    def __init__(self, env, name, buffer):
        self.name = name
        self.buffer = simpy.Store(env, capacity=buffer)
        self.proc = None
        self.up = True
        self.repaired = None  # event that succeeds at the end of the repair


def source(env, first):
    """Release a job every TAKT s; hold it while the first station is full."""
    timeout = env.timeout
    put = first.buffer.put
    while True:
        job = [0.0]  # job[0]: time it entered station 1
        yield put(job)  # blocks while station 1 has no room
        job[0] = env.now
        yield timeout(TAKT)


def machine(env, st, nxt, rng, stats):
    """The station's single server: take, work (preemptive resume), pass on."""
    timeout = env.timeout
    get = st.buffer.get
    put = nxt.buffer.put if nxt is not None else None
    draw = rng.expovariate
    rate = 1.0 / PROCESS_MEAN
    Interrupt = simpy.Interrupt
    while True:
        # Idle: wait for a job (only while up).
        if not st.up:
            yield st.repaired
        req = get()
        try:
            job = yield req
        except Interrupt:
            if req.triggered:  # got the job at the instant it failed
                job = req.value
            else:  # take no new work while down
                req.cancel()
                yield st.repaired
                continue
            yield st.repaired

        # Working: preemptive resume across failures.
        remaining = draw(rate)
        while True:
            start = env.now
            try:
                yield timeout(remaining)
                break
            except Interrupt:
                remaining -= env.now - start
                yield st.repaired

        # Done: the sink always has room; otherwise blocked until the next
        # station has room (and this machine is up).
        if put is None:
            stats.completed += 1
            stats.lead_sum += env.now - job[0]
            continue
        while True:
            req = put(job)
            try:
                yield req
                break
            except Interrupt:
                if req.triggered:  # released at the instant it failed
                    break
                req.cancel()  # cannot release while down
                yield st.repaired


def failures(env, st, rng):
    """Calendar-time failures: fail, repair, then the next time to failure."""
    timeout = env.timeout
    draw = rng.expovariate
    fail_rate, repair_rate = 1.0 / MTTF, 1.0 / MTTR
    while True:
        yield timeout(draw(fail_rate))
        st.up = False
        st.repaired = env.event()
        st.proc.interrupt()
        yield timeout(draw(repair_rate))
        st.up = True
        st.repaired.succeed()


def build(env, seed, buffer, with_failures):
    stats = Stats()
    stations = [Station(env, f"s{i + 1:02d}", buffer) for i in range(STATIONS)]
    for i, st in enumerate(stations):
        nxt = stations[i + 1] if i + 1 < STATIONS else None
        st.proc = env.process(machine(env, st, nxt, random.Random(f"{seed}/process/{st.name}"), stats))
        if with_failures:
            env.process(failures(env, st, random.Random(f"{seed}/failure/{st.name}")))
    env.process(source(env, stations[0]))
    return stats


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--days", type=float, default=30.0)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--buffer", type=int, default=BUFFER, help="waiting jobs per buffer (default 3)")
    ap.add_argument("--no-failures", action="store_true", help="turn failures off (for verification)")
    ap.add_argument("--count-steps", action="store_true",
                    help="count events in an Environment.step() override instead of from the queue ids")
    args = ap.parse_args()

    env = CountingEnvironment() if args.count_steps else simpy.Environment()
    stats = build(env, args.seed, args.buffer, not args.no_failures)
    horizon = args.days * 86400.0

    t0 = time.perf_counter()
    env.run(until=horizon)
    wall = time.perf_counter() - t0

    if args.count_steps:
        events = env.steps
    else:
        events = next(env._eid) - len(env._queue)  # scheduled minus still pending = processed

    hours = horizon / 3600.0
    print(json.dumps({
        "jobs_completed": stats.completed,
        "throughput_per_hour": stats.completed / hours,
        "lead_time_mean_s": stats.lead_sum / stats.completed if stats.completed else 0.0,
        "events": events,
        "wall_seconds": wall,
        "events_per_second": events / wall if wall > 0 else 0.0,
    }))


if __name__ == "__main__":
    main()
