/* SPDX-License-Identifier: GPL-3.0-or-later */
/* params_write.c: the registry's writers: values in libconfig syntax (the resolved scenario), the
 * Markdown table of docs/params.md, and readable entries for `tzsim params KEY`. No libconfig here. */
#include <fnmatch.h>
#include <string.h>

#include "sim/calendar.h"
#include "sim/params.h"

static const void *cfield_at(const void *target, size_t offset) { return (const char *)target + offset; }
static const void *cfield(const void *target, const sim_param *p) { return cfield_at(target, p->offset); }
static size_t str_size(const sim_param *p) { return sim_params_str_size(p); }
static void expected_text(const sim_param *p, char *buf, size_t n) { sim_params_expected(p, buf, n); }

/* ---- writing ---- */

void sim_params_quote(FILE *f, const char *s) {
  fputc('"', f);
  for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
    switch (*c) {
    case '"': fputs("\\\"", f); break;
    case '\\': fputs("\\\\", f); break;
    case '\n': fputs("\\n", f); break;
    case '\r': fputs("\\r", f); break;
    case '\t': fputs("\\t", f); break;
    default:
      if (*c < 0x20)
        fprintf(f, "\\x%02x", *c);
      else
        fputc(*c, f);
    }
  }
  fputc('"', f);
}

/* Numbers are written with 17 significant digits so that reading them back is exact, with a
 * decimal point or exponent so that libconfig reads a float back as a float. */
static void write_real(FILE *f, double v) {
  char buf[40];
  sim_params_fmt_real(buf, sizeof buf, v);
  fputs(buf, f);
}

// NOLINTNEXTLINE(misc-no-recursion): a list of groups is written with its sub-table; the registries nest at most twice
int sim_params_write_value(FILE *f, const sim_param *p, const void *target) {
  const void *v = cfield(target, p);
  char date[16];
  switch (p->type) {
  case SIM_PT_REAL: write_real(f, *(const double *)v); break;
  case SIM_PT_INT: fprintf(f, "%lldL", (long long)*(const int64_t *)v); break;
  case SIM_PT_BOOL: fputs(*(const int *)v ? "true" : "false", f); break;
  case SIM_PT_DATE:
    sim_cal_format(*(const int32_t *)v, date);
    fprintf(f, "\"%s\"", date);
    break;
  case SIM_PT_STRING: sim_params_quote(f, (const char *)v); break;
  case SIM_PT_CHOICE: {
    int index = *(const int *)v;
    const char *c = p->choices;
    for (int k = 0; k < index && c; k++) {
      c = strchr(c, '|');
      if (c) c++;
    }
    size_t len = c ? (strchr(c, '|') ? (size_t)(strchr(c, '|') - c) : strlen(c)) : 0;
    fprintf(f, "\"%.*s\"", (int)len, c ? c : "");
    break;
  }
  case SIM_PT_ARRAY: {
    const double *a = (const double *)v;
    fputc('[', f);
    for (int i = 0; i < p->len; i++) {
      if (i) fputs(", ", f);
      write_real(f, a[i]);
    }
    fputc(']', f);
    break;
  }
  case SIM_PT_STEPS: {
    const sim_cal_steps *s = (const sim_cal_steps *)v;
    fputc('(', f);
    for (int i = 0; i < s->n; i++) {
      sim_cal_format(s->from[i], date);
      fprintf(f, "%s(\"%s\", ", i ? ", " : "", date);
      write_real(f, s->value[i]);
      fputc(')', f);
    }
    fputc(')', f);
    break;
  }
  case SIM_PT_RANGE: {
    const double *a = (const double *)v;
    fputc('[', f);
    write_real(f, a[0]);
    fputs(", ", f);
    write_real(f, a[1]);
    fputc(']', f);
    break;
  }
  case SIM_PT_STRINGS:
  case SIM_PT_NUMBERS:
  case SIM_PT_GROUPS: {
    int n = *(const int *)cfield_at(target, p->count_offset);
    fputc(p->type == SIM_PT_GROUPS ? '(' : '[', f);
    for (int i = 0; i < n; i++) {
      if (i) fputs(", ", f);
      if (p->type == SIM_PT_STRINGS) {
        sim_params_quote(f, (const char *)v + (size_t)i * str_size(p));
      } else if (p->type == SIM_PT_NUMBERS) {
        write_real(f, ((const double *)v)[i]);
      } else {
        fputs("{\n", f);
        sim_params_write(f, p->sub, (const char *)v + (size_t)i * p->size, 2);
        fputc('}', f);
      }
    }
    fputc(p->type == SIM_PT_GROUPS ? ')' : ']', f);
    break;
  }
  }
  return ferror(f) ? -1 : 0;
}

// NOLINTNEXTLINE(misc-no-recursion): a list of groups is written with its sub-table; the registries nest at most twice
int sim_params_write(FILE *f, const sim_param_table *t, const void *target, int indent) {
  char group[64] = "";
  for (size_t i = 0; i < t->count; i++) {
    const sim_param *p = &t->params[i];
    const char *dot = strchr(p->key, '.');
    size_t glen = dot ? (size_t)(dot - p->key) : 0;
    int same = glen && strlen(group) == glen && strncmp(group, p->key, glen) == 0;
    if (group[0] && !same) {
      fprintf(f, "%*s};\n", indent, "");
      group[0] = '\0';
    }
    if (glen && !same) {
      snprintf(group, sizeof group, "%.*s", (int)glen, p->key);
      fprintf(f, "%*s%s: {\n", indent, "", group);
    }
    int pad = indent + (group[0] ? 2 : 0);
    fprintf(f, "%*s%s = ", pad, "", dot ? dot + 1 : p->key);
    sim_params_write_value(f, p, target);
    fprintf(f, "; // %s (%s)\n", p->meaning, p->unit);
  }
  if (group[0]) fprintf(f, "%*s};\n", indent, "");
  return ferror(f) ? -1 : 0;
}

/* Markdown cells must not contain a bare '|'. */
static void md_cell(FILE *f, const char *s) {
  for (; s && *s; s++) {
    if (*s == '|')
      fputs("\\|", f);
    else
      fputc(*s, f);
  }
}

int sim_params_markdown(FILE *f, const sim_param_table *t) {
  fprintf(f, "| key | meaning | unit | default | valid range | source |\n");
  fprintf(f, "|---|---|---|---|---|---|\n");
  for (size_t i = 0; i < t->count; i++) {
    const sim_param *p = &t->params[i];
    char exp[256];
    expected_text(p, exp, sizeof exp);
    fprintf(f, "| `%s` | ", p->key);
    md_cell(f, p->meaning);
    fputs(" | ", f);
    md_cell(f, p->unit);
    fputs(" | ", f);
    if (p->def) {
      fputc('`', f);
      md_cell(f, p->def);
      fputc('`', f);
    } else {
      fputs((p->flags & SIM_PF_OPTIONAL)   ? "-"
            : (p->flags & SIM_PF_IN_GROUP) ? "required in its group"
                                           : "required",
            f);
    }
    fputs(" | ", f);
    md_cell(f, exp);
    fputs(" | ", f);
    md_cell(f, p->source);
    fputs(" |\n", f);
  }
  return ferror(f) ? -1 : 0;
}

/* ---- readable entries for a terminal (tzsim params KEY) ---- */

/* Text wrapped at word boundaries so that no line passes `width` columns, every line after the
 * first indented by `indent` spaces (the first continues where the caller left it, at `indent`). */
static void wrap_text(FILE *f, const char *text, int indent, int width) {
  int col = indent;
  const char *p = text;
  while (*p) {
    while (*p == ' ') p++;
    size_t len = strcspn(p, " ");
    if (len == 0) break;
    int cols = 0; /* UTF-8 characters, not bytes */
    for (size_t i = 0; i < len; i++) cols += ((unsigned char)p[i] & 0xC0) != 0x80;
    if (col > indent && col + 1 + cols > width) {
      fprintf(f, "\n%*s", indent, "");
      col = indent;
    } else if (col > indent) {
      fputc(' ', f);
      col++;
    }
    fwrite(p, 1, len, f);
    col += cols;
    p += len;
  }
  fputc('\n', f);
}

static void print_entry(FILE *f, const sim_param_table *t, const sim_param *p) {
  char exp[256];
  expected_text(p, exp, sizeof exp);
  fprintf(f, "%s  (%s parameter)\n", p->key, t->scope);
  const char *labels[5] = {"meaning", "unit", "default", "range", "source"};
  const char *values[5] = {p->meaning, p->unit,
                           p->def                         ? p->def
                           : (p->flags & SIM_PF_OPTIONAL) ? "none (optional)"
                                                          : "required (no default)",
                           exp, p->source};
  for (int i = 0; i < 5; i++) {
    fprintf(f, "  %-8s ", labels[i]);
    wrap_text(f, values[i] && *values[i] ? values[i] : "-", 11, 100);
  }
}

int sim_params_print_matching(FILE *f, const sim_param_table *t, const char *pattern, int before) {
  int n = 0;
  for (size_t i = 0; i < t->count; i++) {
    if (fnmatch(pattern, t->params[i].key, 0) != 0) continue;
    if (before + n++ > 0) fputc('\n', f); /* a blank line between entries */
    print_entry(f, t, &t->params[i]);
  }
  return n;
}
