/* SPDX-License-Identifier: GPL-3.0-or-later */
/* csv.h: the one CSV module: writing cells (RFC 4180, formulas neutralised), reading a CSV file
 * with a header row, and the French spreadsheet dialect. No engine here: plots/ uses it too. */
#ifndef SIM_CSV_H
#define SIM_CSV_H
#include <stddef.h>
#include <stdio.h>

#include "sim/errs.h"

/* ---- writing ---- */

/* A text cell a spreadsheet would run as a formula: it starts with '=', '+', '-', '@', a tab or a
 * carriage return, and is neither a plain negative number such as -12.5 (which stays a number) nor
 * a lone "-" (the unit of a ratio). */
int sim_csv_is_formula(const char *s);
/* Quote a text field for CSV (RFC 4180), neutralising a formula (sim_csv_is_formula) the OWASP way:
 * the cell is quoted and starts with a single quote, "'=1+2". Every text cell of every CSV tzsim
 * writes goes through here; numbers are written as numbers, never altered. */
void sim_csv_field(FILE *f, const char *s);
/* A number cell: %.12g (exact for counts, to the euro below 1e12), 0 for -0, nothing for NaN or
 * an infinity. */
void sim_csv_number(FILE *f, double v);

/* ---- reading ---- */

/* The one CSV tokenizer: the field at *rp (RFC 4180: quoted fields with doubled quotes and line
 * breaks, CR LF or LF), unquoted into *wp (never ahead of *rp: in place is safe), *field its start.
 * Returns what ended it: ',' or '\n' (both consumed), 0 at the end of the text, or one of the
 * errors below. SIM_CSV_TRIM (a hand-written file: calibration targets): blanks around a field are
 * not part of it and a CR inside an unquoted field is kept; without it (tzsim's own files), a
 * neutralised formula cell ("'=1+2") reads back as its text (=1+2). */
#define SIM_CSV_TRIM 1
#define SIM_CSV_UNTERMINATED (-1) /* a quoted field without its closing quote */
#define SIM_CSV_AFTER_QUOTE (-2)  /* text after a closing quote (or a stray CR) */
int sim_csv_next_field(char **rp, char **wp, char **field, int flags);

/* A CSV file (RFC 4180: quoted fields, doubled quotes, CRLF or LF) with a header row. */
typedef struct {
  char *buf; /* the file's text; fields are unquoted in place */
  int ncols;
  char **head;  /* the ncols column names */
  size_t nrows; /* data rows */
  char **cell;  /* nrows * ncols fields, row-major */
} sim_csv_table;

/* Read a CSV file; on failure one message in e and SIM_EIO (unreadable), SIM_EPARAM (malformed:
 * a line with fewer or more fields than the header, or a last line without its newline, as a file
 * cut short has) or SIM_ENOMEM. A cell tzsim neutralised ("'=1+2") reads back as the text. */
sim_status sim_csv_read(const char *path, sim_csv_table *t, sim_errs *e);
void sim_csv_free(sim_csv_table *t);
/* The index of a column, -1 if absent. */
int sim_csv_col(const sim_csv_table *t, const char *name);
/* A field ("" if col < 0), and a field as a number (NaN if empty, absent or not a number). */
const char *sim_csv_get(const sim_csv_table *t, size_t row, int col);
double sim_csv_num(const sim_csv_table *t, size_t row, int col);

/* ---- the French spreadsheet dialect ---- */

/* t as a CSV file a French spreadsheet opens in columns: a UTF-8 byte-order mark, ';' between
 * cells, a decimal comma in numbers (12.5 -> 12,5), text quoted when it holds ';', a quote or a
 * line break, formulas neutralised as in sim_csv_field. The values are those of t. */
sim_status sim_csv_write_fr(FILE *f, const sim_csv_table *t);

#endif
