/* SPDX-License-Identifier: GPL-3.0-or-later */
/* calendar.c: calendar months as integer indices, strict date parsing and piecewise-constant step functions of time. */
#include "calendar.h"

#include <math.h>
#include <stddef.h>

#define YEAR_MIN 1900
#define YEAR_MAX 2200

/* Character tests written out by hand, because <ctype.h> depends on the locale. */
static int is_digit(char c) { return c >= '0' && c <= '9'; }

/* The value of two decimal digits; callers have checked both are digits. */
static int two_digits(const char *p) { return (p[0] - '0') * 10 + (p[1] - '0'); }

static int is_leap(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

static int days_in_month(int year, int month) {
  static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

  if (month == 2 && is_leap(year)) {
    return 29;
  }
  return days[month - 1];
}

int sim_cal_parse(const char *text, int32_t *month_index) {
  int i, year, month;

  if (text == NULL || month_index == NULL) {
    return -1;
  }
  /* Checking characters one by one stops at the first mismatch, so a short string's NUL is never passed. */
  for (i = 0; i < 7; i++) {
    if (i == 4 ? text[i] != '-' : !is_digit(text[i])) {
      return -1;
    }
  }
  year = two_digits(text) * 100 + two_digits(text + 2);
  month = two_digits(text + 5);
  if (year < YEAR_MIN || year > YEAR_MAX || month < 1 || month > 12) {
    return -1;
  }
  if (text[7] != '\0') {
    int day;

    if (text[7] != '-' || !is_digit(text[8]) || !is_digit(text[9]) || text[10] != '\0') {
      return -1;
    }
    day = two_digits(text + 8);
    if (day < 1 || day > days_in_month(year, month)) {
      return -1;
    }
  }
  *month_index = (int32_t)(year * 12 + (month - 1));
  return 0;
}

void sim_cal_format(int32_t month_index, char buf[8]) {
  /* Floor division keeps the month in 0..11 even for negative indices. */
  int32_t year = month_index / 12;
  int32_t month0 = month_index % 12;
  int i;

  if (month0 < 0) {
    month0 += 12;
    year -= 1;
  }
  if (year < 0 || year > 9999) {
    for (i = 0; i < 7; i++) {
      buf[i] = i == 4 ? '-' : 'X';
    }
    buf[7] = '\0';
    return;
  }
  for (i = 3; i >= 0; i--) {
    buf[i] = (char)('0' + year % 10);
    year /= 10;
  }
  buf[4] = '-';
  buf[5] = (char)('0' + (month0 + 1) / 10);
  buf[6] = (char)('0' + (month0 + 1) % 10);
  buf[7] = '\0';
}

/* The number of usable steps, guarding lookups against a corrupted or uninitialised count. */
static int step_count(const sim_cal_steps *s) {
  if (s == NULL || s->n <= 0) {
    return 0;
  }
  return s->n > SIM_CAL_MAX_STEPS ? SIM_CAL_MAX_STEPS : s->n;
}

int sim_cal_steps_add(sim_cal_steps *s, int32_t from, double value) {
  if (s == NULL || s->n < 0 || s->n >= SIM_CAL_MAX_STEPS) {
    return -1;
  }
  if (s->n > 0 && from <= s->from[s->n - 1]) {
    return -2;
  }
  s->from[s->n] = from;
  s->value[s->n] = value;
  s->n++;
  return 0;
}

/* The index of the step in force at month_index, given n >= 1 steps. */
static int step_index(const sim_cal_steps *s, int n, int32_t month_index) {
  int lo = 0, hi = n - 1;

  if (month_index < s->from[0]) {
    return 0;
  }
  /* Binary search for the last step with from <= month_index; s->from[lo] <= month_index holds throughout. */
  while (lo < hi) {
    int mid = lo + (hi - lo + 1) / 2;

    if (s->from[mid] <= month_index) {
      lo = mid;
    } else {
      hi = mid - 1;
    }
  }
  return lo;
}

double sim_cal_steps_at(const sim_cal_steps *s, int32_t month_index) {
  int n = step_count(s);

  if (n == 0) {
    return (double)NAN;
  }
  return s->value[step_index(s, n, month_index)];
}

void sim_cal_steps_tabulate(const sim_cal_steps *s, int32_t start, int months, double *out) {
  int n = step_count(s);
  int i, k;

  if (out == NULL || months <= 0) {
    return;
  }
  if (n == 0) {
    for (i = 0; i < months; i++) {
      out[i] = (double)NAN;
    }
    return;
  }
  /* One search for the start, then a forward walk, since months only move forward. 64-bit month arithmetic avoids overflow near INT32_MAX. */
  k = step_index(s, n, start);
  for (i = 0; i < months; i++) {
    int64_t month = (int64_t)start + i;

    while (k + 1 < n && s->from[k + 1] <= month) {
      k++;
    }
    out[i] = s->value[k];
  }
}
