/*
 * Cimba peer of Plants/bench/serial-50.yaml, for side-by-side speed runs
 * (Benchmarks/peers/cimba.sh builds it against a Cimba checkout).
 *
 * The model is the one of Benchmarks/peers/serial50_simpy.py and Takt's line:
 * a release every 76 s (held while station 1 has no room; the next interval
 * starts when the held job enters), 50 single-server stations in series with
 * exponential(60 s) work and at most 3 waiting jobs in front of each, blocking
 * after service, calendar-time failures exponential(8 h) with exponential(5 min)
 * repairs that interrupt work (preemptive resume), a failed machine takes no new
 * work and releases no job. 30 days; jobs completed, throughput, mean lead time
 * (from entry into station 1).
 *
 * Two ways to write it on Cimba, chosen with --style:
 *
 * - events (default): Cimba's event layer (cmb_event_schedule / cmb_event_cancel),
 *   the fastest way to use Cimba and the same event-scheduling view Takt takes.
 * - processes: Cimba's processes (stackful coroutines), its documented way and
 *   the shape of the SimPy peer: per station a machine process that gets a job
 *   from its object queue (capacity 3), holds for the work and puts the job
 *   into the next station's queue (blocking after service), and a failure
 *   process that interrupts the machine and resumes it after the repair.
 *
 * Both draw from Cimba's thread-local sfc64 generator (ziggurat exponentials),
 * one stream for every draw, so figures agree with Takt's statistically, not
 * number for number.
 *
 * Usage: serial50_cimba [--style events|processes] [--days 30] [--seed 1];
 * prints one JSON line. Events are the events Cimba's queue executed (counted
 * in a cmb_event_execute_next() loop, which is what cmb_event_queue_execute()
 * runs); "wall_seconds" times that loop.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cimba.h>

enum { STATIONS = 50, BUFFER = 3 };
static const double TAKT_S = 76.0, PROCESS_MEAN_S = 60.0, MTTF_S = 8 * 3600.0, MTTR_S = 5 * 60.0;

/* One station: a ring of waiting jobs' entry times and one machine. */
struct station {
    double waiting[BUFFER];
    int head, count;
    bool busy;          /* the machine holds a job */
    bool finished;      /* ... whose work is done: blocked until the next station has room */
    bool up;
    double job;         /* entry time into station 1 of the job in the machine */
    uint64_t work_end;  /* handle of the work's end event while it runs */
    double remaining;   /* work left when a failure interrupted it */
};

static struct station line[STATIONS];
static bool source_holding;
static uint64_t events, completed;
static double lead_sum;

static void work_end(void *subject, void *object);
static void release(void *subject, void *object);

static bool has_room(const struct station *s) { return (!s->busy && s->up) || s->count < BUFFER; }

static void start(struct station *s, double job)
{
    s->busy = true;
    s->finished = false;
    s->job = job;
    s->work_end = cmb_event_schedule(work_end, s, NULL, cmb_time() + cmb_random_exponential(PROCESS_MEAN_S), 0);
}

static void enter(struct station *s, double job)
{
    if (!s->busy && s->up) {
        start(s, job);
    } else {
        s->waiting[(s->head + s->count) % BUFFER] = job;
        s->count += 1;
    }
}

static void try_release(struct station *s);

/* Room appeared at s: take the job upstream is holding, if any. */
static void pull(struct station *s)
{
    if (!has_room(s)) return;
    if (s == line) {
        if (source_holding) {
            source_holding = false;
            enter(s, cmb_time());
            cmb_event_schedule(release, NULL, NULL, cmb_time() + TAKT_S, 0);
        }
        return;
    }
    struct station *before = s - 1;
    if (before->busy && before->finished && before->up) try_release(before);
}

/* The machine is empty and up: take the next waiting job, then let upstream fill the room. */
static void take_next(struct station *s)
{
    if (s->count > 0) {
        double job = s->waiting[s->head];
        s->head = (s->head + 1) % BUFFER;
        s->count -= 1;
        start(s, job);
    }
    pull(s);
}

static void try_release(struct station *s)
{
    if (s == line + STATIONS - 1) {
        completed += 1;
        lead_sum += cmb_time() - s->job;
    } else {
        struct station *next = s + 1;
        if (!has_room(next)) return;
        enter(next, s->job);
    }
    s->busy = false;
    s->finished = false;
    if (s->up) take_next(s); else pull(s);
}

static void work_end(void *subject, void *object)
{
    (void)object;
    struct station *s = subject;
    s->work_end = 0;
    s->finished = true;
    try_release(s);
}

static void repair(void *subject, void *object);

static void failure(void *subject, void *object)
{
    (void)object;
    struct station *s = subject;
    s->up = false;
    if (s->busy && !s->finished) {
        s->remaining = cmb_event_time(s->work_end) - cmb_time();
        cmb_event_cancel(s->work_end);
        s->work_end = 0;
    }
    cmb_event_schedule(repair, s, NULL, cmb_time() + cmb_random_exponential(MTTR_S), 0);
}

static void repair(void *subject, void *object)
{
    (void)object;
    struct station *s = subject;
    s->up = true;
    cmb_event_schedule(failure, s, NULL, cmb_time() + cmb_random_exponential(MTTF_S), 0);
    if (s->busy && !s->finished) {
        s->work_end = cmb_event_schedule(work_end, s, NULL, cmb_time() + s->remaining, 0);
    } else if (s->busy) {
        try_release(s);
    } else {
        take_next(s);
    }
}

static void release(void *subject, void *object)
{
    (void)subject, (void)object;
    if (has_room(line)) {
        enter(line, cmb_time());
        cmb_event_schedule(release, NULL, NULL, cmb_time() + TAKT_S, 0);
    } else {
        source_holding = true;
    }
}

static void stop(void *subject, void *object)
{
    (void)subject, (void)object;
    cmb_event_queue_clear();
}

/* ---- The same line on Cimba's processes ---- */

enum { FAILED = 1, REPAIRED = 2 };  /* signals to a machine process */

struct cell {
    struct cmb_objectqueue *queue;  /* waiting jobs (capacity BUFFER) */
    struct cmb_process *machine, *failures;
    bool up;
};

static struct cell cells[STATIONS];
static struct cmb_process *source_process;
static double *free_jobs[STATIONS * (BUFFER + 1) + 2];
static int free_count;

static double *new_job(void) { return free_count > 0 ? free_jobs[--free_count] : malloc(sizeof(double)); }

/* Down: wait (no new work, no release) until the failure process says repaired. */
static void wait_repair(void)
{
    while (cmb_process_yield() != REPAIRED) {}
}

static void *machine(struct cmb_process *me, void *context)
{
    (void)me;
    struct cell *c = context;
    struct cell *next = c == cells + STATIONS - 1 ? NULL : c + 1;
    for (;;) {
        if (!c->up) wait_repair();
        void *job = NULL;
        if (cmb_objectqueue_get(c->queue, &job) != CMB_PROCESS_SUCCESS) {
            wait_repair();
            continue;
        }
        double remaining = cmb_random_exponential(PROCESS_MEAN_S);
        for (;;) {
            const double start = cmb_time();
            if (cmb_process_hold(remaining) == CMB_PROCESS_SUCCESS) break;
            remaining -= cmb_time() - start;
            wait_repair();
        }
        if (next == NULL) {
            completed += 1;
            lead_sum += cmb_time() - *(double *)job;
            free_jobs[free_count++] = job;
            continue;
        }
        while (cmb_objectqueue_put(next->queue, job) != CMB_PROCESS_SUCCESS) wait_repair();
    }
    return NULL;
}

static void *failures(struct cmb_process *me, void *context)
{
    (void)me;
    struct cell *c = context;
    for (;;) {
        (void)cmb_process_hold(cmb_random_exponential(MTTF_S));
        c->up = false;
        cmb_process_interrupt(c->machine, FAILED, 0);
        (void)cmb_process_hold(cmb_random_exponential(MTTR_S));
        c->up = true;
        cmb_process_resume(c->machine, REPAIRED);
    }
    return NULL;
}

static void *source(struct cmb_process *me, void *context)
{
    (void)me, (void)context;
    for (;;) {
        double *job = new_job();
        (void)cmb_objectqueue_put(cells[0].queue, job);  /* held while station 1 has no room */
        *job = cmb_time();
        (void)cmb_process_hold(TAKT_S);
    }
    return NULL;
}

static void build_processes(void)
{
    char name[32];
    for (int i = 0; i < STATIONS; i++) {
        struct cell *c = &cells[i];
        c->up = true;
        snprintf(name, sizeof name, "s%02d", i + 1);
        c->queue = cmb_objectqueue_create();
        cmb_objectqueue_initialize(c->queue, name, BUFFER);
        c->machine = cmb_process_create();
        cmb_process_initialize(c->machine, name, machine, c, 0);
        c->failures = cmb_process_create();
        cmb_process_initialize(c->failures, name, failures, c, 0);
    }
    source_process = cmb_process_create();
    cmb_process_initialize(source_process, "release", source, NULL, 0);
    for (int i = 0; i < STATIONS; i++) {
        cmb_process_start(cells[i].machine);
        cmb_process_start(cells[i].failures);
    }
    cmb_process_start(source_process);
}

static void tear_down_processes(void)
{
    struct cmb_process *all[2 * STATIONS + 1];
    for (int i = 0; i < STATIONS; i++) (all[2 * i] = cells[i].machine, all[2 * i + 1] = cells[i].failures);
    all[2 * STATIONS] = source_process;
    for (int i = 0; i < 2 * STATIONS + 1; i++) {
        (void)cmb_process_stop(all[i], NULL);
        cmb_process_terminate(all[i]);
        cmb_process_destroy(all[i]);
    }
    for (int i = 0; i < STATIONS; i++) {
        cmb_objectqueue_terminate(cells[i].queue);
        cmb_objectqueue_destroy(cells[i].queue);
    }
}

static void build_events(void)
{
    for (int i = 0; i < STATIONS; i++) {
        line[i] = (struct station){.up = true};
        cmb_event_schedule(failure, &line[i], NULL, cmb_random_exponential(MTTF_S), 0);
    }
    cmb_event_schedule(release, NULL, NULL, 0.0, 0);
}

int main(int argc, char **argv)
{
    double days = 30.0;
    uint64_t seed = 1;
    bool processes = false;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "--style") == 0 && (strcmp(argv[i + 1], "events") == 0 || strcmp(argv[i + 1], "processes") == 0))
            processes = strcmp(argv[i + 1], "processes") == 0;
        else if (strcmp(argv[i], "--days") == 0) days = atof(argv[i + 1]);
        else if (strcmp(argv[i], "--seed") == 0) seed = strtoull(argv[i + 1], NULL, 10);
        else { fprintf(stderr, "usage: %s [--style events|processes] [--days D] [--seed N]\n", argv[0]); return 2; }
    }
    const double horizon = days * 86400.0;

    cmb_logger_flags_off(CMB_LOGGER_INFO);
    cmb_random_initialize(seed);
    cmb_event_queue_initialize(0.0);
    if (processes) build_processes(); else build_events();
    cmb_event_schedule(stop, NULL, NULL, horizon, INT64_MIN);

    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    while (cmb_event_execute_next()) events += 1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    const double wall = (double)(t1.tv_sec - t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0.tv_nsec);

    if (processes) tear_down_processes();
    cmb_event_queue_terminate();
    cmb_random_terminate();

    printf("{\"jobs_completed\": %llu, \"throughput_per_hour\": %.6f, \"lead_time_mean_s\": %.6f, "
           "\"events\": %llu, \"wall_seconds\": %.6f, \"events_per_second\": %.1f}\n",
           (unsigned long long)completed, (double)completed / (horizon / 3600.0),
           completed ? lead_sum / (double)completed : 0.0, (unsigned long long)events, wall,
           wall > 0 ? (double)events / wall : 0.0);
    return 0;
}
