/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cmd_plot.c: tzsim plot DIR, and the figures that run --plot and compare --plot draw once their
 * result is committed. The work is in plots/ (layer 4), which reads only the result folder. */
#include <stdio.h>

#include "plots/i18n.h"
#include "plots/plot.h"
#include "app/commands.h"

/* Draw, report, and map the outcome to an exit code. after_run: the folder was just written by
 * this process, so even a malformed one is a plotting failure, not bad input. */
static int draw(const char *dir, int quiet, int after_run, const char *lang) {
  sim_errs e;
  sim_errs_init(&e);
  plt_options o = {&sim_stop_requested, plt_lang_choose(lang)};
  plt_done done;
  plt_status st = plt_plot_dir(dir, &o, &done, &e);
  for (size_t i = 0; i < e.count; i++) fprintf(stderr, "%s\n", e.msg[i]);
  sim_errs_destroy(&e);
  switch (st) {
  case PLT_OK:
    if (!quiet)
      printf(plt_tr(o.lang, "%d figures -> %s; report -> %s\n", "%d figures -> %s ; rapport -> %s\n"), done.figures,
             done.plots, done.report);
    return 0;
  case PLT_EINTR: return 130;
  case PLT_EINPUT: return after_run ? SIM_EXIT_PLOT : 2;
  default: return SIM_EXIT_PLOT;
  }
}

int sim_cmd_plot(const sim_cli *c) {
  sim_install_signals();
  return draw(c->pos[0], c->quiet, 0, c->lang);
}

int sim_plot_result(const char *dir, int quiet, const char *lang) {
  (void)fflush(stdout); /* the run's table first */
  return draw(dir, quiet, 1, lang);
}
