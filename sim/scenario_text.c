/* SPDX-License-Identifier: GPL-3.0-or-later */
/* scenario_text.c: reading, @include expansion and parsing of scenario text (see scenario_text.h).
 *
 * Why not libconfig's own reader: libconfig 1.5's flex scanner exits the process ("input in flex
 * scanner failed") when an @include names a folder, /proc/self/mem or a malformed name, reads
 * /dev/zero until memory runs out, resolves @include against one folder for all files, and says
 * "cannot open" for a cycle. Here each file is opened once, checked on its descriptor, read whole,
 * and its directives expanded; any "@include" left at a line start is refused, so the text given
 * to config_read_string holds none for libconfig to act on. */
#include "sim/scenario_text.h"

#include <errno.h>
#include <fcntl.h>
#include <libconfig.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#if defined(__linux__)
#include <sys/vfs.h>
#define PROC_FS_MAGIC 0x9fa0
#define SYS_FS_MAGIC 0x62656572
#endif

#include "sim/textio.h"

#define TEXT_MAGIC 0x73747874u /* marks a sim_text among root hooks */

struct sim_text {
  unsigned magic;
  char *buf; /* the expanded text, NUL-terminated */
  size_t len, cap;
  int *lfile, *lline; /* per line of buf: index into files, and line there */
  size_t nlines, lcap;
  int open_line; /* buf does not end with a newline: its last line is open */
  char **files;
  size_t nfiles, fcap;
  cfg_lit_table *lits;
};

/* ---- growing the text ---- */

static int add_file(sim_text *t, const char *name) {
  if (t->nfiles == t->fcap) {
    size_t cap = t->fcap ? 2 * t->fcap : 8;
    char **grown = realloc(t->files, cap * sizeof *grown);
    if (!grown) return -1;
    t->files = grown;
    t->fcap = cap;
  }
  t->files[t->nfiles] = strdup(name);
  return t->files[t->nfiles] ? (int)t->nfiles++ : -1;
}

/* Append n bytes of one line (a '\n' ends it; the last line of a file may have none). A chunk that
 * starts after a newline starts a new line of the map, at file fi, line ln. */
static int emit(sim_text *t, const char *s, size_t n, int fi, int ln) {
  if (t->len + n + 2 > t->cap) {
    size_t cap = t->cap ? t->cap : 4096;
    while (cap < t->len + n + 2) cap *= 2;
    char *grown = realloc(t->buf, cap);
    if (!grown) return -1;
    t->buf = grown;
    t->cap = cap;
  }
  if (!t->open_line) {
    if (t->nlines == t->lcap) {
      size_t cap = t->lcap ? 2 * t->lcap : 256;
      int *f = realloc(t->lfile, cap * sizeof *f);
      if (!f) return -1;
      t->lfile = f;
      int *l = realloc(t->lline, cap * sizeof *l);
      if (!l) return -1;
      t->lline = l;
      t->lcap = cap;
    }
    t->lfile[t->nlines] = fi;
    t->lline[t->nlines] = ln;
    t->nlines++;
  }
  memcpy(t->buf + t->len, s, n);
  t->len += n;
  t->buf[t->len] = '\0';
  t->open_line = n == 0 || s[n - 1] != '\n';
  return 0;
}

/* End the last line: the text after an included file goes on a line of its own. */
static int end_line(sim_text *t) {
  if (!t->open_line) return 0;
  return emit(t, "\n", 1, 0, 0);
}

void sim_text_free(sim_text *t) {
  if (!t) return;
  for (size_t i = 0; i < t->nfiles; i++) free(t->files[i]);
  free(t->files);
  free(t->buf);
  free(t->lfile);
  free(t->lline);
  cfg_literals_free(t->lits);
  free(t);
}

/* ---- reading one file ---- */

typedef struct {
  const char *path; /* as shown */
  int line;         /* of the @include being followed in it */
  dev_t dev;
  ino_t ino;
} frame;

typedef struct {
  sim_text *t;
  sim_errs *e;
  frame stack[SIM_TEXT_MAX_INCLUDE_DEPTH + 1];
  int depth;       /* frames in use */
  size_t total;    /* bytes read in all */
  int nest;        /* groups, lists and arrays open */
  int nest_said;   /* too deep already reported */
  int from_string; /* no folder: @include refused */
  sim_status st;
} expander;

/* Where a problem is: the @include being followed (from != NULL) or the file itself. */
typedef struct {
  const char *file; /* the including file, or NULL for the scenario itself */
  int line;
  const char *name; /* the @include's name as written */
} at_include;

#if defined(__GNUC__)
__attribute__((format(printf, 4, 5)))
#endif
static void
refuse(expander *x, const at_include *at, const char *path, const char *fmt, ...) {
  char what[768];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(what, sizeof what, fmt, ap);
  va_end(ap);
  if (at->file)
    sim_errs_add(x->e, at->file, at->line, NULL, "@include \"%s\": %s %s", at->name, path, what);
  else
    sim_errs_add(x->e, path, 0, NULL, "%s", what);
  if (x->st == SIM_OK) x->st = SIM_EPARAM;
}

static const char *expected_of(const at_include *at) {
  return at->file ? "expected a regular file, named relative to the including file's folder"
                  : "expected a regular file holding a libconfig scenario";
}

static const char *kind_of(mode_t m) {
  if (S_ISDIR(m)) return "a folder";
  if (S_ISFIFO(m)) return "a pipe";
  if (S_ISCHR(m) || S_ISBLK(m)) return "a device";
  if (S_ISSOCK(m)) return "a socket";
  return "not a regular file";
}

/* Open path, check the descriptor (not the name: it could change between a stat and an open) and
 * read it whole. Returns the text (NUL-terminated) or NULL with a message. */
static char *read_regular(expander *x, const at_include *at, const char *path, size_t *len, struct stat *st) {
  /* O_NONBLOCK: opening a FIFO with no writer must not wait; it is refused below. */
  int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
  if (fd < 0) {
    if (at->file) {
      sim_errs_add(x->e, at->file, at->line, NULL,
                   "@include \"%s\": cannot open %s (expected a readable file, named relative to the including file's "
                   "folder)",
                   at->name, path);
      x->st = SIM_EPARAM;
    } else
      refuse(x, at, path, "cannot read the file (expected a readable libconfig scenario file)");
    return NULL;
  }
  char *buf = NULL;
  if (fstat(fd, st) != 0) {
    refuse(x, at, path, "cannot be examined (%s)", expected_of(at));
    goto done;
  }
  if (!S_ISREG(st->st_mode)) {
    refuse(x, at, path, "is %s, not a regular file (%s)", kind_of(st->st_mode), expected_of(at));
    goto done;
  }
#if defined(__linux__)
  struct statfs fs;
  if (fstatfs(fd, &fs) == 0 && (fs.f_type == PROC_FS_MAGIC || fs.f_type == SYS_FS_MAGIC)) {
    refuse(x, at, path, "is a kernel pseudo-file, not a regular file (%s)", expected_of(at));
    goto done;
  }
#endif
  if ((uintmax_t)st->st_size > SIM_TEXT_MAX_BYTES) {
    refuse(x, at, path, "is %jd bytes (expected at most 16 MiB per scenario file)", (intmax_t)st->st_size);
    goto done;
  }
  /* Read to the end, not st_size bytes: the file may have grown; the cap still holds. */
  FILE *f = fdopen(fd, "rb");
  if (!f) {
    x->st = SIM_ENOMEM;
    goto done;
  }
  fd = -1; /* f owns it now */
  buf = sim_read_all(f, SIM_TEXT_MAX_BYTES, len);
  int err = errno;
  (void)fclose(f); /* read only */
  if (!buf && err == EFBIG)
    refuse(x, at, path, "is more than %u bytes (expected at most 16 MiB per scenario file)", SIM_TEXT_MAX_BYTES);
  else if (!buf && err == ENOMEM)
    x->st = SIM_ENOMEM;
  else if (!buf)
    refuse(x, at, path, "cannot be read: %s (%s)", strerror(err), expected_of(at));
done:
  if (fd >= 0) (void)close(fd); /* read only */
  return buf;
}

/* ---- expanding ---- */

enum { ST_CODE, ST_COMMENT, ST_STRING };

typedef struct {
  int state;
  int opened_at; /* line where the comment or string began */
} lex_state;

/* Follow libconfig's scanner over one line of code: comments, strings, and the nesting of groups,
 * lists and arrays (beyond SIM_TEXT_MAX_NESTING bison's stack would say "memory exhausted"). */
static void scan_line(expander *x, lex_state *ls, const char *s, size_t n, const char *file, int line) {
  for (size_t i = 0; i < n; i++) {
    char c = s[i];
    if (ls->state == ST_COMMENT) {
      if (c == '*' && i + 1 < n && s[i + 1] == '/') {
        ls->state = ST_CODE;
        i++;
      }
    } else if (ls->state == ST_STRING) {
      if (c == '\\')
        i++;
      else if (c == '"')
        ls->state = ST_CODE;
    } else if (c == '#' || (c == '/' && i + 1 < n && s[i + 1] == '/')) {
      return;
    } else if (c == '/' && i + 1 < n && s[i + 1] == '*') {
      ls->state = ST_COMMENT;
      ls->opened_at = line;
      i++;
    } else if (c == '"') {
      ls->state = ST_STRING;
      ls->opened_at = line;
    } else if (c == '{' || c == '(' || c == '[') {
      if (++x->nest > SIM_TEXT_MAX_NESTING && !x->nest_said) {
        sim_errs_add(x->e, file, line, NULL, "groups, lists and arrays nested %d deep (expected at most %d levels)",
                     x->nest, SIM_TEXT_MAX_NESTING);
        x->nest_said = 1;
        if (x->st == SIM_OK) x->st = SIM_EPARAM;
      }
    } else if (c == '}' || c == ')' || c == ']') {
      if (x->nest > 0) x->nest--;
    }
  }
}

static sim_status expand_file(expander *x, const char *path, const at_include *at);

/* The chain of files from the scenario to the one being read, then `last`: "a.cfg:3 -> b.cfg". A
 * long chain keeps its two ends ("... " between), so the message keeps its "(expected ...)". */
static void chain_of(const expander *x, const char *last, char *out, size_t n) {
  char all[8192];
  size_t k = 0;
  all[0] = '\0';
  for (int i = 0; i < x->depth && k + 1 < sizeof all; i++)
    k += (size_t)snprintf(all + k, sizeof all - k, "%s:%d -> ", x->stack[i].path, x->stack[i].line);
  if (k + 1 < sizeof all) snprintf(all + k, sizeof all - k, "%s", last);
  size_t len = strlen(all);
  if (len < n) {
    memcpy(out, all, len + 1);
    return;
  }
  size_t head = (n - 6) / 3, tail = n - 6 - head - 1;
  snprintf(out, n, "%.*s ... %s", (int)head, all, all + len - tail);
}

/* An @include "name" at line `line` of the file on top of the stack. */
// NOLINTNEXTLINE(misc-no-recursion): at most SIM_TEXT_MAX_INCLUDE_DEPTH deep
static sim_status include(expander *x, const char *name, int line) {
  frame *top = &x->stack[x->depth - 1];
  at_include at = {top->path, line, name};
  if (x->from_string) {
    sim_errs_add(x->e, top->path, line, NULL,
                 "@include \"%s\": not available in scenario text without a file (expected the directive in a scenario "
                 "file)",
                 name);
    return SIM_EPARAM;
  }
  const char *slash = strrchr(top->path, '/');
  size_t dlen = name[0] != '/' && slash ? (size_t)(slash - top->path) + 1 : 0;
  char *path = malloc(dlen + strlen(name) + 1);
  if (!path) return SIM_ENOMEM;
  memcpy(path, top->path, dlen);
  memcpy(path + dlen, name, strlen(name) + 1);
  top->line = line;
  sim_status st = expand_file(x, path, &at);
  free(path);
  return st;
}

/* If the line is an @include directive (blanks, "@include", blanks, a quoted name): its name (with
 * \\ and \" unescaped) and the offset after it. 1: a directive; 0: not one; -1: "@include" starts
 * the line but is malformed (*why says how). */
static int directive(const char *s, size_t n, char *name, size_t name_cap, size_t *after, const char **why) {
  size_t i = 0;
  while (i < n && (s[i] == ' ' || s[i] == '\t')) i++;
  // cppcheck-suppress knownConditionTrueFalse ; false positive: the loop above also stops at a non-blank
  if (n - i < 8 || memcmp(s + i, "@include", 8) != 0) return 0;
  i += 8;
  size_t b = i;
  while (i < n && (s[i] == ' ' || s[i] == '\t')) i++;
  if (i == b || i >= n || s[i] != '"') {
    *why = "malformed directive";
    return -1;
  }
  size_t k = 0;
  for (i++; i < n && s[i] != '"' && s[i] != '\n'; i++) {
    if (s[i] == '\\') {
      if (i + 1 >= n || (s[i + 1] != '\\' && s[i + 1] != '"')) {
        *why = "a backslash not followed by \\ or \" in the file name";
        return -1;
      }
      i++;
    }
    if (k + 1 >= name_cap) {
      *why = "file name too long";
      return -1;
    }
    name[k++] = s[i];
  }
  name[k] = '\0';
  if (i >= n || s[i] != '"') {
    *why = "the file name has no closing quote";
    return -1;
  }
  *after = i + 1;
  return 1;
}

/* Expand the text of file index fi, shown as `path`, onto x->t. */
// NOLINTNEXTLINE(misc-no-recursion): at most SIM_TEXT_MAX_INCLUDE_DEPTH deep
static sim_status expand_text(expander *x, const char *text, size_t len, int fi) {
  const char *path = x->t->files[fi];
  lex_state ls = {ST_CODE, 0};
  size_t pos = 0;
  int line = 0;
  char name[4096];
  while (pos < len) {
    line++;
    const char *s = text + pos;
    const char *nl = memchr(s, '\n', len - pos);
    size_t n = nl ? (size_t)(nl - s) + 1 : len - pos;
    pos += n;
    if (memchr(s, '\0', n)) {
      sim_errs_add(x->e, path, line, NULL, "holds a NUL byte (expected text)");
      return SIM_EPARAM;
    }
    size_t after = 0;
    const char *why = NULL;
    int d = directive(s, n, name, sizeof name, &after, &why);
    if (d != 0 && ls.state != ST_CODE) {
      sim_errs_add(x->e, path, line, NULL,
                   "@include inside a %s (expected @include \"FILE\" at the start of a line, outside comments and "
                   "strings)",
                   ls.state == ST_COMMENT ? "comment" : "string");
      return SIM_EPARAM;
    }
    if (d < 0) {
      sim_errs_add(x->e, path, line, NULL, "@include: %s (expected @include \"FILE\", with \\\\ for a backslash)", why);
      return SIM_EPARAM;
    }
    if (d > 0) {
      sim_status st = include(x, name, line);
      if (st != SIM_OK) return st;
      if (end_line(x->t) != 0) return SIM_ENOMEM;
      s += after;
      n -= after;
      /* The rest of the line goes on a line of its own: it must not start another directive,
       * which libconfig (seeing it at a line start) would act on. */
      size_t after2 = 0;
      if (directive(s, n, name, sizeof name, &after2, &why) != 0) {
        sim_errs_add(x->e, path, line, NULL,
                     "@include: a second directive on the same line (expected one @include per line)");
        return SIM_EPARAM;
      }
    }
    if (n > 0 && emit(x->t, s, n, fi, line) != 0) return SIM_ENOMEM;
    scan_line(x, &ls, s, n, path, line);
  }
  if (ls.state == ST_COMMENT) {
    sim_errs_add(x->e, path, ls.opened_at, NULL,
                 "comment /* opened here is never closed (expected */ before the end of the file)");
    return SIM_EPARAM;
  }
  if (ls.state == ST_STRING) {
    sim_errs_add(x->e, path, ls.opened_at, NULL,
                 "string opened here is never closed (expected a closing \" before the end of the file)");
    return SIM_EPARAM;
  }
  return end_line(x->t) != 0 ? SIM_ENOMEM : SIM_OK;
}

// NOLINTNEXTLINE(misc-no-recursion): at most SIM_TEXT_MAX_INCLUDE_DEPTH deep
static sim_status expand_file(expander *x, const char *path, const at_include *at) {
  size_t len = 0;
  struct stat st;
  char *text = read_regular(x, at, path, &len, &st);
  if (!text) return x->st != SIM_OK ? x->st : SIM_EPARAM;
  char chain[400];
  sim_status rc = SIM_EPARAM;
  for (int i = 0; i < x->depth; i++)
    if (x->stack[i].dev == st.st_dev && x->stack[i].ino == st.st_ino) {
      chain_of(x, path, chain, sizeof chain);
      refuse(x, at, path,
             "is already being read: include cycle %s (expected no file to include itself, directly or not)", chain);
      goto done;
    }
  if (x->depth > SIM_TEXT_MAX_INCLUDE_DEPTH) {
    chain_of(x, path, chain, sizeof chain);
    refuse(x, at, path, "is nested too deep: %s (expected at most %d levels of @include)", chain,
           SIM_TEXT_MAX_INCLUDE_DEPTH);
    goto done;
  }
  if (x->total + len > SIM_TEXT_MAX_BYTES) {
    refuse(x, at, path, "takes the scenario beyond %u bytes (expected at most 16 MiB of scenario text in all)",
           SIM_TEXT_MAX_BYTES);
    goto done;
  }
  x->total += len;
  int fi = add_file(x->t, path);
  if (fi < 0) {
    rc = SIM_ENOMEM;
    goto done;
  }
  x->stack[x->depth++] = (frame){x->t->files[fi], 0, st.st_dev, st.st_ino};
  rc = expand_text(x, text, len, fi);
  x->depth--;
done:
  free(text);
  return rc;
}

static sim_status finish(expander *x, sim_status st, sim_text **out) {
  if (st == SIM_OK) st = x->st;
  if (st == SIM_ENOMEM) sim_errs_add(x->e, NULL, 0, NULL, "out of memory while reading the scenario");
  if (st != SIM_OK) {
    sim_text_free(x->t);
    return st;
  }
  *out = x->t;
  return SIM_OK;
}

sim_status sim_text_read_file(const char *path, sim_text **out, sim_errs *e) {
  *out = NULL;
  expander x = {.e = e, .st = SIM_OK};
  x.t = calloc(1, sizeof *x.t);
  if (!x.t) return SIM_ENOMEM;
  x.t->magic = TEXT_MAGIC;
  at_include top = {NULL, 0, NULL};
  return finish(&x, expand_file(&x, path, &top), out);
}

sim_status sim_text_from_string(const char *text, const char *name, sim_text **out, sim_errs *e) {
  *out = NULL;
  expander x = {.e = e, .st = SIM_OK, .from_string = 1};
  x.t = calloc(1, sizeof *x.t);
  if (!x.t) return SIM_ENOMEM;
  x.t->magic = TEXT_MAGIC;
  int fi = add_file(x.t, name ? name : "scenario");
  if (fi < 0) return finish(&x, SIM_ENOMEM, out);
  x.stack[x.depth++] = (frame){x.t->files[fi], 0, 0, 0};
  sim_status st = expand_text(&x, text, strlen(text), fi);
  return finish(&x, st, out);
}

/* ---- parsing and locating ---- */

static void text_destructor(void *hook) {
  sim_text *t = hook;
  if (t && t->magic == TEXT_MAGIC) sim_text_free(t);
}

static void locate(const sim_text *t, int line, const char **file, int *fline) {
  if (line > 0 && (size_t)line > t->nlines) line = (int)t->nlines; /* the end of the text: its last line */
  if (line >= 1 && (size_t)line <= t->nlines) {
    *file = t->files[t->lfile[line - 1]];
    *fline = t->lline[line - 1];
  } else {
    *file = t->nfiles ? t->files[0] : NULL;
    *fline = 0;
  }
}

sim_status sim_text_parse(sim_text *t, void *cfg_v, sim_errs *e) {
  config_t *cfg = cfg_v;
  if (config_read_string(cfg, t->buf ? t->buf : "") != CONFIG_TRUE) {
    const char *file;
    int line;
    locate(t, config_error_line(cfg), &file, &line);
    const char *etext = config_error_text(cfg) ? config_error_text(cfg) : "unreadable";
    if (strcmp(etext, "duplicate setting name") == 0)
      sim_errs_add(e, file, line, NULL, "a key is set twice in the same group (expected each key once)");
    else if (strcmp(etext, "syntax error") == 0)
      sim_errs_add(e, file, line, NULL, "syntax error (expected libconfig syntax: key = value;)");
    else if (strcmp(etext, "memory exhausted") == 0)
      sim_errs_add(e, file, line, NULL, "groups, lists and arrays nested too deep (expected at most %d levels)",
                   SIM_TEXT_MAX_NESTING);
    else
      sim_errs_add(e, file, line, NULL, "%s (expected libconfig syntax: key = value;)", etext);
    sim_text_free(t);
    return SIM_EPARAM;
  }
  config_setting_t *root = config_root_setting(cfg);
  t->lits = cfg_literals_scan(root, t->buf ? t->buf : "", t->len);
  if (!t->lits) {
    sim_text_free(t);
    sim_errs_add(e, NULL, 0, NULL, "out of memory while reading the scenario");
    return SIM_ENOMEM;
  }
  config_set_destructor(cfg, text_destructor);
  config_setting_set_hook(root, t);
  return SIM_OK;
}

static const sim_text *text_of(const config_setting_t *s) {
  if (!s || !s->config) return NULL;
  const config_setting_t *root = config_root_setting(s->config);
  const sim_text *t = root ? root->hook : NULL;
  return t && s->config->destructor == text_destructor && t->magic == TEXT_MAGIC ? t : NULL;
}

int sim_text_where(const void *setting, const char **file, int *line) {
  const config_setting_t *s = setting;
  const sim_text *t = text_of(s);
  if (!t) return 0;
  locate(t, (int)config_setting_source_line(s), file, line);
  return *file != NULL;
}

const cfg_lit *sim_text_wrapped(const void *setting) {
  const sim_text *t = text_of(setting);
  return t ? cfg_literals_find(t->lits, setting) : NULL;
}
