/* SPDX-License-Identifier: GPL-3.0-or-later */
/* params.h: the parameter-registry mechanism: one declaration per parameter drives loading,
 * validation, defaults, the resolved-scenario writer and the Markdown parameter table. */
#ifndef SIM_PARAMS_H
#define SIM_PARAMS_H
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "sim/errs.h"

typedef enum {
  SIM_PT_REAL,    /* double */
  SIM_PT_INT,     /* int64_t */
  SIM_PT_BOOL,    /* int, 0 or 1 */
  SIM_PT_DATE,    /* int32_t month index (year*12 + month-1), written "YYYY-MM" */
  SIM_PT_CHOICE,  /* int, index into the '|'-separated choices */
  SIM_PT_STRING,  /* char[SIM_PARAM_STR_MAX] */
  SIM_PT_STEPS,   /* sim_cal_steps: a calendar step function (("YYYY-MM", value), ...) */
  SIM_PT_ARRAY,   /* double[len] */
  SIM_PT_RANGE,   /* double[2]: [lo, hi] with lo < hi, each in [p->lo, p->hi] */
  SIM_PT_STRINGS, /* char[len][size]: a list of 1 to len strings; the count (int) at count_offset */
  SIM_PT_NUMBERS, /* double[len]: a list of 1 to len numbers in [p->lo, p->hi]; the count at count_offset */
  SIM_PT_GROUPS   /* a list of 1 to len groups, element i read with the table `sub` at offset + i * size;
                    the count at count_offset */
} sim_ptype;

/* sim_param.flags */
#define SIM_PF_LO_OPEN 1u  /* a number must be above lo, not equal to it */
#define SIM_PF_NONEMPTY 2u /* a string (or each string of a list) must not be empty */
#define SIM_PF_OPTIONAL 4u /* no default and not required: absent, the field keeps what the caller put there */
#define SIM_PF_IN_GROUP 8u /* "group.key": required when its group is given, not otherwise */

/* sim_param_table.flags */
#define SIM_TF_LIST_KEYS 1u /* an unknown key's message lists the known ones (small tables) */
#define SIM_TF_ORIGINS 2u   /* the target holds its origin at at_offset and its keys' at where_offset */

#define SIM_PARAM_STR_MAX 128

/* One parameter. `key` is "name" at the top of its scope or "group.name" inside a group;
 * `def` is the default in libconfig syntax, or NULL when the parameter is required (unless a flag
 * says SIM_PF_OPTIONAL or SIM_PF_IN_GROUP). */
struct sim_param_table;

/* Field order follows the registry tables' positional initialisers, not the best packing. */
// NOLINTNEXTLINE(clang-analyzer-optin.performance.Padding)
typedef struct {
  const char *key;
  sim_ptype type;
  size_t offset; /* where the value lives in the target struct */
  int len;       /* SIM_PT_ARRAY: exact number of elements */
  double lo, hi; /* valid range of the value, or of each element or step value */
  const char *def;
  const char *choices; /* SIM_PT_CHOICE: "linear|logistic" */
  const char *unit;
  const char *meaning;
  const char *source;
  /* Optional, zero for the plain kinds above: */
  const char *expect;  /* what the value is, for messages: replaces the wording of strings, dates and
                         lists ("a CSV file name"); follows a number's range after ": " */
  const char *item;    /* lists: what one element is, for messages ("a --set path") */
  size_t size;         /* SIM_PT_STRING, SIM_PT_STRINGS: bytes of a string's buffer (0: SIM_PARAM_STR_MAX);
                         SIM_PT_GROUPS: bytes of one element */
  size_t count_offset; /* lists: where the int count of elements lives */
  const struct sim_param_table *sub; /* SIM_PT_GROUPS: the table of one element */
  unsigned flags;                    /* SIM_PF_* */
} sim_param;

typedef struct sim_param_table {
  const char *scope; /* "scenario" or "territory": used in messages and docs */
  const sim_param *params;
  size_t count;
  unsigned flags;      /* SIM_TF_* */
  size_t at_offset;    /* SIM_TF_ORIGINS: a sim_param_origin, where the group was */
  size_t where_offset; /* SIM_TF_ORIGINS: a sim_param_origin[count], where each key was (file NULL: absent) */
} sim_param_table;

/* Where a value came from, for messages: a file and line, or "--set" with no line. */
typedef struct {
  const char *file;
  int line;
  int invalid; /* the value was present but refused */
} sim_param_origin;

/* Set every parameter that has a default to it. Returns SIM_OK, or SIM_EPARAM if a default in the
 * registry itself is malformed (a programming error, reported in e). */
sim_status sim_params_defaults(const sim_param_table *t, void *target, sim_errs *e);

/* Read a libconfig group (opaque here so that only params.c includes libconfig.h) into target:
 * each known key is type- and range-checked; unknown keys are errors with a suggestion; keys in
 * `skip` (NULL-terminated, top-level names handled by the caller) are ignored. `path` prefixes
 * key names in messages (e.g. "territories[3]."), may be "". `file` names settings that libconfig
 * read from a string (it records no file for them). `where` (t->count entries, may be
 * NULL) receives the file and line each key was read from; entries of keys not found are left
 * as they were. Every problem is appended to e; nothing stops at the first. */
void sim_params_read_group(const void *config_group, const char *file, const sim_param_table *t, void *target,
                           sim_param_origin *where, const char *path, const char *const *skip, sim_errs *e);

/* Report each required parameter (def == NULL) whose `where` entry has no file as missing;
 * `at` locates the message (the enclosing group). */
void sim_params_check_required(const sim_param_table *t, const sim_param_origin *where, sim_param_origin at,
                               const char *path, sim_errs *e);

/* Apply KEY = VALUE (VALUE in libconfig syntax; bare words are taken as strings for string,
 * choice and date parameters). `shown` names the key in messages (NULL: key). Returns the
 * parameter index, or -1 with a message in e (and the index in *where's sense: see below). */
int sim_params_set_text(const sim_param_table *t, void *target, const char *key, const char *value,
                        sim_param_origin where, const char *shown, sim_errs *e);

/* What a libconfig setting (a config_setting_t, opaque here) is, for messages: "a group", "an
 * integer", ... */
const char *sim_params_type_name(const void *config_setting);

/* A number for a message: an integer without exponent, else the fewest digits (6 to 17) that read
 * back as the same double, so a value just outside a bound never shows as the bound itself. */
void sim_params_fmt_num(char *buf, size_t n, double v);

/* A real with 17 significant digits and a decimal point or exponent ("2.0", not "2"). */
void sim_params_fmt_real(char *buf, size_t n, double v);

/* The "expected ..." text of a parameter, shared by every message and document about it. */
void sim_params_expected(const sim_param *p, char *buf, size_t n);

/* Bytes of a string parameter's buffer. */
static inline size_t sim_params_str_size(const sim_param *p) { return p->size ? p->size : SIM_PARAM_STR_MAX; }

/* Edit distance of two short strings (99 beyond 63 bytes), for "did you mean" suggestions. */
size_t sim_params_edit_distance(const char *a, const char *b);

/* Find a parameter by key, or NULL. */
const sim_param *sim_params_find(const sim_param_table *t, const char *key);

/* Write every parameter of the table in libconfig syntax, grouping "group.name" keys into
 * groups, each with a comment giving its unit and meaning. Returns 0, or -1 on a write error. */
int sim_params_write(FILE *f, const sim_param_table *t, const void *target, int indent);

/* Write one parameter's value in libconfig syntax. */
int sim_params_write_value(FILE *f, const sim_param *p, const void *target);

/* Write the Markdown table of the registry (key, meaning, unit, default, valid range, source). */
int sim_params_markdown(FILE *f, const sim_param_table *t);

/* Readable entries (key, meaning, unit, default, range, source; lines under 100 columns) of the
 * parameters whose key matches the glob pattern (fnmatch); returns how many. `before`: entries
 * already printed (a blank line separates entries). */
int sim_params_print_matching(FILE *f, const sim_param_table *t, const char *pattern, int before);
/* The key of t nearest to key by edit distance if below *dist (then *dist is updated), else NULL. */
const char *sim_params_nearest(const sim_param_table *t, const char *key, size_t *dist);

/* A parsed scenario file (from `path`, or from `text` named `name` in messages), read by the
 * scenario reader (sim/scenario_text.h). Its settings are handed out as opaque pointers, so that
 * libconfig stays in this file; they live until the document is closed. */
typedef struct sim_params_doc sim_params_doc;
sim_status sim_params_doc_open(const char *path, const char *text, const char *name, sim_params_doc **out, sim_errs *e);
void sim_params_doc_close(sim_params_doc *d);
const void *sim_params_doc_root(const sim_params_doc *d);
/* A member of a group setting by name (NULL if absent, or if `group` is NULL or not a group); an
 * element of a list or array; a setting's name (NULL for elements); its kind; its string (NULL if
 * it is not one); where it was read (`file` for settings read from text). */
const void *sim_params_member(const void *group, const char *name);
int sim_params_length(const void *setting);
const void *sim_params_elem(const void *setting, int i);
const char *sim_params_name(const void *setting);
int sim_params_is_group(const void *setting);
int sim_params_is_list(const void *setting);
int sim_params_is_array(const void *setting);
const char *sim_params_string(const void *setting);
/* The setting at a dotted path from group (e.g. "calendar.cde_rate"), or NULL. */
const void *sim_params_lookup(const void *group, const char *path);
/* A number setting (integer or float) into *out: 1, or 0 if the setting is NULL or not a number. */
int sim_params_number(const void *setting, double *out);
sim_param_origin sim_params_origin(const void *setting, const char *file);

/* Read the top-level group `name` of a document (root) with table t, key names prefixed "name.".
 * 0 if there is none; -1 if it is not a group ("wrong type, ... (expected EXPECT)"); 1 when read.
 * *at receives where it was (on 1 and -1). */
int sim_params_read_block(const void *root, const char *file, const char *name, const char *expect,
                          const sim_param_table *t, void *target, sim_param_origin *where, sim_param_origin *at,
                          sim_errs *e);

/* Where key k of table t was read (NULL if it was not). */
const sim_param_origin *sim_params_where(const sim_param_table *t, const sim_param_origin *where, const char *key);

/* Escape a string for a libconfig or JSON string literal (both use C-like escapes). */
void sim_params_quote(FILE *f, const char *s);

#endif
