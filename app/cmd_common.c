/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cmd_common.c: what the commands share: signals, exit codes, loading, running and writing a scenario. */
#include <gsl/gsl_errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "models/report.h"
#include "plots/i18n.h"
#include "models/sweep_spec.h"
#include "sim/calendar.h"
#include "app/commands.h"
#include "sim/embedded.h"
#include "sim/hash.h"
#include "app/mpi_run.h"
#include "app/scenario_path.h"
#include "version.h"

volatile sig_atomic_t sim_stop_requested = 0;
static void on_signal(int sig) { sim_stop_requested = sig; }

void sim_install_signals(void) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_signal;
  sigaction(SIGINT, &sa, NULL);
  sigaction(SIGTERM, &sa, NULL);
  /* A file-size limit must give a write error we can report, not kill us mid-write. */
  (void)signal(SIGXFSZ, SIG_IGN); /* cannot fail for a valid signal number */
}

int sim_exit_code(sim_status st) {
  switch (st) {
  case SIM_OK: return 0;
  case SIM_EPARAM: return 2;
  case SIM_EEXIST: return 3;
  case SIM_EIO: return 4;
  case SIM_ENOMEM: return 5;
  case SIM_EINTR: return 130;
  }
  return 1;
}

int sim_report(sim_errs *e, sim_status st) {
  /* Every problem is reported once (compare loads each scenario with the same --set), up to a
   * screenful: a generated file can make thousands. */
  size_t shown = 0;
  for (size_t i = 0; i < e->count; i++) {
    int again = 0;
    for (size_t j = 0; j < i && j < 200 && !again; j++) again = strcmp(e->msg[i], e->msg[j]) == 0;
    if (again) continue;
    if (shown == 200) {
      fprintf(stderr, "tzsim: ... and more problems like these (%zu messages in all)\n", e->count);
      break;
    }
    fprintf(stderr, "%s\n", e->msg[i]);
    shown++;
  }
  sim_errs_destroy(e);
  return sim_exit_code(st);
}

void sim_output_folder(const sim_cli *c, const char *prefix, const char *name, const char *suffix, char *out,
                       size_t n) {
  if (c->outdir) {
    snprintf(out, n, "%s", c->outdir);
    return;
  }
  char safe[256];
  sim_safe_name(name, safe, sizeof safe);
  snprintf(out, n, "results/%s%s%s", prefix, safe, suffix);
}

const char *sim_scenario_label(const char *path) { return path ? path : "pilots.cfg (built in)"; }

sim_status sim_load_scenario(const char *path, const char *const *sets, int nsets, mdl_scenario *s, sim_errs *e) {
  if (!path)
    return mdl_scenario_load(NULL, (const char *)sim_embedded_pilots, sim_scenario_label(NULL), sets, nsets, s, e);
  if (sim_scenario_unfound(path, e)) return SIM_EPARAM; /* a bare name that is no file nor shipped scenario */
  sim_status st = mdl_scenario_load(path, NULL, NULL, sets, nsets, s, e);
  /* The file's sweep and calibrate blocks are checked too (models/sweep_spec.c), so that check and
   * every command report their problems. Only once the scenario loaded: the blocks are read by
   * parsing the file again, which must not happen to a file the loader refused (libconfig can
   * exit on some malformed files before the loader's own checks). */
  if (st == SIM_OK) {
    sim_status bs = mdl_study_check(path, s, e);
    if (bs != SIM_OK) {
      mdl_scenario_free(s);
      st = bs;
    }
  }
  return st;
}

/* Bytes of memory this machine can give: MemAvailable, else physical memory. */
static double available_bytes(void) {
  FILE *f = fopen("/proc/meminfo", "r");
  if (f) {
    char line[256];
    long long kb;
    while (fgets(line, sizeof line, f))
      if (sscanf(line, "MemAvailable: %lld kB", &kb) == 1) { // NOLINT(cert-err34-c): a kernel-written number
        (void)fclose(f);
        return (double)kb * 1024.0;
      }
    (void)fclose(f);
  }
  return (double)sysconf(_SC_PHYS_PAGES) * (double)sysconf(_SC_PAGESIZE);
}

sim_status sim_check_memory(const mdl_scenario *s, const char *file, sim_errs *e) {
  double need = mdl_world_bytes(s), have = available_bytes();
  if (need > 0.9 * have) {
    sim_errs_add(e, file, 0, "scale",
                 "the run needs about %.1f GB and %.1f GB are available (expected a larger scale or fewer territories)",
                 need / 1e9, have / 1e9);
    return SIM_ENOMEM;
  }
  return SIM_OK;
}

/* ---- running: the TZCLD glue of sim/runner.h ---- */

sim_status sim_precision_parse(const char *text, sim_precision *p, sim_errs *e) {
  memset(p, 0, sizeof *p);
  if (!text) return SIM_OK;
  const char *eq = strchr(text, '=');
  size_t n = (size_t)(eq - text);
  for (int k = 0; k < MDL_H_COUNT; k++)
    if (strlen(mdl_figures[k].name) == n && strncmp(mdl_figures[k].name, text, n) == 0) p->figure = mdl_figures[k].name;
  if (!p->figure) {
    sim_errs_add(e, "command line", 0, "--precision",
                 "'%.*s' is not a headline figure (expected a key of summary.json, e.g. net_cost_per_fte_year_net_eur)",
                 (int)n, text);
    return SIM_EPARAM;
  }
  p->rel = strtod(eq + 1, NULL);
  p->max_reps = 1000;
  return SIM_OK;
}

/* The start of every run: the threads checked and the exit guard armed (sim_runner_begin), then
 * the world built. On failure nothing is left armed or allocated; on success the runner disarms
 * the guard when its parallel work is over. */
static sim_status run_begin(const mdl_scenario *s, int threads, int quiet, sim_scenario_run *run, sim_runner *cfg,
                            sim_errs *e) {
  memset(run, 0, sizeof *run);
  sim_status st = sim_runner_begin(threads, &run->threads, e);
  if (st != SIM_OK) return st;
  st = mdl_world_alloc(&run->world, s, e);
  if (st != SIM_OK) {
    sim_runner_end();
    return st;
  }
  run->model = mdl_world_model(run->world);
  run->layout = mdl_world_layout(run->world);
  mdl_world_set_threads(run->world, run->threads);
  *cfg = (sim_runner){.threads = run->threads, .quiet = quiet, .stop = &sim_stop_requested, .layout = &run->layout};
  return SIM_OK;
}

/* The runner's replications become the run's (its world stays); on failure the world goes too. */
static sim_status run_take(sim_scenario_run *run, sim_replicas *r, sim_status st) {
  if (st != SIM_OK) {
    sim_scenario_run_free(run);
    return st;
  }
  run->result = r->result;
  run->wall = r->wall;
  run->first = r->first;
  run->rows = r->rows;
  run->extras = r->extras;
  return SIM_OK;
}

sim_status sim_run_scenario(const mdl_scenario *s, int threads, int quiet, sim_precision *p, const sim_run_hooks *hooks,
                            sim_scenario_run *run, sim_errs *e) {
  sim_runner cfg;
  sim_status st = run_begin(s, threads, quiet, run, &cfg, e);
  if (st != SIM_OK) return st;
  sim_replicas r;
  st = sim_runner_run(&run->model, &cfg, (uint32_t)s->replications, p, hooks, &r, e);
  return run_take(run, &r, st);
}

sim_status sim_run_slice(const mdl_scenario *s, int threads, int quiet, uint32_t first, uint32_t count,
                         sim_scenario_run *run, sim_errs *e) {
  sim_runner cfg;
  sim_status st = run_begin(s, threads, quiet, run, &cfg, e);
  if (st != SIM_OK) return st;
  sim_replicas r;
  st = sim_runner_slice(&run->model, &cfg, first, count, &r, e);
  return run_take(run, &r, st);
}

void sim_scenario_run_free(sim_scenario_run *run) {
  free(run->rows);
  free(run->extras);
  sim_run_result_free(&run->result);
  mdl_world_free(run->world);
  memset(run, 0, sizeof *run);
}

sim_stats_ci *sim_summary_of(const sim_scenario_run *run) {
  const sim_layout *l = &run->layout;
  sim_stats_ci *ci = calloc((size_t)l->n_groups * (size_t)l->n_figures, sizeof *ci);
  if (ci) sim_summarise(l, &run->result, ci);
  return ci;
}

/* ---- writing ---- */

static json_t *manifest_precision(const sim_precision *p) {
  return json_pack("{s:o, s:f, s:o, s:b, s:I, s:I, s:s}", "figure", sim_json_text(p->figure),
                   "target_relative_halfwidth", p->rel, "achieved_relative_halfwidth", sim_json_num(p->achieved),
                   "reached", p->reached, "max_replications", (json_int_t)p->max_reps, "block", (json_int_t)p->block,
                   "note",
                   "Monte Carlo error only (95% t interval over replications); parameter uncertainty is not included");
}

static sim_status write_manifest(FILE *f, const mdl_scenario *s, const sim_scenario_run *run, const sim_precision *p,
                                 const char *file, uint64_t hash, int argc, char **argv, sim_errs *e) {
  char when[64] = "unknown", hex[17];
  time_t t = time(NULL);
  struct tm utc;
  if (!gmtime_r(&t, &utc) || strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &utc) == 0)
    snprintf(when, sizeof when, "unknown");
  snprintf(hex, sizeof hex, "%016llx", (unsigned long long)hash);
#ifdef __VERSION__
  const char *compiler = __VERSION__;
#else
  const char *compiler = "unknown";
#endif
  json_t *m = json_pack("{s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:s, s:I, s:I, s:i, s:i}", "tool", "tzsim", "version",
                        TZSIM_VERSION, "git_revision", TZSIM_GIT_REV, "compiler", sim_json_text(compiler), "build_type",
                        sim_json_text(TZSIM_BUILD_TYPE), "c_flags", sim_json_text(TZSIM_C_FLAGS), "scenario",
                        sim_json_text(s->name), "scenario_file", sim_json_text(file), "scenario_fnv1a64", hex, "seed",
                        (json_int_t)s->seed, "replications", (json_int_t)run->result.replications, "threads",
                        run->threads, "mpi_ranks", sim_mpi_size());
  if (p && p->figure) m = sim_json_put(m, "precision", manifest_precision(p));
  /* Whole agents; the wall time to the millisecond (a real: its 17 digits are those of the rounded value). */
  m = sim_json_put(m, "agents", json_integer((json_int_t)llround(mdl_world_agents(s))));
  m = sim_json_put(m, "wall_time_s", json_real(round(run->wall * 1000.0) / 1000.0));
  m = sim_json_put(m, "finished_utc", json_string(when));
  if (run->has_shards_wall) /* merge: the sum of the shards' own wall times */
    m = sim_json_put(m, "shards_wall_time_s", json_real(round(run->shards_wall * 1000.0) / 1000.0));
  m = sim_json_put(m, "rng",
                   json_string(
                       "philox4x32-10, key = splitmix64(seed, replication), counter = (agent, month, purpose, extra)"));
  json_t *cmd = json_array();
  for (int i = 0; i < argc; i++) cmd = sim_json_push(cmd, sim_json_text(argv[i]));
  m = sim_json_put(m, "command", cmd);
  return sim_json_write(f, m, "run.json", e);
}

/* One file of the result: open, fill, check. */
#define WRITE_FILE(name, body)                                                                                         \
  do {                                                                                                                 \
    char path_[4096];                                                                                                  \
    snprintf(path_, sizeof path_, "%s%s", prefix, name);                                                               \
    SIM_WRITE_FILE(dir, path_, e, body);                                                                               \
  } while (0)

char *sim_resolved_text(const mdl_scenario *s_in, uint32_t replications, size_t *len, uint64_t *hash) {
  mdl_scenario s = *s_in;
  s.replications = replications;
  char *text = NULL;
  FILE *mem = open_memstream(&text, len);
  if (!mem) return NULL;
  int bad = mdl_scenario_write(mem, &s) != 0;
  if (fclose(mem) != 0 || bad) {
    free(text);
    return NULL;
  }
  *hash = sim_fnv1a(SIM_FNV1A_INIT, text, *len); /* identifies the resolved scenario in the manifest */
  return text;
}

sim_status sim_write_result(sim_outdir *dir, const char *prefix, const mdl_scenario *s_in, const sim_scenario_run *run,
                            const sim_precision *p, const char *scenario_file, int argc, char **argv, sim_errs *e) {
  sim_status st = SIM_OK;
  size_t resolved_len = 0;
  uint64_t hash = 0;
  sim_stats_ci *ci = sim_summary_of(run);
  /* The resolved scenario records the replications actually run (--precision may add some), so
   * rerunning it reproduces this result. */
  mdl_scenario s = *s_in;
  s.replications = run->result.replications;
  char *resolved = sim_resolved_text(&s, run->result.replications, &resolved_len, &hash);
  if (!ci || !resolved) {
    sim_errs_add(e, NULL, 0, NULL, "out of memory while writing the result");
    st = SIM_ENOMEM;
    goto done;
  }
  if (prefix[0]) {
    char sub[8200];
    snprintf(sub, sizeof sub, "%s/%s", dir->tmp, prefix);
    for (char *q = sub + strlen(dir->tmp) + 1; *q; q++)
      if (*q == '/') {
        *q = '\0';
        mkdir(sub, 0777);
        *q = '/';
      }
  }
  WRITE_FILE("scenario.cfg", (fwrite(resolved, 1, resolved_len, f_) == resolved_len ? SIM_OK : SIM_EIO));
  WRITE_FILE("monthly.csv", sim_write_monthly_csv(f_, &run->layout, &run->result));
  WRITE_FILE("summary.json",
             sim_write_summary_json(f_, &run->layout, ci, s.name, (uint64_t)s.seed, run->result.replications, e));
  WRITE_FILE("summary.csv", sim_write_summary_csv(f_, &run->layout, ci));
  WRITE_FILE("cohorts.csv", mdl_world_write_cohorts(f_, run->world, &run->result));
  WRITE_FILE("run.json", write_manifest(f_, &s, run, p, scenario_file, hash, argc, argv, e));
done:
  free(ci);
  free(resolved);
  return st;
}

/* ---- the terminal tables (run, compare, merge): at most 100 columns, numbers for people ---- */

void sim_tty_number(plt_lang l, char *buf, size_t n, double v, const char *unit) {
  if (!isfinite(v)) {
    snprintf(buf, n, "%s", plt_tr(l, "n/a", "n.d."));
    return;
  }
  if (strncmp(unit, "EUR", 3) == 0) /* money: euros, millions from a million */
    plt_fmt_money(l, buf, n, v);
  else if (!strcmp(unit, "persons")) /* counts: whole people */
    plt_fmt_count(l, buf, n, v);
  else if (!strcmp(unit, "-")) /* ratios and shares */
    plt_fmt_number(l, buf, n, v, fabs(v) < 10 ? 3 : 1);
  else /* FTE, FTE-years, person-years, months */
    plt_fmt_number(l, buf, n, v, 1);
}

/* "[lo, hi]" ("[lo ; hi]" in French, where the comma is the decimal mark); "—" without an interval.
 * Money bounds are in the mean's unit (M€ or €), so the two ends read alike. */
static void tty_interval(plt_lang l, char *buf, size_t n, const sim_stats_ci *c, const char *unit) {
  if (c->n < 2 || !isfinite(c->lo) || !isfinite(c->hi)) {
    snprintf(buf, n, "—");
    return;
  }
  char lo[64], hi[64];
  if (strncmp(unit, "EUR", 3) == 0) {
    void (*money)(plt_lang, char *, size_t, double) = fabs(c->mean) >= 1e6 ? plt_fmt_meur : plt_fmt_eur;
    money(l, lo, sizeof lo, c->lo);
    money(l, hi, sizeof hi, c->hi);
  } else {
    sim_tty_number(l, lo, sizeof lo, c->lo, unit);
    sim_tty_number(l, hi, sizeof hi, c->hi, unit);
  }
  snprintf(buf, n, "[%s%s %s]", lo, plt_tr(l, ",", " ;"), hi);
}

/* Columns a UTF-8 text takes (one per character: the tables hold no wide characters; "€" and the
 * no-break spaces of the numbers are several bytes but one column). */
int sim_tty_width(const char *s) {
  int w = 0;
  for (; *s; s++) w += ((unsigned char)*s & 0xC0) != 0x80;
  return w;
}

/* Text padded to width columns (right-aligned if right), counted in characters, not bytes. */
static void put_padded(const char *s, int width, int right) {
  int pad = width - sim_tty_width(s);
  if (right) printf("%*s", pad > 0 ? pad : 0, "");
  fputs(s, stdout);
  if (!right) printf("%*s", pad > 0 ? pad : 0, "");
}

void sim_tty_row(plt_lang l, const char *label, int label_width, const sim_stats_ci *c, const char *unit) {
  char value[80], interval[160];
  if (c->n == 0) {
    snprintf(value, sizeof value, "%s", plt_tr(l, "not reached", "non atteint"));
    snprintf(interval, sizeof interval, "%s", plt_tr(l, "(in none of the replications)", "(dans aucune réplication)"));
  } else {
    sim_tty_number(l, value, sizeof value, c->mean, unit);
    tty_interval(l, interval, sizeof interval, c, unit);
  }
  printf("  ");
  put_padded(label, label_width, 0);
  printf(" ");
  put_padded(value, 13, 1);
  printf("  %s\n", interval);
}

const int sim_headline_figures[SIM_N_HEADLINE] = {MDL_H_EBE_HEADCOUNT,
                                                  MDL_H_EBE_FTE,
                                                  MDL_H_PPDE_REDUCTION,
                                                  MDL_H_PUBLIC_FUNDING,
                                                  MDL_H_AVOIDED_GROSS,
                                                  MDL_H_AVOIDED_NET,
                                                  MDL_H_NET_COST_PER_FTE_YEAR_GROSS,
                                                  MDL_H_NET_COST_PER_FTE_YEAR_NET,
                                                  MDL_H_NET_COST_PER_PERSON_OUT,
                                                  MDL_H_AVOIDED_NET_PER_FTE_YEAR,
                                                  MDL_H_PREMISE_NET_PER_FTE_YEAR,
                                                  MDL_H_NET_COST_PER_FTE_YEAR_PREMISE,
                                                  MDL_H_RATIO_NET,
                                                  MDL_H_MONTHS_TO_EMPTY_QUEUE};

void sim_tty_interval_note(plt_lang l, uint32_t replications) {
  if (replications < 2)
    printf("%s\n",
           plt_tr(l, "  — no interval with 1 replication (n/a): run with -r 2 or more for 95% intervals",
                  "  — pas d'intervalle avec 1 réplication : lancer avec -r 2 ou plus pour les intervalles à 95 %"));
  else
    printf(plt_tr(l, "  [lo, hi]: 95%% interval over the %u replications (Monte Carlo error only)\n",
                  "  [bas ; haut] : intervalle à 95 %% sur les %u réplications (erreur de Monte-Carlo seule)\n"),
           replications);
}

void sim_print_headline(plt_lang l, const mdl_scenario *s, const sim_scenario_run *run, const char *outdir) {
  sim_stats_ci *ci = sim_summary_of(run);
  if (!ci) return;
  const sim_stats_ci *tot = ci + (size_t)run->layout.total_group * (size_t)run->layout.n_figures;
  char from[8], to[8], name[64], wall[64];
  sim_cal_format(s->start, from);
  sim_cal_format(s->start + (int32_t)s->months - 1, to);
  plt_fmt_number(l, wall, sizeof wall, run->wall, 1);
  uint32_t reps = run->result.replications;
  /* Three short lines rather than one long: a name, a calendar and a folder can each be long. */
  printf(plt_tr(l, "%s: %u replication%s, %d territories\n", "%s : %u réplication%s, %d territoires\n"),
         sim_errs_clip(SIM_TTY(s->name), name, sizeof name), reps, reps == 1 ? "" : "s", s->n_territories);
  printf(plt_tr(l, "  %s to %s (%lld months), seed %lld, %s s on %d thread(s)\n",
                "  %s à %s (%lld mois), graine %lld, %s s sur %d thread(s)\n"),
         from, to, (long long)s->months, (long long)s->seed, wall, run->threads);
  printf("  -> %s\n", outdir);
  printf("  ");
  put_padded(plt_tr(l, "total of the territories", "total des territoires"), 36, 0);
  printf(" ");
  put_padded(plt_tr(l, "mean", "moyenne"), 13, 1);
  printf("  %s\n", plt_tr(l, "95% interval", "intervalle à 95 %"));
  for (int i = 0; i < SIM_N_HEADLINE; i++)
    sim_tty_row(l, mdl_figures[sim_headline_figures[i]].name, 36, &tot[sim_headline_figures[i]],
                mdl_figures[sim_headline_figures[i]].unit);
  sim_tty_interval_note(l, reps);
  printf("%s\n", plt_tr(l, "  every figure, per territory, with its unit: summary.csv and summary.json",
                        "  chaque indicateur, par territoire, avec son unité : summary.csv et summary.json"));
  free(ci);
}
