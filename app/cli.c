/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cli.c: argument parsing with strict number checks (no atoi: "-r 5x" is an error, not 5), driven
 * by one table of commands and one of options, so every command refuses what it does not use. */
#include "app/cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "sim/calendar.h"
#include "sim/outdir.h"

/* Each command's own usage: printed by tzsim COMMAND --help, and all together by tzsim --help. */
static const char help_run[] =
    "  tzsim run [SCENARIO] [-o DIR] [-r REPLICATIONS] [-s SEED] [-t THREADS]\n"
    "            [--set KEY=VALUE]... [--precision FIGURE=REL [--max-replications N]]\n"
    "            [--plot] [--force] [--quiet]\n"
    "      Run a scenario (default: the 10 pilot territories, built in) and write\n"
    "      monthly.csv, summary.json, summary.csv, scenario.cfg and run.json to DIR\n"
    "      (default results/<scenario name>). An existing DIR is kept unless --force.\n"
    "  tzsim run SCENARIO --shard K/N -o DIR ...   and   tzsim merge DIR1 DIR2 ... -o DIR\n"
    "      Run the K-th of N slices of the replications (e.g. a SLURM array task), then combine\n"
    "      the slices into exactly the output of a single run.\n";
static const char help_compare[] =
    "  tzsim compare A.cfg B.cfg [C.cfg ...] [-o DIR] [-r N] [-s SEED] [-t THREADS]\n"
    "            [--set KEY=VALUE]... [--vary KEY=V1,V2,...] [--vary K1,K2=V1:W1,V2:W2,...]\n"
    "            [--common-months] [--precision FIGURE=REL] [--max-replications N]\n"
    "            [--plot] [--force] [--quiet]\n"
    "      Run scenarios with the same seed and replications (the first scenario's, or -s and -r;\n"
    "      a notice names any seed or count replaced) and write compare.csv and compare.json: each\n"
    "      headline figure per scenario and the paired differences with the first one.\n"
    "      Scenarios must cover the same calendar (start and months); --common-months runs them\n"
    "      all up to the last month they share (same start needed).\n";
static const char help_merge[] =
    "  tzsim merge DIR1 DIR2 ... -o DIR [--plot] [--lang en|fr] [--force] [--quiet]\n"
    "      Combine the shard folders of tzsim run --shard K/N into exactly the output of a\n"
    "      single run, and print its table; --plot then draws its figures and report.\n";
static const char help_bench[] =
    "  tzsim bench [--agents N[,N...]] [--months M[,M...]] [-t THREADS] [--engine E]\n"
    "      Speed and memory of both engines on a synthetic population, beside this machine's\n"
    "      ceiling measured in the same run (an ideal kernel: one random draw and one table\n"
    "      look-up per agent-month on a few bytes of state).\n";
static const char help_sweep[] =
    "  tzsim sweep SCENARIO [-o DIR] [-r N] [-s SEED] [-t THREADS] [--set KEY=VALUE]...\n"
    "            [--plot] [--force] [--quiet]\n"
    "      Sensitivity analysis from the scenario's sweep block (grid, lhs, sobol, morris):\n"
    "      sweep.csv (one row per point), indices.csv and sweep.json in DIR (default\n"
    "      results/sweep-<scenario name>); every point with the same seed and replications.\n";
static const char help_calibrate[] =
    "  tzsim calibrate SCENARIO --targets FILE.csv [-o DIR] [-r N] [-s SEED] [-t THREADS]\n"
    "            [--cutoff YYYY-MM] [--skip-unknown] [--total-label NAME]\n"
    "            [--set KEY=VALUE]... [--plot] [--force] [--quiet]\n"
    "      Fit the free parameters of the scenario's calibrate block to observed values\n"
    "      (Nelder-Mead on bounded parameters, common random numbers): calibration.json,\n"
    "      fit.csv, trace.csv, trajectories.csv and calibrated.cfg in DIR. With --cutoff, a\n"
    "      backtest: targets up to that month are fitted, later ones only forecast and scored.\n";
static const char help_plot[] =
    "  tzsim plot DIR [--lang en|fr] [--quiet]\n"
    "      Draw the figures of a run or compare result folder into DIR/plots (PNG and SVG, each\n"
    "      with its gnuplot script and data) and write DIR/report.html. Needs gnuplot.\n";
static const char help_check[] = "  tzsim check SCENARIO [--set KEY=VALUE]...\n"
                                 "      Validate a scenario and report every problem; write nothing.\n";
static const char help_params[] =
    "  tzsim params [KEY | PATTERN]\n"
    "      Every parameter (key, meaning, unit, default, range, source): as Markdown into a file\n"
    "      or pipe (tzsim params > docs/params.md), as readable entries in a terminal. With a KEY\n"
    "      (money.cde_rate, capacity_max) or a pattern ('money.*'), only the matching entries.\n";

/* The options, each with the commands that take it. */
static const char help_options[] =
    "Options:\n"
    "  -o, --output DIR    output directory (--output=DIR works too, as for every option)\n"
    "  -r, --replications N  replications, 1 to 100000 (overrides 'replications')\n"
    "  -s, --seed SEED     master seed, 0 to 2^53 (overrides 'seed')\n"
    "  -t, --threads N     threads, 1 to 1024 (results do not depend on it)\n"
    "  --set KEY=VALUE     override a parameter, e.g. --set labour.exit_rate=0.001,\n"
    "                      --set territories.Jouques.capacity_max=60, --set 'territories.*.hire_max=5'\n"
    "  --engine E          run, compare: the agent pass, scheduled (the default: skips the employed\n"
    "                      until their next event) or monthly (the reference: every agent every\n"
    "                      month), as --set engine=E; bench: time only that engine (default: both)\n"
    "  --vary KEY=V1,V2    compare: one scenario becomes one per value; several --vary are crossed\n"
    "  --vary K1,K2=V1:W1,V2:W2  compare: keys that move together, one point per comma, the keys'\n"
    "                      values of a point separated by ':'\n"
    "  --common-months     compare: scenarios with different horizons are all run up to the last\n"
    "                      month they share (default: refused)\n"
    "  --precision F=REL   add replications in blocks until the 95% interval of figure F (total) is\n"
    "                      within REL of its mean, e.g. net_cost_per_fte_year_net_eur=0.01\n"
    "  --max-replications N  cap for --precision (default 1000)\n"
    "  --shard K/N         run: only the K-th of N slices of the replications, into its own DIR\n"
    "  --dry-run           run: print the run's size and memory estimate and stop\n"
    "  --checkpoint-at YYYY-MM  run: also save the full state at that month in DIR/checkpoint.tzck\n"
    "  --from FILE         run: continue from a checkpoint (the same scenario, or another policy from\n"
    "                      its date on); gives the bytes of a run straight through\n"
    "  --checkpoint-every N  run: every N simulated months (or Nmin: wall minutes) overwrite DIR.ckpt;\n"
    "                      a killed run continues with the same command and --resume\n"
    "  --resume            run: continue from DIR.ckpt when it exists (else start); same bytes\n"
    "  --ranks R           run --dry-run: the memory per rank and the SLURM request for R MPI ranks\n"
    "  --plot              run, compare, merge: then draw the figures and the report, as tzsim plot DIR;\n"
    "                      sweep, calibrate: then draw their figures into DIR/plots\n"
    "  --targets FILE.csv  calibrate: observed values, columns territory,date,variable,value\n"
    "                      [,weight][,se][,arm] (weight 0: reported, not fitted)\n"
    "  --cutoff YYYY-MM    calibrate: fit the targets dated up to that month (included); hold out\n"
    "                      the later ones (weight 0), reported in fit.csv with split held_out\n"
    "  --skip-unknown      calibrate: skip, with a notice, targets whose territory or variable the\n"
    "                      scenario does not have (default: an error)\n"
    "  --total-label NAME  calibrate: the territory name of the targets that means the scenario's\n"
    "                      total (default ALL, the 10 pilots; e.g. NATIONAL); total always works\n"
    "  --force             replace an existing output directory (only once the new one is complete)\n"
    "  --quiet             no progress line (the results are still printed)\n"
    "  --lang en|fr        run, compare, merge, plot: the report and figures in English or French\n"
    "                      (default: French when LC_ALL, LC_MESSAGES or LANG starts with fr)\n"
    "  --csv rfc4180|fr    run, compare, merge, sweep, calibrate: fr also writes NAME.fr.csv beside\n"
    "                      each NAME.csv for a French spreadsheet (';', decimal comma, UTF-8 BOM)\n"
    "  -h, --help          this help; tzsim COMMAND --help: that command's\n\n";

static const char help_status[] = "Exit status: 0 success, 2 bad input (scenario or command line), 3 output exists,\n"
                                  "4 input/output error, 5 not enough memory, 6 plotting failed (gnuplot missing or\n"
                                  "failing; the results are kept), 130 interrupted.\n";

/* Commands: their word, positional arguments accepted, what "expected" says when misused, and
 * their usage (tzsim COMMAND --help). The order is the order of tzsim --help. */
typedef struct {
  const char *word;
  sim_command command;
  int min_pos, max_pos;
  const char *usage;     /* for "not used by" messages */
  const char *pos_usage; /* for "unexpected argument" messages */
  const char *help;
} command_spec;

static const command_spec commands[] = {
    {"run", SIM_CMD_RUN, 0, 1, "tzsim run [SCENARIO] [options]", "at most one scenario file", help_run},
    {"compare", SIM_CMD_COMPARE, 1, SIM_CLI_MAX_POS, "tzsim compare A.cfg B.cfg ... [options]",
     "at most 64 scenario files", help_compare},
    {"merge", SIM_CMD_MERGE, 1, SIM_CLI_MAX_POS, "tzsim merge DIR1 DIR2 ... -o DIR [--plot] [--force]",
     "at most 64 shard folders", help_merge},
    {"bench", SIM_CMD_BENCH, 0, 0, "tzsim bench [--agents N[,N...]] [--months M[,M...]] [-t THREADS] [--engine E]",
     "no argument (expected options only)", help_bench},
    {"sweep", SIM_CMD_SWEEP, 1, 1, "tzsim sweep SCENARIO [-o DIR] [options]", "one scenario file", help_sweep},
    {"calibrate", SIM_CMD_CALIBRATE, 1, 1, "tzsim calibrate SCENARIO --targets FILE.csv [-o DIR] [options]",
     "one scenario file", help_calibrate},
    {"plot", SIM_CMD_PLOT, 1, 1, "tzsim plot DIR [--lang en|fr] [--quiet]", "one result folder", help_plot},
    {"check", SIM_CMD_CHECK, 1, 1, "tzsim check SCENARIO [--set KEY=VALUE]...", "at most one scenario file",
     help_check},
    {"params", SIM_CMD_PARAMS, 0, 1, "tzsim params [KEY | PATTERN]", "at most one key or pattern", help_params},
};
#define N_COMMANDS (sizeof commands / sizeof *commands)

enum {
  R = 1 << SIM_CMD_RUN,
  C = 1 << SIM_CMD_CHECK,
  M = 1 << SIM_CMD_COMPARE,
  G = 1 << SIM_CMD_MERGE,
  B = 1 << SIM_CMD_BENCH,
  P = 1 << SIM_CMD_PLOT,
  SW = 1 << SIM_CMD_SWEEP,
  CA = 1 << SIM_CMD_CALIBRATE
};

/* Options: the commands that take them and, for those with a value, what the value is. `name` is
 * the spelling the parser switches on; `alias` the other one (a long name beside a short one). */
typedef struct {
  const char *name, *alias, *value;
  unsigned commands;
} option_spec;

static const option_spec options[] = {
    {"-o", "--output", "DIR", R | M | G | SW | CA},
    {"-r", "--replications", "REPLICATIONS", R | M | SW | CA},
    {"-s", "--seed", "SEED", R | M | SW | CA},
    {"-t", "--threads", "THREADS", R | M | B | SW | CA},
    {"--set", NULL, "KEY=VALUE", R | C | M | SW | CA},
    {"--engine", NULL, "monthly|scheduled", R | M | B},
    {"--vary", NULL, "KEY=V1,V2,...", M},
    {"--common-months", NULL, NULL, M},
    {"--precision", NULL, "FIGURE=REL", R | M},
    {"--max-replications", NULL, "N", R | M},
    {"--force", NULL, NULL, R | M | G | SW | CA},
    {"--shard", NULL, "K/N", R},
    {"--dry-run", NULL, NULL, R},
    {"--checkpoint-at", NULL, "YYYY-MM", R},
    {"--from", NULL, "FILE", R},
    {"--checkpoint-every", NULL, "N|Nmin", R},
    {"--resume", NULL, NULL, R},
    {"--ranks", NULL, "R", R},
    {"--agents", NULL, "N[,N...]", B},
    {"--months", NULL, "M", B},
    {"--plot", NULL, NULL, R | M | G | SW | CA},
    {"--quiet", "-q", NULL, R | M | G | P | SW | CA},
    {"--targets", NULL, "FILE.csv", CA},
    {"--cutoff", NULL, "YYYY-MM", CA},
    {"--skip-unknown", NULL, NULL, CA},
    {"--total-label", NULL, "NAME", CA},
    {"--lang", NULL, "en|fr", R | M | G | P},
    {"--csv", NULL, "rfc4180|fr", R | M | G | SW | CA},
};
#define N_OPTIONS (sizeof options / sizeof *options)

void sim_cli_usage(FILE *f) {
  fputs("tzsim: agent-based simulator of the French experimentation\n"
        "\"Territoires zero chomeur de longue duree\" (TZCLD).\n\nUsage:\n",
        f);
  for (size_t i = 0; i < N_COMMANDS; i++) fputs(commands[i].help, f);
  fputs("  tzsim --help | --version | COMMAND --help\n\n", f);
  /* Separate strings: ISO C compilers need support only 4095 characters in one (-Woverlength-strings). */
  fputs(help_options, f);
  fputs(help_status, f);
}

/* One command's usage, then its options listed from the table (so the list cannot drift). */
static void command_usage(FILE *f, const command_spec *spec) {
  fprintf(f, "Usage:\n%s\nOptions of tzsim %s (tzsim --help explains each):\n", spec->help, spec->word);
  int col = 0;
  for (size_t k = 0; k < N_OPTIONS; k++) {
    if (!(options[k].commands & (1u << spec->command))) continue;
    char one[96];
    snprintf(one, sizeof one, "%s%s%s%s%s", options[k].name, options[k].alias ? ", " : "",
             options[k].alias ? options[k].alias : "", options[k].value ? " " : "",
             options[k].value ? options[k].value : "");
    int len = (int)strlen(one) + 2;
    if (col > 0 && col + len > 96) {
      fputc('\n', f);
      col = 0;
    }
    col += fprintf(f, "%s%s", col ? "; " : "  ", one);
  }
  fputs(col ? "\n  -h, --help\n\n" : "  -h, --help\n\n", f);
  fputs(help_status, f);
}

void sim_cli_command_usage(FILE *f, const char *word) {
  for (size_t i = 0; i < N_COMMANDS; i++)
    if (!strcmp(commands[i].word, word)) command_usage(f, &commands[i]);
}

/* A whole decimal integer in [lo, hi], nothing else. */
static int parse_int(const char *opt, const char *text, long long lo, long long hi, long long *out, sim_errs *e) {
  errno = 0;
  char *end = NULL;
  /* strtoll alone would accept " 5" and "+5": only digits, with an optional leading minus. */
  int shape = (text[0] >= '0' && text[0] <= '9') || (text[0] == '-' && text[1] >= '0' && text[1] <= '9');
  long long v = shape ? strtoll(text, &end, 10) : 0;
  if (!shape || *end || errno == ERANGE || v < lo || v > hi) {
    sim_errs_add(e, "command line", 0, opt, "'%s' is not valid (expected an integer in [%lld, %lld])", text, lo, hi);
    return -1;
  }
  *out = v;
  return 0;
}

/* "N[,N...]" into out (at most SIM_CLI_MAX_LIST values, appended after the *n already there). */
static int parse_int_list(const char *opt, const char *text, long long lo, long long hi, const char *what,
                          long long *out, int *n, sim_errs *e) {
  char buf[512];
  snprintf(buf, sizeof buf, "%s", text);
  char *save = NULL;
  for (char *tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
    if (*n >= SIM_CLI_MAX_LIST) {
      sim_errs_add(e, "command line", 0, opt, "too many %s (expected at most %d)", what, SIM_CLI_MAX_LIST);
      return -1;
    }
    if (parse_int(opt, tok, lo, hi, &out[*n], e)) return -1;
    (*n)++;
  }
  return 0;
}

static int key_value(const char *opt, const char *kv, sim_errs *e) {
  if (!strchr(kv, '=') || kv[0] == '=') {
    sim_errs_add(e, "command line", 0, opt, "'%s' is malformed (expected KEY=VALUE)", kv);
    return -1;
  }
  return 0;
}

sim_status sim_cli_parse(int argc, char **argv, sim_cli *c, sim_errs *e) {
  memset(c, 0, sizeof *c);
  if (argc < 2) {
    c->command = SIM_CMD_HELP;
    return SIM_OK;
  }
  const char *cmd = argv[1];
  if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
    c->command = SIM_CMD_HELP;
    return SIM_OK;
  }
  if (!strcmp(cmd, "--version")) {
    c->command = SIM_CMD_VERSION;
    return SIM_OK;
  }
  const command_spec *spec = NULL;
  for (size_t i = 0; i < N_COMMANDS; i++)
    if (!strcmp(cmd, commands[i].word)) spec = &commands[i];
  if (!spec) {
    char list[256] = "";
    for (size_t i = 0; i < N_COMMANDS; i++)
      snprintf(list + strlen(list), sizeof list - strlen(list), "%s, ", commands[i].word);
    sim_errs_add(e, "command line", 0, cmd, "unknown command (expected one of %s--help or --version)", list);
    return SIM_EPARAM;
  }
  c->command = spec->command;
  c->name = spec->word;
  /* COMMAND --help (or -h) anywhere: that command's usage, whatever else is on the line. */
  for (int i = 2; i < argc; i++)
    if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
      c->help = 1;
      return SIM_OK;
    }
  for (int i = 2; i < argc; i++) {
    const char *a = argv[i];
    const option_spec *opt = NULL;
    const char *inline_value = NULL; /* --output=DIR: the value after '=' */
    for (size_t k = 0; k < N_OPTIONS; k++) {
      const char *names[2] = {options[k].name, options[k].alias};
      for (int w = 0; w < 2; w++) {
        if (!names[w]) continue;
        size_t len = strlen(names[w]);
        if (!strcmp(a, names[w]))
          opt = &options[k];
        else if (options[k].value && len > 2 && !strncmp(a, names[w], len) && a[len] == '=') {
          opt = &options[k];
          inline_value = a + len + 1;
        }
      }
    }
    if (opt && !opt->value && strchr(a, '=')) opt = NULL; /* --force=1: not a form we take */
    if (!opt) {
      if (a[0] == '-' && a[1] != '\0') {
        if (spec->command == SIM_CMD_PARAMS) {
          sim_errs_add(e, "command line", 0, a, "not used by '%s' (expected %s)", cmd, spec->usage);
          return SIM_EPARAM;
        }
        sim_errs_add(e, "command line", 0, a, "unknown option (expected one listed by 'tzsim --help')");
        return SIM_EPARAM;
      }
      if (c->npos >= spec->max_pos) {
        sim_errs_add(e, "command line", 0, a, "unexpected argument (expected %s)", spec->pos_usage);
        return SIM_EPARAM;
      }
      c->pos[c->npos++] = a;
      continue;
    }
    if (opt->value && !inline_value && i + 1 >= argc) {
      sim_errs_add(e, "command line", 0, a, "missing value (expected %s %s)", opt->name, opt->value);
      return SIM_EPARAM;
    }
    /* Options that a command does not use are refused rather than silently ignored. */
    if (!(opt->commands & (1u << spec->command))) {
      sim_errs_add(e, "command line", 0, a, "not used by '%s' (expected %s)", cmd, spec->usage);
      return SIM_EPARAM;
    }
    const char *v = inline_value ? inline_value : opt->value ? argv[++i] : NULL;
    long long n;
    if (!strcmp(opt->name, "-o")) {
      if (!*v) {
        sim_errs_add(e, "command line", 0, "-o", "empty directory name (expected a path)");
        return SIM_EPARAM;
      }
      c->outdir = v;
    } else if (!strcmp(opt->name, "-r")) {
      if (parse_int("-r", v, 1, 100000, &n, e)) return SIM_EPARAM;
      snprintf(c->owned[0], sizeof c->owned[0], "replications=%lld", n);
    } else if (!strcmp(opt->name, "-s")) {
      if (parse_int("-s", v, 0, 9007199254740992LL, &n, e)) return SIM_EPARAM;
      snprintf(c->owned[1], sizeof c->owned[1], "seed=%lld", n);
    } else if (!strcmp(opt->name, "-t")) {
      if (parse_int("-t", v, 1, 1024, &n, e)) return SIM_EPARAM;
      c->threads = (int)n;
    } else if (!strcmp(opt->name, "--set")) {
      if (key_value("--set", v, e)) return SIM_EPARAM;
      if (c->nsets >= SIM_CLI_MAX_SETS - 2) {
        sim_errs_add(e, "command line", 0, "--set", "too many overrides (expected at most %d)", SIM_CLI_MAX_SETS - 2);
        return SIM_EPARAM;
      }
      c->sets[c->nsets++] = v;
    } else if (!strcmp(opt->name, "--engine")) { /* an override like --set engine="E" */
      int monthly = !strcmp(v, "monthly");
      if (!monthly && strcmp(v, "scheduled") != 0) {
        sim_errs_add(e, "command line", 0, "--engine", "unknown engine '%s' (expected monthly or scheduled)", v);
        return SIM_EPARAM;
      }
      if (c->nsets >= SIM_CLI_MAX_SETS - 2) {
        sim_errs_add(e, "command line", 0, "--engine", "too many overrides (expected at most %d)",
                     SIM_CLI_MAX_SETS - 2);
        return SIM_EPARAM;
      }
      c->sets[c->nsets++] = monthly ? "engine=\"monthly\"" : "engine=\"scheduled\"";
    } else if (!strcmp(opt->name, "--vary")) {
      if (key_value("--vary", v, e)) return SIM_EPARAM;
      if (c->nvary >= SIM_CLI_MAX_VARY) {
        sim_errs_add(e, "command line", 0, "--vary", "too many (expected at most %d)", SIM_CLI_MAX_VARY);
        return SIM_EPARAM;
      }
      c->vary[c->nvary++] = v;
    } else if (!strcmp(opt->name, "--precision")) {
      const char *eq = strchr(v, '=');
      char *end = NULL;
      double rel = eq ? strtod(eq + 1, &end) : 0;
      if (!eq || eq == v || !end || *end || !(rel > 0 && rel < 1)) {
        sim_errs_add(e, "command line", 0, "--precision",
                     "'%s' is malformed (expected FIGURE=REL with REL in (0, 1), e.g. "
                     "net_cost_per_fte_year_net_eur=0.01)",
                     v);
        return SIM_EPARAM;
      }
      c->precision = v;
    } else if (!strcmp(opt->name, "--max-replications")) {
      if (parse_int("--max-replications", v, 2, 100000, &n, e)) return SIM_EPARAM;
      c->max_replications = n;
    } else if (!strcmp(opt->name, "--common-months")) {
      c->common_months = 1;
    } else if (!strcmp(opt->name, "--force")) {
      c->force = 1;
    } else if (!strcmp(opt->name, "--shard")) {
      /* K/N: two whole numbers, nothing else. */
      char *slash = NULL, *end = NULL;
      errno = 0;
      long k = (v[0] >= '0' && v[0] <= '9') ? strtol(v, &slash, 10) : 0;
      long of = (slash && *slash == '/' && slash[1] >= '0' && slash[1] <= '9') ? strtol(slash + 1, &end, 10) : 0;
      if (!end || *end || errno == ERANGE || of < 1 || of > 100000 || k < 1 || k > of) {
        sim_errs_add(e, "command line", 0, "--shard",
                     "'%s' is not valid (expected K/N with 1 <= K <= N <= 100000, e.g. 2/8)", v);
        return SIM_EPARAM;
      }
      c->shard = (int)k;
      c->shards = (int)of;
    } else if (!strcmp(opt->name, "--dry-run")) {
      c->dry_run = 1;
    } else if (!strcmp(opt->name, "--checkpoint-at")) {
      c->checkpoint_at = v;
    } else if (!strcmp(opt->name, "--from")) {
      c->from = v;
    } else if (!strcmp(opt->name, "--checkpoint-every")) {
      /* N months of simulated time, or Nmin wall minutes. */
      size_t vn = strlen(v);
      int minutes = vn > 3 && !strcmp(v + vn - 3, "min");
      char num[32];
      snprintf(num, sizeof num, "%.*s", (int)(minutes ? vn - 3 : vn), v);
      char *end = NULL;
      long long every = (num[0] >= '0' && num[0] <= '9' && vn < sizeof num) ? strtoll(num, &end, 10) : 0;
      if (!end || *end || every < 1 || every > 100000) {
        sim_errs_add(e, "command line", 0, "--checkpoint-every",
                     "'%s' is not valid (expected N simulated months or Nmin wall minutes, N from 1 to 100000, e.g. 12 "
                     "or 30min)",
                     v);
        return SIM_EPARAM;
      }
      c->checkpoint_every = every;
      c->checkpoint_minutes = minutes;
    } else if (!strcmp(opt->name, "--resume")) {
      c->resume = 1;
    } else if (!strcmp(opt->name, "--ranks")) {
      if (parse_int("--ranks", v, 1, 100000, &c->ranks, e)) return SIM_EPARAM;
    } else if (!strcmp(opt->name, "--targets")) {
      c->targets = v;
    } else if (!strcmp(opt->name, "--cutoff")) {
      if (sim_cal_parse(v, &c->cutoff_month) != 0) {
        sim_errs_add(e, "command line", 0, "--cutoff",
                     "'%s' is not valid (expected a month YYYY-MM, e.g. 2020-12: targets up to it are fitted, later "
                     "ones held out)",
                     v);
        return SIM_EPARAM;
      }
      c->cutoff = v;
    } else if (!strcmp(opt->name, "--skip-unknown")) {
      c->skip_unknown = 1;
    } else if (!strcmp(opt->name, "--total-label")) {
      if (!*v) {
        sim_errs_add(e, "command line", 0, "--total-label",
                     "empty name (expected a territory name of the targets, e.g. NATIONAL)");
        return SIM_EPARAM;
      }
      c->total_label = v;
    } else if (!strcmp(opt->name, "--agents")) {
      if (parse_int_list("--agents", v, 1000, 2000000000LL, "sizes", c->bench_agents, &c->bench_nagents, e))
        return SIM_EPARAM;
    } else if (!strcmp(opt->name, "--months")) {
      if (parse_int_list("--months", v, 1, 1200, "horizons", c->bench_months, &c->bench_nmonths, e)) return SIM_EPARAM;
    } else if (!strcmp(opt->name, "--plot")) {
      c->plot = 1;
    } else if (!strcmp(opt->name, "--quiet")) {
      c->quiet = 1;
    } else if (!strcmp(opt->name, "--lang")) { /* the language of the report and the figures */
      if (strcmp(v, "en") != 0 && strcmp(v, "fr") != 0) {
        sim_errs_add(e, "command line", 0, "--lang", "'%s' is not a language of the report (expected en or fr)", v);
        return SIM_EPARAM;
      }
      c->lang = v;
    } else if (!strcmp(opt->name, "--csv")) { /* French copies of the CSV files, beside the RFC 4180 ones */
      if (strcmp(v, "rfc4180") != 0 && strcmp(v, "fr") != 0) {
        sim_errs_add(e, "command line", 0, "--csv", "'%s' is not a CSV dialect (expected rfc4180 or fr)", v);
        return SIM_EPARAM;
      }
      sim_outdir_set_csv_french(!strcmp(v, "fr")); /* every result folder this process writes */
    }
  }
  if (c->npos < spec->min_pos) {
    if (spec->command == SIM_CMD_CHECK)
      sim_errs_add(e, "command line", 0, "check", "missing scenario (expected tzsim check SCENARIO)");
    else
      sim_errs_add(e, "command line", 0, cmd, "missing argument (expected %s)", spec->usage);
    return SIM_EPARAM;
  }
  if (c->plot && (c->shards || c->dry_run)) {
    sim_errs_add(e, "command line", 0, "--plot",
                 "cannot be combined with --shard or --dry-run (expected tzsim plot on the merged result)");
    return SIM_EPARAM;
  }
  if (c->max_replications && !c->precision) {
    sim_errs_add(e, "command line", 0, "--max-replications",
                 "given without --precision (expected --precision FIGURE=REL)");
    return SIM_EPARAM;
  }
  /* -r and -s are overrides like --set, so the resolved scenario records them. */
  for (int k = 0; k < 2; k++)
    if (c->owned[k][0]) c->sets[c->nsets++] = c->owned[k];
  return SIM_OK;
}
