/* SPDX-License-Identifier: GPL-3.0-or-later */
/* table.c: months of the result files (their CSV is read by sim/csv.c, their JSON by jansson in result.c). */
#include "plots/table.h"

#include <stdlib.h>
#include <string.h>

int plt_month(const char *d) {
  if (strlen(d) != 7 || d[4] != '-') return -1;
  for (int i = 0; i < 7; i++)
    if (i != 4 && (d[i] < '0' || d[i] > '9')) return -1;
  long y = strtol(d, NULL, 10), m = strtol(d + 5, NULL, 10);
  if (y < 1000 || m < 1 || m > 12) return -1;
  return (int)(y * 12 + m - 1);
}
