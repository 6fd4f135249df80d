/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cfg_literals.h: the integer literals libconfig 1.5 reads wrongly, found by scanning the text it
 * parsed. libconfig 1.5 reads an integer without the suffix L with atoi and a hexadecimal one with
 * strtoul cast to int (123456789012 reads as -1097262572, 0x10000000C as 12), and a literal beyond
 * 64 bits as LLONG_MAX or -1: the parsed value cannot tell. libconfig 1.7 reads every integer as
 * 64 bits and refuses the rest: DELETE this file (and its callers' refuse_wrapped) when libconfig
 * 1.7 is the minimum version. */
#ifndef SIM_CFG_LITERALS_H
#define SIM_CFG_LITERALS_H
#include <stddef.h>

#define CFG_LIT_TEXT 48 /* a literal as shown in a message; a longer one ends in "..." */

/* One literal libconfig could not hold, with the setting (a config_setting_t) made of it. */
typedef struct {
  const void *setting;
  char text[CFG_LIT_TEXT];
  long long value; /* the literal's value, if !overflow */
  int overflow;    /* beyond 64 bits */
} cfg_lit;

typedef struct cfg_lit_table cfg_lit_table;

/* Scan text (what config_read_string parsed, with no @include left in it) and pair each scalar
 * token with the setting libconfig made of it under root (a config_setting_t): the scalar settings
 * in depth-first order are the scalar tokens in text order. Returns the table of the literals
 * libconfig could not hold (empty if the tokens do not pair with the settings), or NULL when
 * memory runs out. */
cfg_lit_table *cfg_literals_scan(const void *root, const char *text, size_t len);
/* The entry of an integer setting libconfig could not hold, or NULL. */
const cfg_lit *cfg_literals_find(const cfg_lit_table *t, const void *setting);
/* 1 if the text's tokens paired with the settings (the table can be trusted). */
int cfg_literals_paired(const cfg_lit_table *t);
void cfg_literals_free(cfg_lit_table *t);

#endif
