/* SPDX-License-Identifier: GPL-3.0-or-later */
/* i18n.h: the languages of the report, the figures and the terminal tables (English, French), and
 * numbers formatted for a reader of each: "14,629 €" and "135.5 M€" in English, "14 629 €" and
 * "135,5 M€" in French (thousands separated by a narrow no-break space U+202F, decimal comma).
 * The texts themselves stay beside the code that prints them, as plt_tr(lang, english, french). */
#ifndef PLT_I18N_H
#define PLT_I18N_H
#include <stddef.h>

typedef enum { PLT_LANG_EN = 0, PLT_LANG_FR = 1 } plt_lang;

/* "en" or "fr" (also "fr_FR.UTF-8" and the like): 0 and *out, or -1 if neither. */
int plt_lang_parse(const char *text, plt_lang *out);
/* The language of the environment: LC_ALL, else LC_MESSAGES, else LANG; French when the first of
 * them that is set and not empty starts with "fr", English otherwise. */
plt_lang plt_lang_env(void);
/* The language asked on the command line (NULL: none, then the environment's). */
plt_lang plt_lang_choose(const char *option);
/* "en" or "fr", for lang="..." and file names. */
const char *plt_lang_code(plt_lang l);
/* The text of the language: en or fr. */
#if defined(__GNUC__)
__attribute__((format_arg(2), format_arg(3))) /* printf formats stay checked through it */
#endif
const char *
plt_tr(plt_lang l, const char *en, const char *fr);

/* Numbers for people. Each writes at most n bytes (with the NUL) and gives "–" for NaN or infinity.
 * plt_fmt_number: dec decimals, thousands grouped ("-1,234.5" / "-1 234,5").
 * plt_fmt_count: a count of persons, rounded to a whole number ("47", "1 234").
 * plt_fmt_eur: euros, rounded to the euro ("14,629 €" / "14 629 €").
 * plt_fmt_meur: millions of euros, one decimal ("135.5 M€" / "135,5 M€").
 * plt_fmt_money: plt_fmt_meur from a million euros up, plt_fmt_eur below.
 * plt_fmt_share: a share (0.125) as a percentage, one decimal ("12.5 %" / "12,5 %"). */
void plt_fmt_number(plt_lang l, char *buf, size_t n, double v, int dec);
void plt_fmt_count(plt_lang l, char *buf, size_t n, double v);
void plt_fmt_eur(plt_lang l, char *buf, size_t n, double v);
void plt_fmt_meur(plt_lang l, char *buf, size_t n, double v);
void plt_fmt_money(plt_lang l, char *buf, size_t n, double v);
void plt_fmt_share(plt_lang l, char *buf, size_t n, double v);

/* What the report calls a headline figure of summary.csv in language l: plt_figure_label in
 * English, its French translation in French ("" if unknown). */
const char *plt_figure_label_lang(plt_lang l, const char *figure);
/* A unit of summary.csv ("EUR", "persons", "EUR per FTE-year", ...) as the reader sees it. */
const char *plt_unit_lang(plt_lang l, const char *unit);

#endif
