/* SPDX-License-Identifier: GPL-3.0-or-later */
/* threads.h: checking, before a parallel run, that its threads can be started, so that a process or
 * memory limit ends with a documented status (5) and one line, not libgomp's exit 1. */
#ifndef SIM_THREADS_H
#define SIM_THREADS_H
#include <stddef.h>

#include "sim/errs.h"

/* Stack size of an OpenMP thread as libgomp gives it: OMP_STACKSIZE (or GOMP_STACKSIZE), a number
 * with an optional B, K, M or G suffix (K when none), else the default of a new thread. Returns 0
 * when the variable is set but malformed (libgomp then ignores it too). */
size_t sim_threads_stack_size(void);

/* Start threads - 1 threads with that stack size, all alive at once, then join them. SIM_OK, or
 * SIM_ENOMEM with "tzsim: -t N: cannot start N threads (...)" in e. threads <= 1: nothing to do. */
sim_status sim_threads_check(int threads, sim_errs *e);

/* Around a parallel region: while armed, an exit() from inside the process -- libgomp's answer to a
 * thread it could not create ("libgomp: Thread creation failed", exit 1) -- ends with status 5 and
 * a line saying so instead. Only main exits, by returning, never while armed, so an exit while
 * armed is always such a failure. Arming nests and may be done from several threads: each arm is
 * matched by one disarm. */
void sim_threads_guard_arm(int threads);
void sim_threads_guard_disarm(void);

#endif
