/* cli.c: argument parsing with strict number checks (no atoi: "-r 5x" is an error, not 5). */
#include "sim/cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

void sim_cli_usage(FILE *f) {
  fputs("tzsim: agent-based simulator of the French experimentation\n"
        "\"Territoires zero chomeur de longue duree\" (TZCLD).\n\n"
        "Usage:\n"
        "  tzsim run [SCENARIO] [-o DIR] [-r REPLICATIONS] [-s SEED] [-t THREADS]\n"
        "            [--set KEY=VALUE]... [--force] [--quiet]\n"
        "      Run a scenario (default: the 10 pilot territories, built in) and write\n"
        "      monthly.csv, summary.json, summary.csv, scenario.cfg and run.json to DIR\n"
        "      (default results/<scenario name>). An existing DIR is kept unless --force.\n"
        "  tzsim check SCENARIO [--set KEY=VALUE]...\n"
        "      Validate a scenario and report every problem; write nothing.\n"
        "  tzsim params\n"
        "      Print every parameter (key, meaning, unit, default, range, source) as Markdown.\n"
        "  tzsim --help | --version\n\n"
        "Options:\n"
        "  -o DIR              output directory\n"
        "  -r N                replications, 1 to 100000 (overrides 'replications')\n"
        "  -s SEED             master seed, 0 to 2^53 (overrides 'seed')\n"
        "  -t N                threads, 1 to 1024 (results do not depend on it)\n"
        "  --set KEY=VALUE     override a parameter, e.g. --set labour.exit_rate=0.001,\n"
        "                      --set territories.Jouques.capacity_max=60, --set 'territories.*.hire_max=5'\n"
        "  --force             replace an existing output directory (only once the new one is complete)\n"
        "  --quiet             no progress line\n\n"
        "Exit status: 0 success, 2 bad input (scenario or command line), 3 output exists,\n"
        "4 input/output error, 5 not enough memory, 130 interrupted.\n",
        f);
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
  if (!strcmp(cmd, "run"))
    c->command = SIM_CMD_RUN;
  else if (!strcmp(cmd, "check"))
    c->command = SIM_CMD_CHECK;
  else if (!strcmp(cmd, "params"))
    c->command = SIM_CMD_PARAMS;
  else {
    sim_errs_add(e, "command line", 0, cmd, "unknown command (expected run, check, params, --help or --version)");
    return SIM_EPARAM;
  }
  for (int i = 2; i < argc; i++) {
    const char *a = argv[i];
    int has_value = !strcmp(a, "-o") || !strcmp(a, "-r") || !strcmp(a, "-s") || !strcmp(a, "-t") || !strcmp(a, "--set");
    if (has_value && i + 1 >= argc) {
      const char *what = !strcmp(a, "-o") ? "DIR" : !strcmp(a, "--set") ? "KEY=VALUE" : !strcmp(a, "-t") ? "THREADS"
                         : !strcmp(a, "-s") ? "SEED" : "REPLICATIONS";
      sim_errs_add(e, "command line", 0, a, "missing value (expected %s %s)", a, what);
      return SIM_EPARAM;
    }
    /* Options that a command does not use are refused rather than silently ignored. */
    int run_only = !strcmp(a, "-o") || !strcmp(a, "-t") || !strcmp(a, "--force") || !strcmp(a, "-r") || !strcmp(a, "-s") ||
                   !strcmp(a, "--quiet") || !strcmp(a, "-q");
    if ((c->command == SIM_CMD_PARAMS && a[0] == '-') || (c->command == SIM_CMD_CHECK && run_only)) {
      sim_errs_add(e, "command line", 0, a, "not used by '%s' (expected %s)", cmd,
                   c->command == SIM_CMD_PARAMS ? "no argument after params" : "tzsim check SCENARIO [--set KEY=VALUE]...");
      return SIM_EPARAM;
    }
    long long v;
    if (!strcmp(a, "-o")) {
      c->outdir = argv[++i];
      if (!*c->outdir) {
        sim_errs_add(e, "command line", 0, "-o", "empty directory name (expected a path)");
        return SIM_EPARAM;
      }
    } else if (!strcmp(a, "-r")) {
      if (parse_int("-r", argv[++i], 1, 100000, &v, e)) return SIM_EPARAM;
      snprintf(c->owned[0], sizeof c->owned[0], "replications=%lld", v);
    } else if (!strcmp(a, "-s")) {
      if (parse_int("-s", argv[++i], 0, 9007199254740992LL, &v, e)) return SIM_EPARAM;
      snprintf(c->owned[1], sizeof c->owned[1], "seed=%lld", v);
    } else if (!strcmp(a, "-t")) {
      if (parse_int("-t", argv[++i], 1, 1024, &v, e)) return SIM_EPARAM;
      c->threads = (int)v;
    } else if (!strcmp(a, "--set")) {
      const char *kv = argv[++i];
      if (!strchr(kv, '=') || kv[0] == '=') {
        sim_errs_add(e, "command line", 0, "--set", "'%s' is malformed (expected KEY=VALUE)", kv);
        return SIM_EPARAM;
      }
      if (c->nsets >= SIM_CLI_MAX_SETS - 2) {
        sim_errs_add(e, "command line", 0, "--set", "too many overrides (expected at most %d)", SIM_CLI_MAX_SETS - 2);
        return SIM_EPARAM;
      }
      c->sets[c->nsets++] = kv;
    } else if (!strcmp(a, "--force")) {
      c->force = 1;
    } else if (!strcmp(a, "--quiet") || !strcmp(a, "-q")) {
      c->quiet = 1;
    } else if (a[0] == '-' && a[1] != '\0') {
      sim_errs_add(e, "command line", 0, a, "unknown option (expected one listed by 'tzsim --help')");
      return SIM_EPARAM;
    } else if (!c->scenario && c->command != SIM_CMD_PARAMS) {
      c->scenario = a;
    } else {
      sim_errs_add(e, "command line", 0, a, "unexpected argument (expected %s)",
                   c->command == SIM_CMD_PARAMS ? "no argument after params" : "at most one scenario file");
      return SIM_EPARAM;
    }
  }
  if (c->command == SIM_CMD_CHECK && !c->scenario) {
    sim_errs_add(e, "command line", 0, "check", "missing scenario (expected tzsim check SCENARIO)");
    return SIM_EPARAM;
  }
  /* -r and -s are overrides like --set, so the resolved scenario records them. */
  for (int k = 0; k < 2; k++)
    if (c->owned[k][0]) c->sets[c->nsets++] = c->owned[k];
  return SIM_OK;
}
