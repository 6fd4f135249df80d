/* cmd_common.c: what the commands share: signals, exit codes, loading, running and writing a scenario. */
#include <gsl/gsl_errno.h>
#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "models/report.h"
#include "models/sweep_spec.h"
#include "sim/calendar.h"
#include "app/commands.h"
#include "sim/embedded.h"
#include "sim/hash.h"
#include "app/mpi_run.h"
#include "app/scenario_path.h"
#include "sim/threads.h"
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

double sim_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

void sim_output_folder(const sim_cli *c, const char *prefix, const char *name, const char *suffix, char *out, size_t n) {
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
  if (!path) return mdl_scenario_load(NULL, (const char *)sim_embedded_pilots, sim_scenario_label(NULL), sets, nsets, s, e);
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

/* ---- running ---- */

typedef struct {
  double started, last;
  int show;
} progress_state;

static void progress(void *arg, uint32_t rep, uint32_t reps, int step, int steps) {
  progress_state *p = arg;
  double t = sim_now();
  if (!p->show || t - p->started < 1.0 || (t - p->last < 0.2 && step < steps)) return;
  p->last = t;
  fprintf(stderr, "\r  replication %u/%u, month %d/%d, %.1f s ", rep + 1, reps, step, steps, t - p->started);
  (void)fflush(stderr); /* the progress line only */
}

sim_status sim_precision_parse(const char *text, sim_precision *p, sim_errs *e) {
  memset(p, 0, sizeof *p);
  if (!text) return SIM_OK;
  const char *eq = strchr(text, '=');
  size_t n = (size_t)(eq - text);
  for (int k = 0; k < MDL_H_COUNT; k++)
    if (strlen(mdl_figures[k].name) == n && strncmp(mdl_figures[k].name, text, n) == 0) p->figure = mdl_figures[k].name;
  if (!p->figure) {
    sim_errs_add(e, "command line", 0, "--precision", "'%.*s' is not a headline figure (expected a key of summary.json, e.g. net_cost_per_fte_year_net_eur)",
                 (int)n, text);
    return SIM_EPARAM;
  }
  p->rel = strtod(eq + 1, NULL);
  p->max_reps = 1000;
  return SIM_OK;
}

static int figure_index(const char *name) {
  for (int k = 0; k < MDL_H_COUNT; k++)
    if (!strcmp(mdl_figures[k].name, name)) return k;
  return -1;
}

/* Relative half-width of the figure for the total, or +inf while it cannot be judged. */
static double relative_halfwidth(const sim_scenario_run *run, int k) {
  sim_stats_ci *ci = sim_summary_of(run);
  if (!ci) return (double)INFINITY;
  const sim_stats_ci *c = &ci[(size_t)run->layout.total_group * (size_t)run->layout.n_figures + (size_t)k];
  double rel = (c->n >= 2 && c->mean != 0.0 && isfinite(c->mean)) ? (c->hi - c->lo) / 2.0 / fabs(c->mean) : (double)INFINITY;
  free(ci);
  return rel;
}

/* The start of every run: the threads checked (exit 5 rather than libgomp's exit 1) and the exit
 * guard armed, then the world built. On failure nothing is left armed or allocated; on success the
 * caller disarms the guard when its parallel work is over. */
static sim_status run_begin(const mdl_scenario *s, int threads, sim_scenario_run *run, sim_errs *e) {
  memset(run, 0, sizeof *run);
  run->threads = threads > 0 ? threads : omp_get_max_threads();
  sim_status st = sim_threads_check(run->threads, e);
  if (st != SIM_OK) return st;
  sim_threads_guard_arm(run->threads);
  st = mdl_world_alloc(&run->world, s, e);
  if (st != SIM_OK) {
    sim_threads_guard_disarm();
    return st;
  }
  run->model = mdl_world_model(run->world);
  run->layout = mdl_world_layout(run->world);
  mdl_world_set_threads(run->world, run->threads);
  return SIM_OK;
}

sim_status sim_run_scenario(const mdl_scenario *s, int threads, int quiet, sim_precision *p, const sim_run_hooks *hooks,
                            sim_scenario_run *run, sim_errs *e) {
  sim_status st = run_begin(s, threads, run, e);
  if (st != SIM_OK) return st;
  progress_state ps = {sim_now(), 0, !quiet && isatty(2)};
  sim_run_opts o = {.replications = (uint32_t)s->replications, .threads = run->threads, .progress = progress,
                    .progress_arg = &ps, .stop = &sim_stop_requested};
  if (hooks) {
    o.checkpoint_step = hooks->checkpoint_step;
    o.checkpoint_file = hooks->checkpoint_file;
    o.resume_step = hooks->resume_step;
    o.resume_file = hooks->resume_file;
    o.snapshot = hooks->snapshot;
    o.restore = hooks->restore;
    o.snapshot_arg = o.restore_arg = hooks->snapshot_arg;
  }
  double t0 = sim_now();
  st = sim_engine_run(&run->model, &o, &run->result, e);
  /* A continued run did not compute the months before the checkpoint: they come from it. */
  if (st == SIM_OK && hooks && hooks->resume_step > 0 && hooks->resume_reported > 0)
    memcpy(run->result.monthly, hooks->resume_acc,
           (size_t)hooks->resume_reported * run->result.out_width * sizeof *run->result.monthly);
  /* --precision: add blocks of replications (the next replication numbers, so the result is the
   * same as a run with that many replications from the start) until the target is met. */
  if (st == SIM_OK && p && p->figure) {
    int k = figure_index(p->figure);
    p->block = (uint32_t)(s->replications >= 2 ? s->replications : 10);
    for (;;) {
      p->achieved = relative_halfwidth(run, k);
      p->reached = p->achieved <= p->rel;
      if (p->reached || run->result.replications >= p->max_reps) break;
      uint32_t more = p->block;
      if (run->result.replications + more > p->max_reps) more = p->max_reps - run->result.replications;
      sim_run_opts ox = o;
      ox.first_replication = run->result.replications;
      ox.replications = more;
      st = sim_engine_extend(&run->model, &ox, &run->result, e);
      if (st != SIM_OK) break;
    }
  }
  run->wall = sim_now() - t0;
  sim_threads_guard_disarm();
  if (ps.show && run->wall >= 1.0) fputc('\n', stderr);
  if (st == SIM_EINTR)
    sim_errs_add(e, NULL, 0, NULL, "tzsim: interrupted by signal %d; nothing was written", (int)sim_stop_requested);
  if (st != SIM_OK) sim_scenario_run_free(run);
  return st;
}

typedef struct {
  double *rows, *extras;
  size_t steps;
  uint32_t first;
} row_sink;

static void keep_row(void *arg, uint32_t rep, int step, const double *row, size_t width) {
  row_sink *k = arg;
  memcpy(k->rows + ((size_t)(rep - k->first) * k->steps + (size_t)step) * width, row, width * sizeof *row);
}

static void keep_extra(void *arg, uint32_t rep, const double *extra, size_t width) {
  row_sink *k = arg;
  memcpy(k->extras + (size_t)(rep - k->first) * width, extra, width * sizeof *extra);
}

sim_status sim_run_slice(const mdl_scenario *s, int threads, int quiet, uint32_t first, uint32_t count,
                         sim_scenario_run *run, sim_errs *e) {
  sim_status st = run_begin(s, threads, run, e);
  if (st != SIM_OK) return st;
  run->first = first;
  size_t steps = (size_t)(run->model.steps - run->model.first_reported);
  run->rows = malloc(((size_t)count * steps * run->model.out_width + 1) * sizeof *run->rows);
  run->extras = malloc(((size_t)count * run->model.extra_width + 1) * sizeof *run->extras);
  if (!run->rows || !run->extras) {
    sim_errs_add(e, NULL, 0, NULL, "out of memory for the rows of %u replications", count);
    sim_threads_guard_disarm();
    sim_scenario_run_free(run);
    return SIM_ENOMEM;
  }
  row_sink sink = {run->rows, run->extras, steps, first};
  progress_state ps = {sim_now(), 0, !quiet && isatty(2)};
  sim_run_opts o = {.first_replication = first, .replications = count, .threads = run->threads, .progress = progress,
                    .progress_arg = &ps, .stop = &sim_stop_requested, .on_row = keep_row, .row_arg = &sink,
                    .on_extra = keep_extra, .extra_arg = &sink};
  double t0 = sim_now();
  st = sim_engine_run(&run->model, &o, &run->result, e);
  run->wall = sim_now() - t0;
  sim_threads_guard_disarm();
  if (ps.show && run->wall >= 1.0) fputc('\n', stderr);
  if (st == SIM_EINTR)
    sim_errs_add(e, NULL, 0, NULL, "tzsim: interrupted by signal %d; nothing was written", (int)sim_stop_requested);
  if (st != SIM_OK) sim_scenario_run_free(run);
  return st;
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
                   "note", "Monte Carlo error only (95% t interval over replications); parameter uncertainty is not included");
}

static sim_status write_manifest(FILE *f, const mdl_scenario *s, const sim_scenario_run *run, const sim_precision *p,
                                 const char *file, uint64_t hash, int argc, char **argv, sim_errs *e) {
  char when[64] = "unknown", hex[17];
  time_t t = time(NULL);
  struct tm utc;
  if (!gmtime_r(&t, &utc) || strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &utc) == 0) snprintf(when, sizeof when, "unknown");
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
                        (json_int_t)s->seed, "replications", (json_int_t)run->result.replications, "threads", run->threads,
                        "mpi_ranks", sim_mpi_size());
  if (p && p->figure) m = sim_json_put(m, "precision", manifest_precision(p));
  /* Whole agents; the wall time to the millisecond (a real: its 17 digits are those of the rounded value). */
  m = sim_json_put(m, "agents", json_integer((json_int_t)llround(mdl_world_agents(s))));
  m = sim_json_put(m, "wall_time_s", json_real(round(run->wall * 1000.0) / 1000.0));
  m = sim_json_put(m, "finished_utc", json_string(when));
  m = sim_json_put(m, "rng", json_string("philox4x32-10, key = splitmix64(seed, replication), counter = (agent, month, purpose, extra)"));
  json_t *cmd = json_array();
  for (int i = 0; i < argc; i++) cmd = sim_json_push(cmd, sim_json_text(argv[i]));
  m = sim_json_put(m, "command", cmd);
  return sim_json_write(f, m, "run.json", e);
}

/* One file of the result: open, fill, check. */
#define WRITE_FILE(name, body)                                                   \
  do {                                                                           \
    char path_[4096];                                                            \
    snprintf(path_, sizeof path_, "%s%s", prefix, name);                         \
    FILE *f_ = sim_outdir_open(dir, path_, e);                                   \
    if (!f_) {                                                                   \
      st = SIM_EIO;                                                              \
      goto done;                                                                 \
    }                                                                            \
    sim_status w_ = body;                                                        \
    sim_status c_ = sim_outdir_close(dir, f_, path_, e);                         \
    st = w_ != SIM_OK ? w_ : c_;                                                 \
    if (st != SIM_OK) goto done;                                                 \
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
  WRITE_FILE("summary.json", sim_write_summary_json(f_, &run->layout, ci, s.name, (uint64_t)s.seed, run->result.replications, e));
  WRITE_FILE("summary.csv", sim_write_summary_csv(f_, &run->layout, ci));
  WRITE_FILE("cohorts.csv", mdl_world_write_cohorts(f_, run->world, &run->result));
  WRITE_FILE("run.json", write_manifest(f_, &s, run, p, scenario_file, hash, argc, argv, e));
done:
  free(ci);
  free(resolved);
  return st;
}

/* ---- the terminal tables (run, compare): at most 100 columns, numbers for people ---- */

/* English number formats. Another language's formats (plots/i18n.c) replace this one function. */
static void fmt_grouped(char *buf, size_t n, double v, int dec) {
  char raw[64];
  snprintf(raw, sizeof raw, "%.*f", dec, fabs(v));
  const char *dot = strchr(raw, '.');
  size_t intlen = dot ? (size_t)(dot - raw) : strlen(raw), k = 0;
  /* no "-0" for a value that rounds to zero */
  if (v < 0 && strspn(raw, "0.") != strlen(raw)) buf[k++] = '-';
  for (size_t i = 0; i < intlen && k + 2 < n; i++) {
    buf[k++] = raw[i];
    size_t left = intlen - i - 1;
    if (left > 0 && left % 3 == 0) buf[k++] = ',';
  }
  for (const char *d = dot; d && *d && k + 1 < n; d++) buf[k++] = *d;
  buf[k] = '\0';
}

void sim_tty_number(char *buf, size_t n, double v, const char *unit) {
  if (!isfinite(v)) {
    snprintf(buf, n, "n/a");
    return;
  }
  if (strncmp(unit, "EUR", 3) == 0) { /* money: euros, millions when large */
    char num[64];
    int millions = fabs(v) >= 1e6;
    fmt_grouped(num, sizeof num, millions ? v / 1e6 : v, millions ? 1 : 0);
    snprintf(buf, n, "%s %s", num, millions ? "M€" : "€");
  } else if (!strcmp(unit, "persons")) { /* counts: whole people */
    fmt_grouped(buf, n, v, 0);
  } else if (!strcmp(unit, "-")) { /* ratios and shares */
    fmt_grouped(buf, n, v, fabs(v) < 10 ? 3 : 1);
  } else { /* FTE, FTE-years, person-years, months */
    fmt_grouped(buf, n, v, 1);
  }
}

/* "[lo, hi]"; "—" without an interval (one replication). */
static void tty_interval(char *buf, size_t n, const sim_stats_ci *c, const char *unit) {
  if (c->n < 2 || !isfinite(c->lo) || !isfinite(c->hi)) {
    snprintf(buf, n, "—");
    return;
  }
  char lo[48], hi[48];
  sim_tty_number(lo, sizeof lo, c->lo, unit);
  sim_tty_number(hi, sizeof hi, c->hi, unit);
  snprintf(buf, n, "[%s, %s]", lo, hi);
}

/* Columns a UTF-8 text takes (one per character: the tables hold no wide characters). */
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

void sim_tty_row(const char *label, int label_width, const sim_stats_ci *c, const char *unit) {
  char value[64], interval[120];
  if (c->n == 0) {
    snprintf(value, sizeof value, "not reached");
    snprintf(interval, sizeof interval, "(in none of the replications)");
  } else {
    sim_tty_number(value, sizeof value, c->mean, unit);
    tty_interval(interval, sizeof interval, c, unit);
  }
  printf("  ");
  put_padded(label, label_width, 0);
  printf(" ");
  put_padded(value, 13, 1);
  printf("  %s\n", interval);
}

const int sim_headline_figures[SIM_N_HEADLINE] = {
    MDL_H_EBE_HEADCOUNT, MDL_H_EBE_FTE, MDL_H_PPDE_REDUCTION, MDL_H_PUBLIC_FUNDING, MDL_H_AVOIDED_GROSS, MDL_H_AVOIDED_NET,
    MDL_H_NET_COST_PER_FTE_YEAR_GROSS, MDL_H_NET_COST_PER_FTE_YEAR_NET, MDL_H_NET_COST_PER_PERSON_OUT,
    MDL_H_AVOIDED_NET_PER_FTE_YEAR, MDL_H_PREMISE_NET_PER_FTE_YEAR, MDL_H_NET_COST_PER_FTE_YEAR_PREMISE, MDL_H_RATIO_NET,
    MDL_H_MONTHS_TO_EMPTY_QUEUE};

void sim_tty_interval_note(uint32_t replications) {
  if (replications < 2)
    printf("  — no interval with 1 replication (n/a): run with -r 2 or more for 95%% intervals\n");
  else
    printf("  [lo, hi]: 95%% interval over the %u replications (Monte Carlo error only)\n", replications);
}

void sim_print_headline(const mdl_scenario *s, const sim_scenario_run *run, const char *outdir) {
  sim_stats_ci *ci = sim_summary_of(run);
  if (!ci) return;
  const sim_stats_ci *tot = ci + (size_t)run->layout.total_group * (size_t)run->layout.n_figures;
  char from[8], to[8], name[64];
  sim_cal_format(s->start, from);
  sim_cal_format(s->start + (int32_t)s->months - 1, to);
  /* Three short lines rather than one long: a name, a calendar and a folder can each be long. */
  printf("%s: %u replication%s, %d territories\n", sim_errs_clip(SIM_TTY(s->name), name, sizeof name), run->result.replications,
         run->result.replications == 1 ? "" : "s", s->n_territories);
  printf("  %s to %s (%lld months), seed %lld, %.1f s on %d thread(s)\n", from, to, (long long)s->months, (long long)s->seed,
         run->wall, run->threads);
  printf("  -> %s\n", outdir);
  printf("  %-36s %13s  %s\n", "total of the territories", "mean", "95% interval");
  for (int i = 0; i < SIM_N_HEADLINE; i++)
    sim_tty_row(mdl_figures[sim_headline_figures[i]].name, 36, &tot[sim_headline_figures[i]],
                mdl_figures[sim_headline_figures[i]].unit);
  sim_tty_interval_note(run->result.replications);
  printf("  every figure, per territory, with its unit: summary.csv and summary.json\n");
  free(ci);
}
