/* SPDX-License-Identifier: GPL-3.0-or-later */
/* json.c: see json.h. */
#include "sim/json.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sim/textio.h"

/* ---- writing ---- */

/* Whether one of the characters of set occurs in the n bytes at s. */
static int strpbrk_n(const char *s, size_t n, const char *set) {
  for (size_t i = 0; i < n; i++)
    if (strchr(set, s[i])) return 1;
  return 0;
}

json_t *sim_json_num(double v) { return isfinite(v) ? json_real(v) : json_null(); }

json_t *sim_json_text(const char *s) {
  const unsigned char *p = (const unsigned char *)s;
  size_t n = 0, bad = 0;
  while (p[n]) {
    int k = sim_utf8_len(p + n);
    bad += k == 0;
    n += k ? (size_t)k : 1;
  }
  if (!bad) return json_stringn(s, n);
  char *fixed = malloc(n + 2 * bad + 1);
  if (!fixed) return NULL;
  size_t w = 0;
  for (size_t i = 0; i < n;) {
    int k = sim_utf8_len(p + i);
    if (k == 0) {
      /* U+FFFD REPLACEMENT CHARACTER: three bytes inside a buffer whose length json_stringn is given */
      // NOLINTNEXTLINE(bugprone-not-null-terminated-result)
      memcpy(fixed + w, "\xef\xbf\xbd", 3);
      w += 3;
      i++;
    } else {
      memcpy(fixed + w, p + i, (size_t)k);
      w += (size_t)k;
      i += (size_t)k;
    }
  }
  json_t *j = json_stringn(fixed, w);
  free(fixed);
  return j;
}

json_t *sim_json_put(json_t *o, const char *key, json_t *v) {
  json_t *k = sim_json_text(key); /* a key is a string too: invalid UTF-8 becomes U+FFFD */
  /* json_object_set_new steals v even when it fails. */
  int ok = o && k && json_object_set_new(o, json_string_value(k), v) == 0;
  if (!o || !k) json_decref(v);
  json_decref(k);
  if (ok) return o;
  json_decref(o);
  return NULL;
}

json_t *sim_json_push(json_t *a, json_t *v) {
  if (a && json_array_append_new(a, v) == 0) return a;
  if (!a) json_decref(v);
  json_decref(a);
  return NULL;
}

/* The shortest text of v that reads back as v (strtod), with ".0" when it would read as an integer:
 * 0.1 and not jansson's 17-digit 0.10000000000000001. */
static int shortest_real(char *buf, size_t n, double v) {
  int len = 0;
  for (int p = 1; p <= 17; p++) {
    len = snprintf(buf, n, "%.*g", p, v);
    if (strtod(buf, NULL) == v) break;
  }
  if (len > 0 && (size_t)len + 2 < n && !strpbrk(buf, ".eEni")) {
    memcpy(buf + len, ".0", 3);
    len += 2;
  }
  return len;
}

char *sim_json_dumps(const json_t *root) {
  char *raw = json_dumps(root, SIM_JSON_FLAGS);
  if (!raw) return NULL;
  size_t n = strlen(raw);
  char *out = malloc(n + 1); /* the shortest form of a real is never longer than jansson's %.17g */
  if (!out) {
    free(raw);
    return NULL;
  }
  size_t w = 0;
  int in_string = 0;
  for (size_t i = 0; i < n;) {
    char c = raw[i];
    if (in_string) {
      out[w++] = c;
      i++;
      if (c == '\\' && i < n)
        out[w++] = raw[i++];
      else if (c == '"')
        in_string = 0;
    } else if (c == '"') {
      in_string = 1;
      out[w++] = raw[i++];
    } else if (c == '-' || (c >= '0' && c <= '9')) {
      size_t end = i + strspn(raw + i, "-+0123456789.eE");
      if (strpbrk_n(raw + i, end - i, ".eE")) { /* a real: rewritten; an integer stays as it is */
        char tok[64], best[64];
        size_t k = end - i < sizeof tok ? end - i : sizeof tok - 1;
        memcpy(tok, raw + i, k);
        tok[k] = '\0';
        int len = shortest_real(best, sizeof best, strtod(tok, NULL));
        if (len > 0 && (size_t)len <= end - i) {
          memcpy(out + w, best, (size_t)len);
          w += (size_t)len;
          i = end;
          continue;
        }
      }
      memcpy(out + w, raw + i, end - i);
      w += end - i;
      i = end;
    } else {
      out[w++] = raw[i++];
    }
  }
  out[w] = '\0';
  free(raw);
  return out;
}

sim_status sim_json_write(FILE *f, json_t *root, const char *what, sim_errs *e) {
  char *text = root ? sim_json_dumps(root) : NULL;
  json_decref(root);
  if (!text) {
    sim_errs_add(e, what, 0, NULL, "out of memory while writing it");
    return SIM_ENOMEM;
  }
  int bad = fputs(text, f) == EOF;
  free(text);
  if (bad || fputc('\n', f) == EOF || ferror(f)) return SIM_EIO; /* the closing check names the file */
  return SIM_OK;
}

/* ---- reading ---- */

json_t *sim_json_read(const char *path, size_t max_bytes, sim_errs *e, sim_status *st) {
  FILE *f = sim_fopen_regular(path, NULL);
  if (!f) {
    int bad_kind = errno == EINVAL;
    sim_errs_add(e, path, 0, NULL, "cannot read it: %s (expected a file written by tzsim)",
                 bad_kind ? "not a regular file" : strerror(errno));
    *st = bad_kind ? SIM_EPARAM : SIM_EIO;
    return NULL;
  }
  size_t n = 0;
  char *buf = sim_read_all(f, max_bytes, &n);
  int rerr = errno;
  (void)fclose(f); /* read only: what was read is checked below */
  if (!buf && rerr == EFBIG) {
    sim_errs_add(e, path, 0, NULL, "is larger than %zu bytes (expected a small JSON manifest written by tzsim)",
                 max_bytes);
    *st = SIM_EPARAM;
    return NULL;
  }
  if (!buf) {
    sim_errs_add(e, path, 0, NULL,
                 rerr == ENOMEM ? "out of memory while reading it" : "cannot read it (expected a readable file)");
    *st = rerr == ENOMEM ? SIM_ENOMEM : SIM_EIO;
    return NULL;
  }
  json_error_t err;
  json_t *root = json_loadb(buf, n, JSON_REJECT_DUPLICATES, &err);
  free(buf);
  if (!root) {
    sim_errs_add(e, path, err.line > 0 ? err.line : 0, NULL,
                 "not valid JSON: %s (expected a JSON object written by tzsim)", err.text);
    *st = SIM_EPARAM;
    return NULL;
  }
  if (!json_is_object(root)) {
    json_decref(root);
    sim_errs_add(e, path, 0, NULL, "not a JSON object (expected a JSON object written by tzsim)");
    *st = SIM_EPARAM;
    return NULL;
  }
  *st = SIM_OK;
  return root;
}

/* How a JSON value's type reads in a message. */
const char *sim_json_kind(const json_t *v) {
  switch (json_typeof(v)) {
  case JSON_OBJECT: return "an object";
  case JSON_ARRAY: return "an array";
  case JSON_STRING: return "a string";
  case JSON_INTEGER: return "an integer";
  case JSON_REAL: return "a number with a fraction or exponent";
  case JSON_TRUE:
  case JSON_FALSE: return "a boolean";
  default: return "null";
  }
}

int sim_json_int(const json_t *obj, const char *path, const char *key, long long lo, long long hi, int required,
                 long long *out, sim_errs *e) {
  const json_t *v = json_object_get(obj, key);
  if (!v && !required) return 0;
  const char *why = !v ? "missing" : !json_is_integer(v) ? sim_json_kind(v) : NULL;
  if (why) {
    sim_errs_add(e, path, 0, key, "%s%s (expected an integer from %lld to %lld)", v ? "is " : "", why, lo, hi);
    return -1;
  }
  long long x = (long long)json_integer_value(v);
  if (x < lo || x > hi) {
    sim_errs_add(e, path, 0, key, "%lld is out of range (expected %lld to %lld)", x, lo, hi);
    return -1;
  }
  *out = x;
  return 1;
}

int sim_json_str(const json_t *obj, const char *path, const char *key, char *out, size_t n, int required, sim_errs *e) {
  const json_t *v = json_object_get(obj, key);
  if (!v && !required) return 0;
  const char *why = !v ? "missing" : !json_is_string(v) ? sim_json_kind(v) : NULL;
  if (why) {
    sim_errs_add(e, path, 0, key, "%s%s (expected a string)", v ? "is " : "", why);
    return -1;
  }
  const char *s = json_string_value(v);
  size_t len = json_string_length(v);
  int ok = len < n && strlen(s) == len; /* no NUL inside */
  for (size_t i = 0; i < len && ok; i++) ok = (unsigned char)s[i] >= 0x20 && s[i] != 0x7f;
  if (!ok) {
    sim_errs_add(e, path, 0, key, "is not a short one-line string (expected at most %zu bytes, no control character)",
                 n - 1);
    return -1;
  }
  memcpy(out, s, len + 1);
  return 1;
}
