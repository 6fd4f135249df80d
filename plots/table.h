/* SPDX-License-Identifier: GPL-3.0-or-later */
/* table.h: the CSV files of a result folder (monthly.csv, summary.csv, compare.csv) are read with
 * the one CSV reader, sim/csv.h; these names are kept for the plots code that uses them. Its small
 * JSON files (run.json, summary.json, compare.json) are read with jansson in result.c. The plots
 * layer reads nothing else: it knows the files, not the engine or the model that wrote them. */
#ifndef PLT_TABLE_H
#define PLT_TABLE_H
#include <stddef.h>

#include "sim/csv.h"
#include "sim/errs.h"
#include "sim/textio.h"

typedef sim_csv_table plt_table;

static inline sim_status plt_table_read(const char *path, plt_table *t, sim_errs *e) {
  return sim_csv_read(path, t, e);
}
static inline void plt_table_free(plt_table *t) { sim_csv_free(t); }
static inline int plt_table_col(const plt_table *t, const char *name) { return sim_csv_col(t, name); }
static inline const char *plt_table_get(const plt_table *t, size_t row, int col) { return sim_csv_get(t, row, col); }
static inline double plt_table_num(const plt_table *t, size_t row, int col) { return sim_csv_num(t, row, col); }
static inline char *plt_slurp(const char *path, size_t *len) { return sim_slurp(path, len); }

/* "YYYY-MM" as a count of months (year * 12 + month - 1), -1 if it is not exactly such a month. */
int plt_month(const char *date);
#endif
