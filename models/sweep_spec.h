/* SPDX-License-Identifier: GPL-3.0-or-later */
/* sweep_spec.h: the `sweep` and `calibrate` blocks of a scenario file: which parameters (any
 * scenario key, by its --set path) vary, how, and what is measured or fitted. The scenario loader
 * ignores these two top-level names (handled_elsewhere[] in scenario.c); this module reads them
 * with registry tables of their own (sim/params.h), each problem as "FILE:LINE: key: problem
 * (expected ...)". */
#ifndef MDL_SWEEP_SPEC_H
#define MDL_SWEEP_SPEC_H
#include <stddef.h>
#include <stdint.h>

#include "models/params.h"
#include "sim/errs.h"
#include "sim/sa.h"

#define MDL_STUDY_MAX_KEYS 24 /* e.g. a range's lo and hi in each of 10 territory templates */
#define MDL_STUDY_MAX_VALUES 64
#define MDL_STUDY_MAX_OUTPUTS 32
#define MDL_CALIB_MAX_PARAMS 16

/* One varied or fitted parameter: a value x applied as --set overrides to one or more keys. */
typedef struct {
  char name[256]; /* column name: `name`, else the first key */
  int nkeys;
  char keys[MDL_STUDY_MAX_KEYS][256];  /* --set paths, e.g. territories.*.volunteer_rate */
  char format[256];                    /* "" or the value's text with {} for x */
  int multiply;                        /* x multiplies each key's value in the scenario */
  sa_input in;                         /* the distribution of x (in.values points nowhere: see values) */
  double values[MDL_STUDY_MAX_VALUES]; /* SA_DISCRETE */
  double start;                        /* calibrate: start of the search */
  int has_start;
  int line; /* of the parameter's group */
} mdl_study_param;

typedef struct {
  char text[256];                    /* as written */
  int figure;                        /* index into mdl_figures */
  char territory[SIM_PARAM_STR_MAX]; /* "" for the total */
} mdl_study_output;

typedef struct {
  int present;
  char file[1024];
  int line;
  sa_method method;
  size_t samples;
  int levels, bootstrap;
  uint64_t seed;
  int has_seed;
  int64_t replications; /* 0: the scenario's */
  int nparams;
  mdl_study_param params[SA_MAX_INPUTS];
  int noutputs;
  mdl_study_output outputs[MDL_STUDY_MAX_OUTPUTS];
} mdl_sweep_spec;

typedef struct {
  int present;
  char file[1024];
  int line;
  int nparams;
  mdl_study_param params[MDL_CALIB_MAX_PARAMS]; /* in.lo, in.hi: the bounds */
  int64_t replications, months;                 /* 0: the scenario's */
  int max_evaluations;
  double tolerance, step;
  char targets[2048];    /* resolved against the scenario's folder; "" if none */
  int has_cutoff;        /* cutoff = "YYYY-MM": targets dated after it are held out (backtest) */
  int32_t cutoff;        /* month index (sim_cal_parse) */
  int skip_unknown;      /* skip_unknown = true: rows of a territory or variable the scenario lacks are skipped */
  char total_label[128]; /* total_label = "NAME": stands for the total group besides "total"; "" = "ALL" */
  int abc_samples;       /* 0: no approximate Bayesian computation */
  double abc_accept;
  uint64_t abc_seed;
  int has_abc_seed;
} mdl_calib_spec;

/* Read the block of the scenario file `path`; s is the scenario loaded from it (for territory
 * names and the values `multiply` scales), or NULL when it did not load (those checks are then
 * skipped). A missing block gives SIM_OK with present = 0. */
sim_status mdl_sweep_read(const char *path, const mdl_scenario *s, mdl_sweep_spec *spec, sim_errs *e);
sim_status mdl_calib_read(const char *path, const mdl_scenario *s, mdl_calib_spec *spec, sim_errs *e);
/* Check both blocks if present (tzsim check, run): every problem into e. */
sim_status mdl_study_check(const char *path, const mdl_scenario *s, sim_errs *e);

/* A growing list of "KEY=VALUE" strings. */
typedef struct {
  int n, cap;
  char **s;
} mdl_setlist;
int mdl_setlist_add(mdl_setlist *l, const char *text);
void mdl_setlist_free(mdl_setlist *l);

/* Append the --set overrides that give parameter p the value x in the scenario base. Returns 0, or
 * -1 (out of memory, or a key the scenario does not have: message in e). */
int mdl_study_sets(const mdl_study_param *p, double x, const mdl_scenario *base, mdl_setlist *out, sim_errs *e);

/* The value of parameter p in the scenario (its first key; the mean over territories for
 * territories.*; 1 with multiply), or NaN when it has none (a format, a template key). */
double mdl_study_current(const mdl_study_param *p, const mdl_scenario *base);

#endif
