/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_template.c: generated territories: the template registry, reproducible draws from the seed,
 * every draw inside its declared support, the resolved scenario round trip, exact FILE:LINE
 * messages for malformed templates and overrides, and the extension and generalisation scenarios
 * (the pilots unchanged and paired, generalisation.cfg run at a large scale). */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "models/params.h"
#include "models/scenario.h"
#include "models/template.h"
#include "test_util.h"

/* Two families: named territories then generated ones; a beta PPDE share and a uniform size. */
static const char two_families[] =
    "name = \"tpl\"; start = \"2020-01\"; months = 36; seed = 11;\n"
    "territories = ( { name = \"Listed\"; population = 2000; ppde_start = 100; unemployed_start = 120; program_start = "
    "\"2020-01\"; } );\n"
    "territory_templates = (\n"
    "  { name_prefix = \"Wave\"; count = 12; names = [\"North\", \"South\"]; departments = [\"44\", \"\"];\n"
    "    program_start: { from = \"2020-03\"; to = \"2021-06\"; };\n"
    "    territory: { department_share = 0.15; hire_max = 4; }; },\n"
    "  { count = 8; program_start: { from = \"2020-01\"; to = \"2020-01\"; };\n"
    "    inhabitants: { dist = \"uniform\"; min = 2000; max = 3000; };\n"
    "    ppde_share: { dist = \"beta\"; lo = 0.05; hi = 0.08; alpha = 2.0; beta = 5.0; };\n"
    "    ramp_months: { lo = 6; hi = 6; }; }\n"
    ");\n";

/* The resolved scenario text (what a run writes as scenario.cfg); the caller frees it. */
static char *resolved(const mdl_scenario *s, size_t *n) {
  char *text = NULL;
  FILE *f = open_memstream(&text, n);
  assert_non_null(f);
  assert_int_equal(mdl_scenario_write(f, s), 0);
  fclose(f);
  return text;
}

/* One territory's keys as text, to compare territories of two scenarios. */
static char *territory_text(const mdl_territory *t) {
  char *text = NULL;
  size_t n = 0;
  FILE *f = open_memstream(&text, &n);
  assert_non_null(f);
  assert_int_equal(sim_params_write(f, &mdl_territory_params, t, 0), 0);
  fclose(f);
  return text;
}

static void assert_same_territory(const mdl_territory *a, const mdl_territory *b) {
  char *x = territory_text(a), *y = territory_text(b);
  assert_string_equal(x, y);
  free(x);
  free(y);
}

/* Load text that must be refused; returns the messages (caller destroys). */
static sim_errs load_bad(const char *text, const char *const *sets, int nsets) {
  mdl_scenario s;
  sim_errs e;
  sim_errs_init(&e);
  assert_int_equal(mdl_scenario_load(NULL, text, "t.cfg", sets, nsets, &s, &e), SIM_EPARAM);
  return e;
}

static void assert_messages(const sim_errs *e, const char *const *expect, size_t n) {
  int same = e->count == n;
  for (size_t i = 0; i < e->count && i < n; i++) same = same && strcmp(e->msg[i], expect[i]) == 0;
  if (!same)
    for (size_t i = 0; i < e->count; i++) fprintf(stderr, "  got: %s\n", e->msg[i]);
  for (size_t i = 0; i < e->count && i < n; i++) assert_string_equal(e->msg[i], expect[i]);
  assert_int_equal(e->count, n);
}

/* ---- the registry ---- */

static void test_registry(void **state) {
  (void)state;
  const sim_param_table *t = &mdl_template_params;
  assert_string_equal(t->scope, "template");
  for (size_t i = 0; i < t->count; i++) {
    const sim_param *p = &t->params[i];
    assert_non_null(p->meaning);
    assert_non_null(p->unit);
    assert_non_null(p->source);
    for (size_t j = i + 1; j < t->count; j++) assert_string_not_equal(p->key, t->params[j].key);
    /* Keys of a group are contiguous (the writer and the docs list each group once). */
    const char *dot = strchr(p->key, '.');
    if (!dot) continue;
    size_t g = (size_t)(dot - p->key) + 1;
    int left = 0;
    for (size_t j = i + 1; j < t->count; j++) {
      int same = strncmp(t->params[j].key, p->key, g) == 0;
      if (!same) left = 1;
      if (same && left) fail_msg("group of %s is split in the registry", p->key);
    }
  }
  mdl_tpl tpl;
  sim_errs e;
  sim_errs_init(&e);
  assert_int_equal(sim_params_defaults(t, &tpl, &e), SIM_OK);
  assert_int_equal(e.count, 0);
  assert_int_equal(tpl.inhabitants_dist, MDL_TPL_LOGNORMAL);
  assert_true(tpl.inhabitants_median == 6900.0);
  /* Every key the template draws is a territory key; the others are not refused. */
  for (const char *const *k = mdl_tpl_drawn_keys; *k; k++) {
    assert_non_null(sim_params_find(&mdl_territory_params, *k));
    assert_non_null(mdl_tpl_hint_of(*k));
  }
  assert_null(mdl_tpl_hint_of("hire_max"));
  sim_errs_destroy(&e);
}

/* The template streams are apart from every replication's stream of the same seed. */
static void test_key_apart_from_replications(void **state) {
  (void)state;
  for (uint64_t seed = 0; seed < 3; seed++) {
    sim_rng_key k = mdl_tpl_key(seed);
    for (uint32_t rep = 0; rep <= 100000; rep++) {
      sim_rng_key r = sim_rng_key_make(seed, rep);
      assert_false(r.k[0] == k.k[0] && r.k[1] == k.k[1]);
    }
  }
}

/* ---- reproducibility ---- */

static void test_same_seed_same_territories(void **state) {
  (void)state;
  mdl_scenario a, b;
  tu_load(two_families, NULL, 0, &a);
  tu_load(two_families, NULL, 0, &b);
  assert_int_equal(a.n_territories, 1 + 12 + 8);
  size_t na, nb;
  char *ta = resolved(&a, &na), *tb = resolved(&b, &nb);
  assert_int_equal(na, nb);
  assert_memory_equal(ta, tb, na);
  /* The listed territory comes first, then each family in order, named ones first. */
  assert_string_equal(a.territories[0].name, "Listed");
  assert_string_equal(a.territories[1].name, "North");
  assert_string_equal(a.territories[1].department, "44");
  assert_string_equal(a.territories[2].name, "South");
  assert_string_equal(a.territories[2].department, "");
  assert_string_equal(a.territories[3].name, "Wave 001");
  assert_string_equal(a.territories[12].name, "Wave 010");
  assert_string_equal(a.territories[13].name, "Generated 001");
  assert_string_equal(a.territories[20].name, "Generated 008");
  /* Fixed keys of the family, and territory_defaults for the rest. */
  assert_true(a.territories[5].department_share == 0.15);
  assert_int_equal(a.territories[5].hire_max, 4);
  assert_int_equal(a.territories[15].hire_max, 10);
  /* The replications do not matter: they do not enter the draws. */
  const char *sets[] = {"replications=7"};
  mdl_scenario c;
  tu_load(two_families, sets, 1, &c);
  for (int k = 0; k < a.n_territories; k++) assert_same_territory(&a.territories[k], &c.territories[k]);
  free(ta);
  free(tb);
  mdl_scenario_free(&a);
  mdl_scenario_free(&b);
  mdl_scenario_free(&c);
}

static void test_other_seed_other_territories(void **state) {
  (void)state;
  mdl_scenario a, b;
  const char *sets[] = {"seed=12"};
  tu_load(two_families, NULL, 0, &a);
  tu_load(two_families, sets, 1, &b);
  int differ = 0;
  for (int k = 1; k < a.n_territories; k++) {
    assert_string_equal(a.territories[k].name, b.territories[k].name);
    if (a.territories[k].population != b.territories[k].population) differ++;
  }
  /* Family 2 is uniform on 1,200-1,800 working-age persons: a tie is possible, not a majority. */
  assert_true(differ >= a.n_territories - 4);
  assert_same_territory(&a.territories[0], &b.territories[0]);
  mdl_scenario_free(&a);
  mdl_scenario_free(&b);
}

/* Drawing more territories appends them: the first ones do not change. */
static void test_larger_count_appends(void **state) {
  (void)state;
  mdl_scenario a, b;
  const char *sets[] = {"territory_templates.1.count=30"};
  tu_load(two_families, NULL, 0, &a);
  tu_load(two_families, sets, 1, &b);
  assert_int_equal(b.n_territories, 1 + 30 + 8);
  for (int k = 0; k < 13; k++) assert_same_territory(&a.territories[k], &b.territories[k]);
  /* The second family keeps its draws too (its stream is its own). */
  for (int k = 0; k < 8; k++) assert_same_territory(&a.territories[13 + k], &b.territories[31 + k]);
  mdl_scenario_free(&a);
  mdl_scenario_free(&b);
}

/* ---- supports ---- */

static mdl_tpl default_template(void) {
  mdl_tpl t;
  sim_errs e;
  sim_errs_init(&e);
  assert_int_equal(sim_params_defaults(&mdl_template_params, &t, &e), SIM_OK);
  sim_errs_destroy(&e);
  t.entry_from = 2021 * 12 + 6;
  t.entry_to = 2022 * 12 + 11;
  return t;
}

/* Every drawn value within its distribution's support, and the territory keys derived from it. */
static void check_support(const mdl_tpl *t, int n, uint64_t seed) {
  mdl_territory base, *out = calloc((size_t)n, sizeof *out);
  memset(&base, 0, sizeof base);
  mdl_tpl_draw *d = calloc((size_t)n, sizeof *d);
  assert_non_null(out);
  assert_non_null(d);
  sim_errs e;
  sim_errs_init(&e);
  assert_int_equal(sim_params_defaults(&mdl_territory_params, &base, &e), SIM_OK);
  mdl_tpl u = *t;
  u.count = n;
  assert_int_equal(mdl_tpl_generate(&u, &base, NULL, NULL, 0, seed, 3, out, d), SIM_OK);
  for (int j = 0; j < n; j++) {
    const mdl_tpl_draw *x = &d[j];
    const mdl_territory *y = &out[j];
    assert_true(x->inhabitants >= (double)t->inhabitants_min && x->inhabitants <= (double)t->inhabitants_max);
    assert_true(x->ppde_share >= t->ppde_share_lo && x->ppde_share <= t->ppde_share_hi);
    assert_true(x->unemployed_per_ppde >= t->unemployed_per_ppde_lo &&
                x->unemployed_per_ppde <= t->unemployed_per_ppde_hi);
    assert_true(x->volunteer_rate >= t->volunteer_rate_lo && x->volunteer_rate <= t->volunteer_rate_hi);
    assert_true(x->capacity_max_per_ppde >= t->capacity_max_per_ppde_lo &&
                x->capacity_max_per_ppde <= t->capacity_max_per_ppde_hi);
    assert_true(x->capacity_start_share >= t->capacity_start_share_lo &&
                x->capacity_start_share <= t->capacity_start_share_hi);
    assert_in_range(x->ramp_months, t->ramp_months_lo, t->ramp_months_hi);
    assert_in_range(x->program_start, t->entry_from, t->entry_to);
    /* The territory keys follow from the draws by rounding only. */
    double share = t->working_age_share;
    assert_in_range(y->population, (int64_t)floor((double)t->inhabitants_min * share + 0.5),
                    (int64_t)floor((double)t->inhabitants_max * share + 0.5));
    assert_int_equal(y->ppde_start, (int64_t)floor((double)y->population * x->ppde_share + 0.5));
    assert_true(y->ppde_start + y->unemployed_start <= y->population);
    assert_true(y->capacity_start <= y->capacity_max);
    assert_true(y->capacity_max == (double)y->ppde_start * x->capacity_max_per_ppde);
    assert_true(y->volunteer_rate == x->volunteer_rate);
    assert_int_equal(y->ramp_months, x->ramp_months);
    assert_int_equal(y->program_start, x->program_start);
    assert_int_equal(y->program, 1);
  }
  free(out);
  free(d);
  sim_errs_destroy(&e);
}

static void test_draws_within_support(void **state) {
  (void)state;
  mdl_tpl t = default_template();
  check_support(&t, 3000, 1);
  /* Ranges everywhere, a beta share, a tight truncation far in the tail, a uniform size. */
  t.volunteer_rate_lo = 0.01;
  t.volunteer_rate_hi = 0.05;
  t.unemployed_per_ppde_lo = 0.5;
  t.unemployed_per_ppde_hi = 2.0;
  t.ppde_share_dist = MDL_TPL_SHARE_BETA;
  t.ppde_share_alpha = 0.3;
  t.ppde_share_beta = 0.3;
  t.inhabitants_min = 19000;
  t.inhabitants_max = 20000;
  t.inhabitants_median = 19500;
  t.inhabitants_sigma = 0.01;
  check_support(&t, 3000, 2);
  t.inhabitants_median = 19000; /* the whole support in the upper tail */
  t.inhabitants_sigma = 5.0;
  check_support(&t, 1000, 3);
  t.inhabitants_dist = MDL_TPL_UNIFORM;
  t.ppde_share_lo = t.ppde_share_hi = 0.1; /* degenerate ranges are allowed */
  t.ramp_months_lo = t.ramp_months_hi = 0;
  check_support(&t, 1000, 4);
}

/* The default template reproduces the phase-2 sizes it is fitted to (35/39/26 %, mean 7,400). */
static void test_default_sizes_match_phase2(void **state) {
  (void)state;
  mdl_tpl t = default_template();
  int n = 40000, small = 0, mid = 0;
  double sum = 0;
  mdl_tpl_draw d;
  gsl_rng *r = gsl_rng_alloc(sim_rng_philox_type);
  assert_non_null(r);
  for (int j = 0; j < n; j++) {
    mdl_tpl_draw_one(&t, r, 99, 0, (uint32_t)j, &d);
    small += d.inhabitants < 5000;
    mid += d.inhabitants >= 5000 && d.inhabitants <= 10000;
    sum += d.inhabitants;
  }
  gsl_rng_free(r);
  assert_true(fabs((double)small / n - 0.356) < 0.01);
  assert_true(fabs((double)mid / n - 0.391) < 0.01);
  assert_true(fabs(sum / n - 7464.0) < 100.0);
}

/* ---- the resolved scenario ---- */

/* The written scenario has the drawn territories as plain territories and no template: reading it
 * back gives the same scenario, and writes the same text. */
static void test_resolved_round_trip(void **state) {
  (void)state;
  mdl_scenario a, b;
  const char *sets[] = {"territories.*.hire_max=3", "territories.Wave 002.ramp_months=7", "seed=5"};
  tu_load(two_families, sets, 3, &a);
  assert_int_equal(a.territories[4].ramp_months, 7);
  for (int k = 0; k < a.n_territories; k++) assert_int_equal(a.territories[k].hire_max, 3);
  size_t n, n2;
  char *text = resolved(&a, &n);
  assert_null(strstr(text, "template"));
  tu_load(text, NULL, 0, &b);
  char *text2 = resolved(&b, &n2);
  assert_int_equal(n, n2);
  assert_memory_equal(text, text2, n);
  assert_int_equal(b.n_territories, a.n_territories);
  for (int k = 0; k < a.n_territories; k++) assert_same_territory(&a.territories[k], &b.territories[k]);
  free(text);
  free(text2);
  mdl_scenario_free(&a);
  mdl_scenario_free(&b);
}

/* One territory_template group, no territories list, and a base group overridden key by key. */
static void test_single_group_and_base(void **state) {
  (void)state;
  static const char text[] =
      "name = \"one\"; start = \"2020-01\"; months = 24;\n"
      "base: { seed = 3; months = 12; calendar: { cde_fte_cap = ((\"2016-01\", 5.0)); cde_rate = ((\"2017-01\", 0.9)); "
      "}; };\n"
      "calendar: { cde_fte_cap = ((\"2020-01\", 50.0)); };\n"
      "territory_template: { count = 3; program_start: { from = \"2020-01\"; to = \"2020-06\"; }; };\n";
  mdl_scenario s;
  const char *sets[] = {"territory_template.count=4"};
  tu_load(text, sets, 1, &s);
  assert_int_equal(s.n_territories, 4);
  assert_int_equal(s.seed, 3);
  assert_int_equal(s.months, 24);
  assert_int_equal(s.cde_fte_cap.n, 1);
  assert_true(s.cde_fte_cap.value[0] == 50.0);
  assert_true(s.cde_rate.value[0] == 0.9);
  assert_string_equal(s.territories[3].name, "Generated 004");
  mdl_scenario_free(&s);
}

/* ---- malformed templates ---- */

static void test_malformed_templates(void **state) {
  (void)state;
  static const char text[] =
      "name = \"b\"; start = \"2020-01\"; months = 24;\n"
      "territory_templates = (\n"
      "  { name_prefix = \"W\"; count = 3;\n"
      "    ppde_share: { lo = 0.2; hi = 0.1; };\n"
      "    ramp_month: { lo = 3; hi = 4; };\n"
      "    program_start: { from = \"2021-06\"; to = \"2022-06\"; };\n"
      "    territory: { population = 500; hire_max = -2; };\n"
      "    names = (\"A\", 3); },\n"
      "  { program_start: { from = \"2020-05\"; to = \"2020-02\"; }; inhabitants: { median = 50.0; min = 100; }; },\n"
      "  { count = 2; names = [\"A\", \"B\", \"C\"]; departments = [\"1\"]; program_start: { from = \"2020-01\"; to = "
      "\"2020-01\"; };\n"
      "    ppde_share: { hi = 0.5; }; unemployed_per_ppde: { lo = 1.5; hi = 1.5; }; },\n"
      "  5\n"
      ");\n";
  static const char *const expect[] = {
      "t.cfg:4: territory_templates[1].ppde_share.lo: 0.2 is above ppde_share.hi 0.1 (expected lo <= hi)",
      "t.cfg:5: territory_templates[1].ramp_month: unknown key (expected a template parameter, see 'tzsim params')",
      "t.cfg:6: territory_templates[1].program_start.to: 2022-06 is outside the horizon (expected a date from 2020-01 "
      "to 2021-12)",
      "t.cfg:7: territory_templates[1].territory.population: is drawn by the template (expected inhabitants.* and "
      "working_age_share, or a key the template does not draw)",
      "t.cfg:7: territory_templates[1].territory.hire_max: -2 is out of range (expected an integer in [0, 10000000])",
      "t.cfg:8: territory_templates[1].names: element 2 is an integer (expected a list of strings [\"...\", ...])",
      "t.cfg:9: territory_templates[2].count: missing (expected an integer in [0, 10000])",
      "t.cfg:9: territory_templates[2].inhabitants.median: 50 is outside [inhabitants.min, inhabitants.max] = [100, "
      "20000] (expected min <= median <= max)",
      "t.cfg:9: territory_templates[2].program_start.from: 2020-05 is after program_start.to 2020-02 (expected from <= "
      "to)",
      "t.cfg:10: territory_templates[3].departments: has 1 elements for 3 names (expected one department per name)",
      "t.cfg:10: territory_templates[3].count: 2 is below the 3 names listed (expected count >= the number of names)",
      "t.cfg:11: territory_templates[3].unemployed_per_ppde.hi: ppde_share.hi 0.5 x (1 + 1.5) exceeds 1 (expected PPDE "
      "and short-term unemployed to fit in the population)",
      "t.cfg:12: territory_templates[4]: wrong type, an integer (expected a group { count = ...; ... })",
  };
  sim_errs e = load_bad(text, NULL, 0);
  assert_messages(&e, expect, sizeof expect / sizeof *expect);
  sim_errs_destroy(&e);
}

/* Drawn territories go through the territory checks: unique names, valid values. */
static void test_drawn_territories_checked(void **state) {
  (void)state;
  static const char text[] =
      "name = \"b\"; start = \"2020-01\"; months = 24;\n"
      "territories = ( { name = \"W 001\"; population = 100; ppde_start = 1; unemployed_start = 1; program_start = "
      "\"2020-01\"; } );\n"
      "territory_templates = (\n"
      "  { name_prefix = \"W\"; count = 1; program_start: { from = \"2020-01\"; to = \"2020-01\"; }; },\n"
      "  { count = 1; program_start: { from = \"2020-01\"; to = \"2020-01\"; }; working_age_share = 1.0;\n"
      "    inhabitants: { dist = \"uniform\"; min = 60000000; max = 60000000; median = 60000000.0; };\n"
      "    ppde_share: { lo = 0.13; hi = 0.13; }; capacity_max_per_ppde: { lo = 2.0; hi = 2.0; }; }\n"
      ");\n";
  static const char *const expect[] = {
      "t.cfg:4: territories[2].name: \"W 001\" is already the name of territory 1 (expected unique names)",
      "t.cfg:5: territory_templates[2]: drawn territory \"Generated 001\" has capacity_max = 1.56e+07 (expected a "
      "number in [0, 1e+07]: narrow the template's ranges)",
  };
  sim_errs e = load_bad(text, NULL, 0);
  assert_messages(&e, expect, sizeof expect / sizeof *expect);
  sim_errs_destroy(&e);
}

/* Overrides of template keys: located at --set, in command-line order with the others. */
static void test_template_overrides(void **state) {
  (void)state;
  const char *sets[] = {"territories.*.hire_maxx=3",
                        "territory_templates.3.count=1",
                        "territory_template.count=2",
                        "territory_templates.1.territory.population=4",
                        "territory_templates.1.inhabitants.mediam=3",
                        "territory_templates.x.count=1",
                        "months=0",
                        "territory_templates.2.ramp_months.lo=-1"};
  static const char *const expect[] = {
      "--set: territories.*.hire_maxx: unknown key (expected a territory parameter; did you mean 'hire_max'?)",
      "--set: territory_templates.3.count: no template number 3 (expected N from 1 to 2)",
      "--set: territory_template.count: 2 templates in the scenario (expected territory_templates.N.key)",
      "--set: territory_templates.1.territory.population: is drawn by the template (expected inhabitants.* and "
      "working_age_share, or a key the template does not draw)",
      "--set: territory_templates.1.inhabitants.mediam: unknown key (expected a template parameter; did you mean "
      "'inhabitants.median'?)",
      "--set: territory_templates.x.count: malformed template override (expected territory_templates.N.key, N from 1)",
      "--set: months: 0 is out of range (expected an integer in [1, 1200])",
      "--set: territory_templates.2.ramp_months.lo: -1 is out of range (expected an integer in [0, 1200])",
  };
  sim_errs e = load_bad(two_families, sets, (int)(sizeof sets / sizeof *sets));
  assert_messages(&e, expect, sizeof expect / sizeof *expect);
  sim_errs_destroy(&e);
}

static void test_no_territory(void **state) {
  (void)state;
  static const char text[] =
      "name = \"b\"; start = \"2020-01\"; months = 24;\n"
      "territory_template: { count = 0; program_start: { from = \"2020-01\"; to = \"2020-01\"; }; };\n";
  static const char *const expect[] = {
      "t.cfg: territories: no territory listed and none drawn (expected a territories list or a template with count >= "
      "1)",
  };
  sim_errs e = load_bad(text, NULL, 0);
  assert_messages(&e, expect, 1);
  sim_errs_destroy(&e);
}

/* ---- the scenarios ---- */

/* The extension scenarios carry the pilots of pilots.cfg unchanged, first, with the same seed. */
static void test_extension_scenarios(void **state) {
  (void)state;
  mdl_scenario p, x50, xa;
  tu_load_file("../scenarios/pilots.cfg", NULL, 0, &p);
  tu_load_file("../scenarios/extension-50.cfg", NULL, 0, &x50);
  tu_load_file("../scenarios/extension-actual.cfg", NULL, 0, &xa);
  assert_int_equal(x50.n_territories, 60);
  assert_int_equal(xa.n_territories, 83);
  assert_int_equal(x50.seed, p.seed);
  assert_int_equal(xa.seed, p.seed);
  assert_int_equal(x50.start, p.start);
  for (int k = 0; k < p.n_territories; k++) {
    assert_same_territory(&p.territories[k], &x50.territories[k]);
    assert_same_territory(&p.territories[k], &xa.territories[k]);
  }
  /* habilitations.csv: one template per habilitation date, in order: the running totals are the
   * index ranges (13 by 2021-11, 17 with 2022-03, 28 by 2022-06, ... 83 by 2025-03), and first
   * contracts come 2 to 7 months after the habilitation month. */
  static const struct {
    const char *date;
    int total;
  } by[] = {{"2016-11", 10}, {"2021-11", 13}, {"2022-03", 17}, {"2022-06", 28}, {"2022-11", 42}, {"2022-12", 43},
            {"2023-02", 51}, {"2023-04", 53}, {"2023-10", 58}, {"2024-10", 75}, {"2025-03", 83}};
  for (size_t i = 1; i < sizeof by / sizeof *by; i++) {
    int32_t h;
    assert_int_equal(sim_cal_parse(by[i].date, &h), 0);
    for (int k = by[i - 1].total; k < by[i].total; k++)
      if (xa.territories[k].program_start < h + 2 || xa.territories[k].program_start > h + 7)
        fail_msg("territory %d (%s) starts outside the window of %s", k + 1, xa.territories[k].name, by[i].date);
  }
  assert_string_equal(xa.territories[10].name, "Pont-Chateau");
  assert_string_equal(xa.territories[82].name, "Plesse");
  /* extension-50: the 50 new ones are habilitated in 2021-2022 and start by 2023-07. */
  int32_t from, to;
  sim_cal_parse("2021-07", &from);
  sim_cal_parse("2023-07", &to);
  for (int k = 10; k < 60; k++) assert_in_range(x50.territories[k].program_start, from, to);
  mdl_scenario_free(&p);
  mdl_scenario_free(&x50);
  mdl_scenario_free(&xa);
}

/* Adding territories after the pilots leaves the pilots' months untouched (common random numbers):
 * extension-50's pilots are pilots.cfg's, number for number, over pilots.cfg's 120 months. */
static void test_pilots_paired(void **state) {
  (void)state;
  mdl_scenario p, x;
  tu_load_file("../scenarios/pilots.cfg", NULL, 0, &p);
  tu_load_file("../scenarios/extension-50.cfg", NULL, 0, &x);
  sim_run_result rp, rx;
  mdl_world *wp = tu_run(&p, 2, &rp), *wx = tu_run(&x, 2, &rx);
  for (int step = 0; step < 120; step++)
    for (int k = 0; k < p.n_territories; k++)
      for (int arm = 0; arm < 2; arm++)
        for (int m = 0; m < MDL_M_COUNT; m++)
          if (tu_val(&rp, step, k, arm, m) != tu_val(&rx, step, k, arm, m))
            fail_msg("territory %d, step %d, arm %d, metric %s differ", k, step, arm, mdl_metric_names[m]);
  sim_run_result_free(&rp);
  sim_run_result_free(&rx);
  mdl_world_free(wp);
  mdl_world_free(wx);
  mdl_scenario_free(&p);
  mdl_scenario_free(&x);
}

/* generalisation.cfg runs at a large scale (41,000 agents) and the national envelope binds. */
static void test_generalisation_runs(void **state) {
  (void)state;
  mdl_scenario s;
  const char *sets[] = {"scale=1000"};
  tu_load_file("../scenarios/generalisation.cfg", sets, 1, &s);
  assert_int_equal(s.n_territories, 1);
  assert_int_equal(mdl_scenario_agents(&s, 0), 41000);
  sim_run_result r;
  mdl_world *w = tu_run(&s, 2, &r);
  int K = s.n_territories;
  for (int step = 0; step < r.reported_steps; step++) {
    int32_t month = s.start + step;
    double cap = sim_cal_steps_at(&s.cde_fte_cap, month);
    double fte = tu_val(&r, step, K, 1, MDL_M_EBE_FTE);
    double capacity = tu_val(&r, step, K, 1, MDL_M_CAPACITY_FTE);
    assert_true(tu_val(&r, step, K, 0, MDL_M_EBE) == 0.0);
    /* Never above the envelope, and within a few agents' FTE of it: it is the binding constraint. */
    assert_true(fte <= cap + 1e-6);
    assert_true(fte >= cap - 3.0 * s.scale);
    assert_true(capacity > 2.0 * cap);
    assert_true(tu_val(&r, step, K, 1, MDL_M_QUEUE) > 0.0);
  }
  assert_true(fabs(tu_val(&r, 0, K, 1, MDL_M_POPULATION) - 41e6) < 1e3);
  sim_run_result_free(&r);
  mdl_world_free(w);
  mdl_scenario_free(&s);
}

int main(void) {
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_registry),
      cmocka_unit_test(test_key_apart_from_replications),
      cmocka_unit_test(test_same_seed_same_territories),
      cmocka_unit_test(test_other_seed_other_territories),
      cmocka_unit_test(test_larger_count_appends),
      cmocka_unit_test(test_draws_within_support),
      cmocka_unit_test(test_default_sizes_match_phase2),
      cmocka_unit_test(test_resolved_round_trip),
      cmocka_unit_test(test_single_group_and_base),
      cmocka_unit_test(test_malformed_templates),
      cmocka_unit_test(test_drawn_territories_checked),
      cmocka_unit_test(test_template_overrides),
      cmocka_unit_test(test_no_territory),
      cmocka_unit_test(test_extension_scenarios),
      cmocka_unit_test(test_pilots_paired),
      cmocka_unit_test(test_generalisation_runs),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
