/* table.h: reading the CSV files of a result folder (monthly.csv, summary.csv, compare.csv) into
 * memory; its small JSON files (run.json, summary.json, compare.json) are read with jansson in
 * result.c. The plots layer reads nothing else: it knows the files, not the engine or the model
 * that wrote them. */
#ifndef PLT_TABLE_H
#define PLT_TABLE_H
#include <stddef.h>

#include "sim/errs.h"

/* A CSV file (RFC 4180: quoted fields, doubled quotes, CRLF or LF) with a header row. */
typedef struct {
  char *buf;    /* the file's text; fields are unquoted in place */
  int ncols;
  char **head;  /* the ncols column names */
  size_t nrows; /* data rows */
  char **cell;  /* nrows * ncols fields, row-major */
} plt_table;

/* The whole file into a NUL-terminated buffer (NULL if unreadable); *len gets its size. */
char *plt_slurp(const char *path, size_t *len);
/* Read a CSV file; on failure one message in e and SIM_EIO (unreadable), SIM_EPARAM (malformed:
 * a line with fewer or more fields than the header, or a last line without its newline, as a file
 * cut short has) or SIM_ENOMEM. */
sim_status plt_table_read(const char *path, plt_table *t, sim_errs *e);
void plt_table_free(plt_table *t);
/* The index of a column, -1 if absent. */
int plt_table_col(const plt_table *t, const char *name);
/* A field ("" if col < 0), and a field as a number (NaN if empty, absent or not a number). */
const char *plt_table_get(const plt_table *t, size_t row, int col);
double plt_table_num(const plt_table *t, size_t row, int col);

/* "YYYY-MM" as a count of months (year * 12 + month - 1), -1 if it is not exactly such a month. */
int plt_month(const char *date);
#endif
