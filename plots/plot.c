/* SPDX-License-Identifier: GPL-3.0-or-later */
/* plot.c: a result folder's figures and report, written beside and renamed into place. */
#include "plots/plot.h"

#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "plots/figures.h"
#include "plots/gp.h"
#include "plots/report.h"
#include "plots/result.h"
#include "sim/outdir.h"

static int is_file(const char *dir, const char *name) {
  char path[4500];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  struct stat st;
  return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static plt_status of_sim(sim_status st) {
  switch (st) {
  case SIM_OK: return PLT_OK;
  case SIM_ENOMEM: return PLT_ENOMEM;
  case SIM_EIO: return PLT_EIO;
  default: return PLT_EINPUT;
  }
}

/* 1 if the file starts with the bytes of sig (len of them) and is larger than min bytes. */
static int looks_like(const char *path, const char *sig, size_t len, long min) {
  FILE *f = fopen(path, "rb");
  if (!f) return 0;
  char head[256];
  size_t got = fread(head, 1, sizeof head, f);
  long size = fseek(f, 0, SEEK_END) == 0 ? ftell(f) : -1;
  (void)fclose(f); /* read only */
  if (size < min || got < len) return 0;
  if (memcmp(head, sig, len) == 0) return 1;
  /* An SVG: its root element within the first bytes, after the XML declaration. */
  if (strcmp(sig, "<svg") != 0) return 0;
  for (size_t i = 0; i + 4 <= got; i++)
    if (memcmp(head + i, "<svg", 4) == 0) return 1;
  return 0;
}

/* 1 if the file ends as a complete image does: sig within its last `window` bytes (a PNG's IEND
 * chunk, an SVG's closing tag). A file-size limit or a full disk cuts gnuplot's output short, and
 * gnuplot does not always notice. */
static int ends_like(const char *path, const char *sig, size_t len, long window) {
  FILE *f = fopen(path, "rb");
  if (!f) return 0;
  char tail[256];
  size_t got = 0;
  if (fseek(f, -window, SEEK_END) == 0 || fseek(f, 0, SEEK_SET) == 0) got = fread(tail, 1, sizeof tail, f);
  (void)fclose(f); /* read only */
  for (size_t i = 0; i + len <= got; i++)
    if (memcmp(tail + i, sig, len) == 0) return 1;
  return 0;
}

/* Why writing the file at path may have failed, from the outside: it reached the file-size limit
 * (ulimit -f), or its disk is full. Fills why and returns 1, or returns 0 if neither. */
static int write_failure(const char *path, const char *dir, char *why, size_t n) {
  struct stat st;
  struct rlimit rl;
  if (stat(path, &st) == 0 && getrlimit(RLIMIT_FSIZE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY &&
      (unsigned long long)st.st_size >= (unsigned long long)rl.rlim_cur) {
    snprintf(why, n, "%s (it reached the file-size limit, ulimit -f, of %llu bytes)", strerror(EFBIG),
             (unsigned long long)rl.rlim_cur);
    return 1;
  }
  struct statvfs vfs;
  if (statvfs(dir, &vfs) == 0 && vfs.f_bavail == 0) {
    snprintf(why, n, "%s", strerror(ENOSPC));
    return 1;
  }
  return 0;
}

/* README.txt of the plots folder: what each file is and how to redraw. */
static sim_status write_readme(const char *tmp, const char *shown, const plt_figs *figs, int drawn, sim_errs *e) {
  char path[4500];
  snprintf(path, sizeof path, "%s/README.txt", tmp);
  FILE *f = fopen(path, "w");
  if (!f) {
    sim_errs_add(e, NULL, 0, NULL, "tzsim: cannot write %s/README.txt: %s", shown, strerror(errno));
    return SIM_EIO;
  }
  if (!drawn)
    fputs("NOT DRAWN: gnuplot was missing or failed when tzsim ran (see gnuplot.log if present).\n"
          "Install gnuplot with the pngcairo and svg terminals (Debian: apt-get install gnuplot-nox) and run\n"
          "`tzsim plot` on the result folder again, or draw the figures here with the commands below.\n\n",
          f);
  fputs("Figures of the tzsim result in the folder above. For each figure BASE:\n"
        "  BASE.png, BASE.svg  the figure (pngcairo and svg terminals)\n"
        "  BASE.gp             the gnuplot script that draws both: gnuplot BASE.gp (run it in this folder)\n"
        "  BASE.tsv            the data it reads, extracted from the result files (tab-separated)\n"
        "Redraw them all: for f in *.gp; do gnuplot \"$f\"; done\n\nFigures:\n",
        f);
  for (int i = 0; i < figs->n; i++) {
    fprintf(f, "  %-40s ", figs->v[i].base);
    plt_plain(f, figs->v[i].title);
    fputc('\n', f);
  }
  int bad = fflush(f) != 0 || ferror(f);
  if (fclose(f) != 0 || bad) {
    sim_errs_add(e, NULL, 0, NULL, "tzsim: cannot write %s/README.txt: %s (expected room on the disk)", shown,
                 strerror(errno ? errno : EIO));
    return SIM_EIO;
  }
  return SIM_OK;
}

/* Put folder tmp in place as final: an existing final is moved aside first and removed only once
 * tmp is in place (put back if that fails). */
static int replace_dir(const char *tmp, const char *final, const char *aside) {
  struct stat st;
  int had = lstat(final, &st) == 0;
  if (had && rename(final, aside) != 0) return -1;
  if (rename(tmp, final) != 0) {
    int err = errno;
    if (had) (void)rename(aside, final); /* put the old figures back; errno is the first failure's */
    errno = err;
    return -1;
  }
  if (had) sim_remove_tree(aside);
  return 0;
}

static void remove_images(const char *tmp, const plt_figs *figs) {
  static const char *const ext[] = {"png", "svg"};
  for (int i = 0; i < figs->n; i++)
    for (int k = 0; k < 2; k++) {
      char path[4500];
      snprintf(path, sizeof path, "%s/%s.%s", tmp, figs->v[i].base, ext[k]);
      unlink(path);
    }
}

static plt_status plot_dir(const char *dir_in, const plt_options *o, plt_done *done, sim_errs *e);

plt_status plt_plot_dir(const char *dir_in, const plt_options *o, plt_done *done, sim_errs *e) {
  /* Numbers are read and written in the C locale, whatever the program's locale. */
  locale_t c_numeric = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
  locale_t before = c_numeric ? uselocale(c_numeric) : (locale_t)0;
  plt_status st = plot_dir(dir_in, o, done, e);
  if (c_numeric) {
    uselocale(before);
    freelocale(c_numeric);
  }
  return st;
}

static plt_status plot_dir(const char *dir_in, const plt_options *o, plt_done *done, sim_errs *e) {
  memset(done, 0, sizeof *done);
  char dir[4096];
  size_t n = strlen(dir_in);
  while (n > 1 && dir_in[n - 1] == '/') n--;
  if (n == 0 || n >= sizeof dir - 100) {
    sim_errs_add(e, NULL, 0, NULL, "tzsim: result folder name is empty or too long (expected a path under 4000 bytes)");
    return PLT_EINPUT;
  }
  memcpy(dir, dir_in, n);
  dir[n] = '\0';
  struct stat st;
  if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
    sim_errs_add(e, dir, 0, NULL, "no such folder (expected a tzsim result folder)");
    return PLT_EINPUT;
  }
  done->compare = is_file(dir, "compare.csv");
  if (!done->compare && !is_file(dir, "monthly.csv")) {
    sim_errs_add(e, dir, 0, NULL,
                 "not a tzsim result folder (expected monthly.csv of a run or compare.csv of a comparison)");
    return PLT_EINPUT;
  }
  snprintf(done->plots, sizeof done->plots, "%s/plots", dir);
  snprintf(done->report, sizeof done->report, "%s/report.html", dir);
  char tmp[4200], aside[4200], report_tmp[4200];
  long pid = (long)getpid();
  snprintf(tmp, sizeof tmp, "%s/.plots.partial-%ld", dir, pid);
  snprintf(aside, sizeof aside, "%s/.plots.old-%ld", dir, pid);
  snprintf(report_tmp, sizeof report_tmp, "%s/.report.html.partial-%ld", dir, pid);

  plt_run run;
  plt_compare cmp;
  memset(&run, 0, sizeof run);
  memset(&cmp, 0, sizeof cmp);
  plt_figs figs;
  memset(&figs, 0, sizeof figs);
  plt_status rc = PLT_OK;
  plt_lang lang = o ? o->lang : PLT_LANG_EN;
  sim_status s = done->compare ? plt_compare_load(dir, &cmp, e) : plt_run_load(dir, &run, e);
  if (s != SIM_OK) {
    rc = of_sim(s);
    goto out;
  }
  sim_remove_tree(tmp);
  if (mkdir(tmp, 0777) != 0) {
    sim_errs_add(e, NULL, 0, NULL, "tzsim: cannot create %s: %s (expected a writable result folder)", tmp,
                 strerror(errno));
    rc = PLT_EIO;
    goto out;
  }
  s = done->compare ? plt_write_compare_figures(&cmp, tmp, lang, &figs, e)
                    : plt_write_run_figures(&run, tmp, lang, &figs, e);
  if (s != SIM_OK) {
    rc = of_sim(s);
    goto out;
  }
  if (o && o->stop && *o->stop) {
    rc = PLT_EINTR;
    goto out;
  }

  /* gnuplot draws each figure from its script. */
  const char **scripts = malloc((size_t)(figs.n ? figs.n : 1) * sizeof *scripts);
  char(*names)[220] = malloc((size_t)(figs.n ? figs.n : 1) * sizeof *names);
  if (!scripts || !names) {
    free(scripts);
    free(names);
    sim_errs_add(e, NULL, 0, NULL, "tzsim: out of memory while drawing the figures");
    rc = PLT_ENOMEM;
    goto out;
  }
  for (int i = 0; i < figs.n; i++) {
    snprintf(names[i], sizeof names[i], "%s.gp", figs.v[i].base);
    scripts[i] = names[i];
  }
  char why[600];
  plt_gnuplot_status gs = plt_gnuplot_run(tmp, scripts, figs.n, o ? o->stop : NULL, why, sizeof why);
  free(scripts);
  free(names);
  if (o && o->stop && *o->stop) {
    rc = PLT_EINTR;
    goto out;
  }
  /* Every figure must be there, as a PNG and an SVG. */
  for (int i = 0; i < figs.n && gs == PLT_GNUPLOT_OK; i++) {
    char png[4500], svg[4500];
    snprintf(png, sizeof png, "%s/%s.png", tmp, figs.v[i].base);
    snprintf(svg, sizeof svg, "%s/%s.svg", tmp, figs.v[i].base);
    if (!looks_like(png, "\x89PNG\r\n\x1a\n", 8, 1000) || !looks_like(svg, "<svg", 4, 200) ||
        !ends_like(png, "IEND\xae\x42\x60\x82", 8, 64) || !ends_like(svg, "</svg>", 6, 200)) {
      gs = PLT_GNUPLOT_FAILED;
      snprintf(why, sizeof why, "it did not draw %s.png and %s.svg", figs.v[i].base, figs.v[i].base);
    }
  }
  /* gnuplot failing to write its images is a write failure, reported as such (naming the file),
   * not as a gnuplot to install. */
  char failed_file[4500] = "", failed_why[300] = "";
  for (int i = 0; i < figs.n && gs == PLT_GNUPLOT_FAILED && !failed_file[0]; i++)
    for (int k = 0; k < 2 && !failed_file[0]; k++) {
      char img[4500];
      snprintf(img, sizeof img, "%s/%s.%s", tmp, figs.v[i].base, k ? "svg" : "png");
      if (write_failure(img, tmp, failed_why, sizeof failed_why))
        snprintf(failed_file, sizeof failed_file, "%s/%s.%s", done->plots, figs.v[i].base, k ? "svg" : "png");
    }
  if (gs != PLT_GNUPLOT_OK) {
    /* Data and scripts stay, so the figures can be drawn later; no image that might be partial. An
     * existing plots folder (complete, of the same result) is kept. */
    remove_images(tmp, &figs);
    if (gs == PLT_GNUPLOT_MISSING) {
      char log[4500];
      snprintf(log, sizeof log, "%s/gnuplot.log", tmp);
      unlink(log);
    }
    if (write_readme(tmp, done->plots, &figs, 0, e) != SIM_OK) {
      rc = PLT_EIO;
      goto out;
    }
    if (lstat(done->plots, &st) != 0 && rename(tmp, done->plots) != 0) {
      sim_errs_add(e, NULL, 0, NULL, "tzsim: cannot move the figures' data into %s: %s", done->plots, strerror(errno));
      rc = PLT_EIO;
      goto out;
    }
    if (failed_file[0]) {
      sim_errs_add(e, NULL, 0, NULL,
                   "tzsim: cannot write %s: %s (expected room on the disk and no lower file-size limit); data and "
                   "scripts are in %s",
                   failed_file, failed_why, done->plots);
      rc = PLT_EIO;
      goto out;
    }
    if (gs == PLT_GNUPLOT_MISSING)
      sim_errs_add(e, NULL, 0, NULL,
                   "tzsim: gnuplot not found: install it (Debian: apt-get install gnuplot-nox); data and scripts are "
                   "in %s",
                   done->plots);
    else
      sim_errs_add(e, NULL, 0, NULL,
                   "tzsim: gnuplot failed (%s): install gnuplot with the pngcairo and svg terminals (Debian: apt-get "
                   "install gnuplot-nox); data and scripts are in %s",
                   why, done->plots);
    rc = gs == PLT_GNUPLOT_MISSING ? PLT_ENOGNUPLOT : PLT_EGNUPLOT;
    goto out;
  }
  char log[4500];
  snprintf(log, sizeof log, "%s/gnuplot.log", tmp);
  unlink(log);
  if (write_readme(tmp, done->plots, &figs, 1, e) != SIM_OK) {
    rc = PLT_EIO;
    goto out;
  }
  s = done->compare ? plt_write_compare_report(&cmp, &figs, tmp, lang, report_tmp, done->report, e)
                    : plt_write_run_report(&run, &figs, tmp, lang, report_tmp, done->report, e);
  if (s != SIM_OK) {
    rc = of_sim(s);
    goto out;
  }
  if (o && o->stop && *o->stop) {
    rc = PLT_EINTR;
    goto out;
  }
  if (replace_dir(tmp, done->plots, aside) != 0) {
    sim_errs_add(e, NULL, 0, NULL, "tzsim: cannot move the figures into %s: %s", done->plots, strerror(errno));
    rc = PLT_EIO;
    goto out;
  }
  if (rename(report_tmp, done->report) != 0) {
    sim_errs_add(e, NULL, 0, NULL, "tzsim: cannot move the report into %s: %s", done->report, strerror(errno));
    rc = PLT_EIO;
    goto out;
  }
  done->figures = figs.n;
out:
  if (rc == PLT_EINTR) sim_errs_add(e, NULL, 0, NULL, "tzsim: interrupted; the figures were not written");
  sim_remove_tree(tmp); /* gone already when renamed into place */
  unlink(report_tmp);
  plt_figs_free(&figs);
  if (done->compare)
    plt_compare_free(&cmp);
  else
    plt_run_free(&run);
  return rc;
}
