/* SPDX-License-Identifier: GPL-3.0-or-later */
/* gp.c: gnuplot strings, the shared parts of every figure's script, and the gnuplot pipe. */
#include "plots/gp.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "plots/table.h"
#include "sim/textio.h"

/* Copy text, control characters as spaces, invalid UTF-8 as '?', `quote` doubled (0: none). */
static void clean(FILE *f, const char *text, char quote, int no_backslash) {
  const unsigned char *s = (const unsigned char *)text;
  while (*s) {
    int n = sim_utf8_len(s);
    if (n == 0) {
      fputc('?', f);
      s++;
    } else if (n > 1) {
      fwrite(s, 1, (size_t)n, f);
      s += n;
    } else {
      unsigned char c = *s++;
      if (c < 0x20 || c == 0x7F)
        fputc(' ', f);
      else if (quote && c == (unsigned char)quote)
        fputs("''", f);
      else if (no_backslash && c == '\\')
        fputc('/', f); /* a comment ending in a backslash would swallow the next line */
      else
        fputc(c, f);
    }
  }
}

void plt_gp_str(FILE *f, const char *text) {
  fputc('\'', f);
  clean(f, text, '\'', 0);
  fputc('\'', f);
}

void plt_plain(FILE *f, const char *text) { clean(f, text, 0, 1); }

const char *plt_colour(int i) {
  static const char *const c[] = {"#0072B2", "#D55E00", "#009E73", "#CC79A7",
                                  "#E69F00", "#56B4E9", "#000000", "#F0E442"};
  int n = (int)(sizeof c / sizeof c[0]);
  return c[((i % n) + n) % n];
}

void plt_gp_begin(FILE *f, const char *base, const char *what, const char *source) {
  fprintf(f, "# %s.gp: ", base);
  plt_plain(f, what);
  fputs("\n# Drawn by tzsim from ", f);
  plt_plain(f, source);
  fprintf(f, ". Redraw or restyle it in this folder with: gnuplot %s.gp\n", base);
  fprintf(f, "# It reads %s.tsv (tab-separated, columns named in its header) and writes %s.png and %s.svg.\n", base,
          base, base);
  fputs("reset session\n"
        "set encoding utf8\n"
        "set datafile separator \"\\t\"\n"
        "set datafile missing 'NaN'\n"
        "set grid lc rgb '#dddddd' lw 1\n"
        "set border lc rgb '#444444'\n"
        "set key tmargin horizontal center noautotitle\n"
        "band = 0.22  # opacity of the 95% bands\n",
        f);
}

void plt_gp_time_axis(FILE *f, const char *first, const char *last, int n_months, const char *program_start,
                      plt_lang lang) {
  int a = plt_month(first), b = plt_month(last);
  fprintf(f, "set xdata time\nset timefmt '%%Y-%%m'\nset format x '%%Y-%%m'\nset xlabel '%s'\n",
          plt_tr(lang, "month", "mois"));
  if (a >= 0 && b > a) {
    fprintf(f, "set xrange ['%04d-%02d':'%04d-%02d']\n", a / 12, a % 12 + 1, b / 12, b % 12 + 1);
    int step = n_months > 36 ? 12 : n_months > 8 ? 3 : 1;
    fputs("set xtics (", f);
    int k = 0;
    for (int m = a; m <= b; m++) {
      if (m % step != 0) continue;
      if (step == 12)
        fprintf(f, "%s'%04d' '%04d-01'", k++ ? ", " : "", m / 12, m / 12);
      else
        fprintf(f, "%s'%04d-%02d' '%04d-%02d'", k++ ? ", " : "", m / 12, m % 12 + 1, m / 12, m % 12 + 1);
    }
    fputs(")\n", f);
  }
  if (program_start && plt_month(program_start) >= 0) {
    int p = plt_month(program_start);
    fprintf(f,
            "set arrow 1 from '%04d-%02d', graph 0 to '%04d-%02d', graph 1 nohead dt 3 lw 1.5 lc rgb '#666666' back\n",
            p / 12, p % 12 + 1, p / 12, p % 12 + 1);
    fprintf(f, "set label 1 '%s' at '%04d-%02d', graph 0.95 left offset character 0.5, 0 tc rgb '#666666'\n",
            plt_tr(lang, "program start", "début du programme"), p / 12, p % 12 + 1);
  }
}

void plt_gp_outputs_begin(FILE *f, const char *base, int width, int height) {
  fputs("do for [out in \"png svg\"] {\n"
        "  if (out eq \"png\") {\n",
        f);
  fprintf(f, "    set terminal pngcairo size %d,%d font 'sans-serif,10' noenhanced\n", width, height);
  fprintf(f, "    set output '%s.png'\n  } else {\n", base);
  fprintf(f, "    set terminal svg size %d,%d font 'sans-serif,10' noenhanced background '#ffffff'\n", width, height);
  fprintf(f, "    set output '%s.svg'\n  }\n", base);
}

void plt_gp_outputs_end(FILE *f) { fputs("  set output\n}\n", f); }

/* ---- the pipe ---- */

int plt_gnuplot_found(void) {
  const char *path = getenv("PATH");
  if (!path) path = "/usr/local/bin:/usr/bin:/bin";
  for (const char *p = path;;) {
    const char *colon = strchr(p, ':');
    size_t n = colon ? (size_t)(colon - p) : strlen(p);
    char cand[4200];
    snprintf(cand, sizeof cand, "%.*s/gnuplot", (int)n, n ? p : "."); /* an empty entry is the current folder */
    struct stat st;
    if (stat(cand, &st) == 0 && S_ISREG(st.st_mode) && access(cand, X_OK) == 0) return 1;
    if (!colon) break;
    p = colon + 1;
  }
  return 0;
}

/* text as one shell word in single quotes. */
static void shell_quote(char *out, size_t n, const char *text) {
  size_t k = 0;
  if (k + 1 < n) out[k++] = '\'';
  for (const char *s = text; *s && k + 5 < n; s++) {
    if (*s == '\'') {
      memcpy(out + k, "'\\''", 4);
      k += 4;
    } else {
      out[k++] = *s;
    }
  }
  if (k + 1 < n) out[k++] = '\'';
  out[k < n ? k : n - 1] = '\0';
}

/* The last non-blank line of gnuplot's log, trimmed, as the reason of a failure. */
static void last_log_line(const char *dir, char *why, size_t n) {
  char path[4200];
  snprintf(path, sizeof path, "%s/gnuplot.log", dir);
  char *log = plt_slurp(path, NULL);
  if (!log) return;
  char *best = NULL;
  for (char *line = strtok(log, "\n"); line; line = strtok(NULL, "\n")) {
    while (*line == ' ' || *line == '\t' || *line == '\r') line++;
    if (*line && *line != '^') best = line;
  }
  if (best) {
    size_t len = strlen(best);
    while (len && (best[len - 1] == ' ' || best[len - 1] == '\r')) best[--len] = '\0';
    snprintf(why, n, "%s", best);
  }
  free(log);
}

plt_gnuplot_status plt_gnuplot_run(const char *dir, const char *const *scripts, int n,
                                   const volatile sig_atomic_t *stop, char *why, size_t why_n) {
  snprintf(why, why_n, "gnuplot failed");
  if (!plt_gnuplot_found()) {
    snprintf(why, why_n, "gnuplot not found");
    return PLT_GNUPLOT_MISSING;
  }
  char qdir[16500], cmd[16600];
  shell_quote(qdir, sizeof qdir, dir);
  snprintf(cmd, sizeof cmd, "cd -- %s 2>/dev/null && exec gnuplot 2>>gnuplot.log", qdir);
  /* gnuplot dying must give an error here, not kill tzsim with SIGPIPE. */
  struct sigaction ign, old;
  memset(&ign, 0, sizeof ign);
  ign.sa_handler = SIG_IGN;
  sigaction(SIGPIPE, &ign, &old);
  (void)fflush(NULL); /* nothing buffered is written twice by the children */
  plt_gnuplot_status gs = PLT_GNUPLOT_OK;
  /* One fresh gnuplot per figure: some terminal state (the SVG driver's current colour) outlives
   * `reset session`, and a figure must come out byte for byte as `gnuplot BASE.gp` draws it. They
   * run a few at a time, one per processor: gnuplot executes the load as soon as it reads the line,
   * and ends at the end of its input (pclose). */
  long cpus = sysconf(_SC_NPROCESSORS_ONLN);
  int par = cpus < 1 ? 1 : cpus > 8 ? 8 : (int)cpus;
  for (int i = 0; i < n && gs == PLT_GNUPLOT_OK && !(stop && *stop); i += par) {
    FILE *p[8];
    int started = 0;
    for (int k = 0; k < par && i + k < n; k++) {
      if (!(p[k] = popen(cmd, "w"))) { // NOLINT(cert-env33-c): gnuplot through a pipe, by design; dir is quoted
        snprintf(why, why_n, "cannot start gnuplot: %s", strerror(errno));
        gs = PLT_GNUPLOT_FAILED;
        break;
      }
      started++;
      fputs("load ", p[k]);
      plt_gp_str(p[k], scripts[i + k]);
      fputc('\n', p[k]);
      (void)fflush(p[k]); /* a failure shows in pclose */
    }
    for (int k = 0; k < started; k++) {
      int rc = pclose(p[k]);
      if (gs != PLT_GNUPLOT_OK) continue; /* the first failure is the one reported */
      if (rc == -1) {
        snprintf(why, why_n, "cannot wait for gnuplot: %s", strerror(errno));
        gs = PLT_GNUPLOT_FAILED;
      } else if (WIFEXITED(rc) && WEXITSTATUS(rc) == 127) {
        snprintf(why, why_n, "gnuplot not found");
        gs = PLT_GNUPLOT_MISSING;
      } else if (!WIFEXITED(rc) || WEXITSTATUS(rc) != 0) {
        if (WIFEXITED(rc))
          snprintf(why, why_n, "exit status %d", WEXITSTATUS(rc));
        else if (WTERMSIG(rc) == SIGXFSZ)
          snprintf(why, why_n, "killed by SIGXFSZ: a file it wrote reached the file-size limit, ulimit -f");
        else
          snprintf(why, why_n, "killed by signal %d", WTERMSIG(rc));
        last_log_line(dir, why, why_n);
        gs = PLT_GNUPLOT_FAILED;
      }
    }
  }
  sigaction(SIGPIPE, &old, NULL);
  return gs;
}
