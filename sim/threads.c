/* SPDX-License-Identifier: GPL-3.0-or-later */
/* threads.c: can the threads of a parallel run be started? (see threads.h) */
#include "sim/threads.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

size_t sim_threads_stack_size(void) {
  const char *text = getenv("OMP_STACKSIZE");
  if (!text || !*text) text = getenv("GOMP_STACKSIZE");
  if (text && *text) {
    /* libgomp's syntax: spaces, a decimal number, an optional unit letter, spaces. */
    while (*text == ' ' || *text == '\t') text++;
    char *end = NULL;
    errno = 0;
    unsigned long long v = strtoull(text, &end, 10);
    if (end == text || errno == ERANGE) return 0;
    while (*end == ' ' || *end == '\t') end++;
    unsigned shift = 10;
    switch (*end) {
    case 'b':
    case 'B':
      shift = 0;
      end++;
      break;
    case 'k':
    case 'K':
      shift = 10;
      end++;
      break;
    case 'm':
    case 'M':
      shift = 20;
      end++;
      break;
    case 'g':
    case 'G':
      shift = 30;
      end++;
      break;
    default: break;
    }
    while (*end == ' ' || *end == '\t') end++;
    if (*end || v > (SIZE_MAX >> shift)) return 0;
    return (size_t)(v << shift);
  }
  pthread_attr_t a;
  size_t size = 0;
  if (pthread_attr_init(&a) == 0) {
    if (pthread_attr_getstacksize(&a, &size) != 0) size = 0;
    pthread_attr_destroy(&a);
  }
  return size;
}

/* The probe threads wait until every one has started (so they hold their stacks together, as an
 * OpenMP team does), then end. */
typedef struct {
  pthread_mutex_t lock;
  pthread_cond_t go;
  int release;
} gate;

static void *wait_at_gate(void *arg) {
  gate *g = arg;
  pthread_mutex_lock(&g->lock);
  while (!g->release) pthread_cond_wait(&g->go, &g->lock);
  pthread_mutex_unlock(&g->lock);
  return NULL;
}

sim_status sim_threads_check(int threads, sim_errs *e) {
  if (threads <= 1) return SIM_OK;
  pthread_t *ids = malloc((size_t)threads * sizeof *ids);
  if (!ids) {
    sim_errs_add(e, NULL, 0, NULL,
                 "tzsim: -t %d: out of memory while starting the threads (expected fewer threads, -t N)", threads);
    return SIM_ENOMEM;
  }
  gate g = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0};
  pthread_attr_t attr;
  int have_attr = pthread_attr_init(&attr) == 0;
  size_t stack = sim_threads_stack_size();
  int rc = 0;
  if (have_attr && stack > 0) rc = pthread_attr_setstacksize(&attr, stack);
  int started = 0;
  while (rc == 0 && started < threads - 1) {
    rc = pthread_create(&ids[started], have_attr ? &attr : NULL, wait_at_gate, &g);
    if (rc == 0) started++;
  }
  pthread_mutex_lock(&g.lock);
  g.release = 1;
  pthread_cond_broadcast(&g.go);
  pthread_mutex_unlock(&g.lock);
  for (int i = 0; i < started; i++) pthread_join(ids[i], NULL);
  if (have_attr) pthread_attr_destroy(&attr);
  free(ids);
  if (rc == 0) return SIM_OK;
  sim_errs_add(e, NULL, 0, NULL,
               "tzsim: cannot start the run's %d threads: thread %d failed with a stack of %zu bytes: %s (expected "
               "fewer "
               "threads, -t N, a smaller OMP_STACKSIZE, or a higher memory or process limit)",
               threads, started + 2, stack, strerror(rc));
  return SIM_ENOMEM;
}

/* ---- the exit guard ---- */

/* Armed while depth > 0: arming nests (a sweep arms around its points, each point's run arms
 * again, from several threads at once), so a point that ends does not disarm the others. */
static atomic_int guard_depth, guard_threads;

/* Runs inside exit(): libgomp has printed its own line; add ours and end with the documented status.
 * _exit, not exit: exit() is already under way, and nothing buffered belongs to a finished result. */
static void on_exit_while_armed(void) {
  if (atomic_load(&guard_depth) <= 0) return;
  char line[300];
  int n = snprintf(line, sizeof line,
                   "tzsim: the OpenMP runtime could not start the run's %d threads and stopped it; nothing was written "
                   "(expected fewer threads, -t N, or a higher memory or process limit)\n",
                   atomic_load(&guard_threads));
  if (n > 0) {
    ssize_t w = write(2, line, (size_t)n < sizeof line ? (size_t)n : sizeof line - 1);
    (void)w;
  }
  _exit(5);
}

void sim_threads_guard_arm(int threads) {
  static atomic_flag registered = ATOMIC_FLAG_INIT;
  if (!atomic_flag_test_and_set(&registered))
    (void)atexit(on_exit_while_armed); /* fails only without memory: then no guard */
  int was = atomic_load(&guard_threads);
  while (threads > was && !atomic_compare_exchange_weak(&guard_threads, &was, threads)) {
  }
  atomic_fetch_add(&guard_depth, 1);
}

void sim_threads_guard_disarm(void) {
  if (atomic_fetch_sub(&guard_depth, 1) == 1) atomic_store(&guard_threads, 0);
}
