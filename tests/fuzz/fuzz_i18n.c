/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz_i18n.c: the number formats of the report (plots/i18n.c) on any double, any decimals, either
 * language and any buffer size. Checked: nothing written past the buffer (it is allocated to the
 * exact size, so AddressSanitizer sees one byte too many); the text always ends within it; an
 * untruncated result is the C library's "%.*f" with only the separators changed (thousands: "," in
 * English, U+202F in French; decimal: "." or ","), and no "-0". Input: byte 0 the language (bit 0),
 * byte 1 the decimals, byte 2 the buffer size, then the 8 bytes of the double; the rest, as text,
 * goes to plt_lang_parse. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "plots/i18n.h"

/* The formatted number back to the C library's form; 0, or -1 if a byte is not expected there. */
static int normalise(const char *in, plt_lang l, char *out, size_t n) {
  size_t k = 0;
  for (const char *p = in; *p; p++) {
    if (k + 1 >= n) return -1;
    if (l == PLT_LANG_FR && strncmp(p, "\xE2\x80\xAF", 3) == 0) {
      p += 2;
    } else if (*p == ',') {
      if (l == PLT_LANG_FR) out[k++] = '.';
    } else if ((*p >= '0' && *p <= '9') || *p == '-' || (*p == '.' && l == PLT_LANG_EN)) {
      out[k++] = *p;
    } else {
      return -1;
    }
  }
  out[k] = '\0';
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 3) return 0;
  plt_lang l = data[0] & 1 ? PLT_LANG_FR : PLT_LANG_EN;
  int dec = data[1] < 128 ? (int)data[1] : (int)data[1] - 256; /* a signed byte */
  size_t n = data[2] ? data[2] : 1;
  double v = 0;
  memcpy(&v, data + 3, size - 3 < sizeof v ? size - 3 : sizeof v);
  char *buf = malloc(n);
  char full[1200];
  if (!buf) return 0;
  /* Every formatter, cut to n: it must end within the buffer. */
  void (*const money[])(plt_lang, char *, size_t, double) = {plt_fmt_count, plt_fmt_eur, plt_fmt_meur, plt_fmt_money,
                                                            plt_fmt_share};
  for (size_t i = 0; i < sizeof money / sizeof money[0]; i++) {
    money[i](l, buf, n, v);
    if (memchr(buf, '\0', n) == NULL) abort();
    money[i](l, full, sizeof full, v);
    if (strlen(full) < n && strcmp(full, buf) != 0) abort(); /* room enough: not cut */
  }
  plt_fmt_number(l, buf, n, v, dec);
  if (memchr(buf, '\0', n) == NULL) abort();
  plt_fmt_number(l, full, sizeof full, v, dec);
  if (strlen(full) < n && strcmp(full, buf) != 0) abort();
  if (isfinite(v)) {
    int d = dec < 0 ? 0 : dec > 9 ? 9 : dec;
    char want[1200], got[1200];
    snprintf(want, sizeof want, "%.*f", d, v);
    if (want[0] == '-' && strspn(want + 1, "0.") == strlen(want + 1)) memmove(want, want + 1, strlen(want)); /* no -0 */
    if (normalise(full, l, got, sizeof got) != 0 || strcmp(got, want) != 0) abort();
  } else if (strcmp(full, "–") != 0) {
    abort();
  }
  free(buf);
  /* The language names: never read past the text. */
  if (size > 11) {
    char *text = malloc(size - 11 + 1);
    if (!text) return 0;
    memcpy(text, data + 11, size - 11);
    text[size - 11] = '\0';
    plt_lang out = PLT_LANG_EN;
    if (plt_lang_parse(text, &out) == 0 && strncmp(text, out == PLT_LANG_FR ? "fr" : "en", 2) != 0) abort();
    free(text);
  }
  return 0;
}
