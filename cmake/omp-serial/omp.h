/* SPDX-License-Identifier: GPL-3.0-or-later */
/* omp.h for a build without OpenMP (-DTZSIM_OPENMP=OFF, e.g. Spack's ~openmp): the OpenMP
 * functions tzsim calls, as one thread would answer them (the stub routines of the OpenMP
 * specification). The results are the same: they never depend on the number of threads. */
#ifndef TZSIM_OMP_SERIAL_H
#define TZSIM_OMP_SERIAL_H
#include <time.h>

static inline int omp_get_max_threads(void) { return 1; }
static inline int omp_get_thread_num(void) { return 0; }
static inline int omp_in_parallel(void) { return 0; }
static inline double omp_get_wtime(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

#endif
