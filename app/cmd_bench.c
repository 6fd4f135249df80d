/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cmd_bench.c: tzsim bench: the speed and memory of both engines (monthly, scheduled) on a synthetic population,
 * beside this machine's ceiling measured in the same run by an "ideal kernel" (below): the
 * least work an agent-month pass can do, run in the same process on the same agents and
 * threads, so the two rates are comparable. */
#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "models/labour.h"
#include "models/population.h"
#include "app/commands.h"
#include "sim/rng_batch.h"
#include "version.h"

/* ---- the ideal kernel: a lower bound on the cost of a monthly agent pass on this machine. Each
 * agent has 4 bytes of state in three arrays (a state 0-3 as uint8, months in it as uint16, an
 * age as uint8); each month, per agent, one 32-bit random draw (xoshiro256** per thread,
 * reseeded from the month and thread by splitmix64), one look-up in a 4 x 16 table of hazards by
 * state and duration bin, and a transition to the next state (duration reset) when the draw is
 * below the hazard, else the duration grows; the whole population is one static OpenMP loop per
 * month. No counters, no queue, no second arm: what is left is memory traffic and the draw. ---- */

static inline uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
typedef struct {
  uint64_t s[4];
} xoshiro;
static inline uint64_t xoshiro_next(xoshiro *r) {
  uint64_t *s = r->s, res = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl(s[3], 45);
  return res;
}
static inline uint64_t splitmix(uint64_t *x) {
  uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

/* Agent-months per second of the ideal kernel, or a negative value if memory ran out. */
static double ideal_kernel(size_t n, int months, int threads) {
  uint8_t *st = malloc(n), *age = malloc(n);
  uint16_t *dur = malloc(n * sizeof *dur);
  if (!st || !age || !dur) {
    free(st);
    free(age);
    free(dur);
    return -1;
  }
  uint64_t seed = 42;
  for (size_t i = 0; i < n; i++) {
    st[i] = 0;
    age[i] = (uint8_t)(20 + splitmix(&seed) % 40);
    dur[i] = (uint16_t)(12 + splitmix(&seed) % 48);
  }
  uint32_t haz[4][16];
  for (int s = 0; s < 4; s++)
    for (int d = 0; d < 16; d++) haz[s][d] = (uint32_t)((0.01 + 0.002 * d + 0.01 * s) * 4294967296.0);
  long trans = 0;
  double t = omp_get_wtime();
  for (int m = 0; m < months; m++) {
#pragma omp parallel num_threads(threads) reduction(+ : trans)
    {
      xoshiro r;
      uint64_t sd = ((uint64_t)m << 32) ^ (uint64_t)omp_get_thread_num() ^ 0x1234;
      for (int k = 0; k < 4; k++) r.s[k] = splitmix(&sd);
#pragma omp for schedule(static)
      for (size_t i = 0; i < n; i++) {
        uint32_t u = (uint32_t)(xoshiro_next(&r) >> 32);
        int s = st[i], db = dur[i] >> 3;
        if (db > 15) db = 15;
        if (u < haz[s][db]) {
          st[i] = (uint8_t)((s + 1) & 3);
          dur[i] = 0;
          trans++;
        } else {
          dur[i]++;
        }
        if (age[i] >= 62 && (m % 12) == 0) st[i] = 3;
      }
    }
  }
  t = omp_get_wtime() - t;
  free(st);
  free(age);
  free(dur);
  return trans >= 0 ? (double)n * months / t : 0;
}

/* ---- the reference model on a synthetic population ---- */

/* Ten territories sharing n agents: 5 % PPDE, 6 % short-term unemployed, the program from the
 * first month with capacity for about 3 % of the population: every mechanism runs. */
static char *synthetic_scenario(size_t n, int months) {
  size_t cap = 4096 + 600 * 10;
  char *text = malloc(cap);
  if (!text) return NULL;
  int k =
      snprintf(text, cap, "name = \"bench\"; start = \"2017-01\"; months = %d; seed = 1; territories = (\n", months);
  size_t each = n / 10;
  for (int t = 0; t < 10; t++) {
    size_t pop = t < 9 ? each : n - 9 * each;
    double cap_fte = 0.03 * (double)pop;
    k += snprintf(text + k, cap - (size_t)k,
                  "{ name = \"T%d\"; population = %zuL; ppde_start = %zuL; unemployed_start = %zuL; program_start = "
                  "\"2017-01\";"
                  " capacity_start = %.1f; capacity_max = %.1f; ramp_months = 36; hire_max = %zuL; }%s\n",
                  t + 1, pop, pop / 20, pop * 6 / 100, cap_fte / 10, cap_fte, pop / 100 + 1, t < 9 ? "," : "");
  }
  snprintf(text + k, cap - (size_t)k, ");\n");
  return text;
}

static double peak_mb(void) {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return (double)ru.ru_maxrss / 1024.0;
}

/* One run of one replication: seconds, or a negative value on error (message in e). */
static double time_model(const mdl_scenario *s, int threads, sim_errs *e) {
  sim_scenario_run run;
  if (sim_run_scenario(s, threads, 1, NULL, NULL, &run, e) != SIM_OK) return -1;
  double wall = run.wall;
  sim_scenario_run_free(&run);
  return wall;
}

int sim_cmd_bench(const sim_cli *c) {
  sim_errs e;
  sim_errs_init(&e);
  int horizons[SIM_CLI_MAX_LIST], nhorizons = 0;
  for (int i = 0; i < c->bench_nmonths; i++) horizons[nhorizons++] = (int)c->bench_months[i];
  if (nhorizons == 0) horizons[nhorizons++] = 120;
  int threads = c->threads > 0 ? c->threads : omp_get_max_threads();
  size_t sizes[SIM_CLI_MAX_LIST];
  int nsizes = 0;
  for (int i = 0; i < c->bench_nagents; i++) sizes[nsizes++] = (size_t)c->bench_agents[i];
  if (nsizes == 0) sizes[nsizes++] = 10000000;
  printf("tzsim bench %s (git %s, %s build, flags: %s)\n", TZSIM_VERSION, TZSIM_GIT_REV, TZSIM_BUILD_TYPE,
         TZSIM_C_FLAGS);
  printf("reference model, program and counterfactual arms, synthetic population of 10 territories, 1 replication\n");
  printf("random words: Philox4x32-10, %s path (TZSIM_RNG_SIMD=scalar|avx2|avx512 forces one)\n", sim_rng_batch_impl());
  printf("agent-months/s counts both arms (2 x agents x months per second)\n\n");
  /* --engine E (an override "engine=..." among the sets) times only that engine. */
  int engines[2] = {MDL_ENGINE_MONTHLY, MDL_ENGINE_SCHEDULED}, nengines = 2;
  for (int i = 0; i < c->nsets; i++)
    if (!strncmp(c->sets[i], "engine=", 7)) {
      engines[0] = strstr(c->sets[i], "scheduled") ? MDL_ENGINE_SCHEDULED : MDL_ENGINE_MONTHLY;
      nengines = 1;
    }
  printf("%12s %7s %8s %10s %9s %16s %12s %10s %10s %8s\n", "agents", "months", "threads", "engine", "seconds",
         "agent-months/s", "bytes/agent", "peak MB", "ideal/s", "passed");
  sim_install_signals();
  for (int k = 0; k < nsizes * nhorizons; k++) {
    int months = horizons[k % nhorizons];
    size_t agents = sizes[k / nhorizons];
    char *text = synthetic_scenario(agents, months);
    mdl_scenario s;
    if (!text || mdl_scenario_load(NULL, text, "bench", NULL, 0, &s, &e) != SIM_OK) {
      free(text);
      return sim_report(&e, SIM_EPARAM);
    }
    free(text);
    s.engine = engines[nengines - 1]; /* the memory check of the larger engine */
    sim_status st = sim_check_memory(&s, "bench", &e);
    if (st != SIM_OK) {
      mdl_scenario_free(&s);
      return sim_report(&e, st);
    }
    int tlist[2] = {1, threads};
    double secs[2][2] = {{0, 0}, {0, 0}};
    for (int j = 0; j < (threads > 1 ? 2 : 1); j++) {
      double ideal = ideal_kernel(agents, months, tlist[j]);
      for (int g = 0; g < nengines; g++) {
        s.engine = engines[g];
        /* agent state + its queue slot (+ the wake month of the scheduled engine) */
        double bytes = (double)mdl_pop_bytes_per_agent() + 6.0 + (s.engine == MDL_ENGINE_SCHEDULED ? 2.0 : 0.0);
        unsigned long long visited, slots;
        mdl_labour_sched_visits(&visited, &slots, 1);
        double t = time_model(&s, tlist[j], &e);
        if (t < 0) {
          mdl_scenario_free(&s);
          return sim_report(&e, sim_stop_requested ? SIM_EINTR : SIM_ENOMEM);
        }
        secs[g][j] = t;
        mdl_labour_sched_visits(&visited, &slots, 1);
        char passed[16] = "100%";
        if (s.engine == MDL_ENGINE_SCHEDULED)
          snprintf(passed, sizeof passed, "%.1f%%", slots ? 100.0 * (double)visited / (double)slots : 0.0);
        printf("%12zu %7d %8d %10s %9.2f %16.3e %12.1f %10.0f %10.3e %8s\n", agents, months, tlist[j],
               s.engine == MDL_ENGINE_SCHEDULED ? "scheduled" : "monthly", t, 2.0 * (double)agents * months / t, bytes,
               peak_mb(), ideal, passed);
        (void)fflush(stdout); /* progress only: a failed flush loses nothing */
      }
    }
    for (int g = 0; g < nengines; g++)
      if (threads > 1)
        printf("%12s %s: speed-up from 1 to %d threads: %.2f\n", "",
               engines[g] == MDL_ENGINE_SCHEDULED ? "scheduled" : "monthly", threads, secs[g][0] / secs[g][1]);
    if (nengines == 2)
      for (int j = 0; j < (threads > 1 ? 2 : 1); j++)
        printf("%12s scheduled over monthly at %d thread(s): %.2f\n", "", tlist[j], secs[0][j] / secs[1][j]);
    mdl_scenario_free(&s);
  }
  printf("\nideal/s: agent-months per second of the ideal kernel (one arm, a few bytes of state per agent, one\n"
         "draw and one table look-up per agent-month: the ceiling of a monthly pass), run on the same agents and "
         "threads.\n"
         "bytes/agent: agent state of both arms plus the agent's queue slot (scheduled: plus its wake month);\n"
         "peak MB: the process's peak resident memory. passed: the share of active agent-months\n"
         "the pass visited (the scheduled engine skips the employed between their events).\n");
  sim_errs_destroy(&e);
  return 0;
}
