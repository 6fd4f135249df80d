/* SPDX-License-Identifier: GPL-3.0-or-later */
/* outdir.c: result folders written atomically (a hidden temporary folder renamed into place), and
 * the removal of what killed runs left beside them. */
#define _GNU_SOURCE /* NOLINT(bugprone-reserved-identifier,cert-dcl37-c,cert-dcl51-cpp): the feature-test macro of renameat2(RENAME_NOREPLACE), so a result that appeared meanwhile is never replaced */
#include "sim/outdir.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "sim/csv.h"

/* ---- directories ---- */

static int exists(const char *path) {
  struct stat st;
  return lstat(path, &st) == 0;
}

sim_status sim_outdir_check(const char *dir, int force, sim_errs *e) {
  if (exists(dir) && !force) {
    sim_errs_add(e, dir, 0, NULL, "output directory exists (expected a new directory, or --force to replace it)");
    return SIM_EEXIST;
  }
  /* Catch an output that cannot be written before a long run, not after: the nearest existing
   * ancestor must be a writable folder. */
  char up[4096];
  snprintf(up, sizeof up, "%s", dir);
  for (;;) {
    char *slash = strrchr(up, '/');
    while (slash && slash > up && slash[1] == '\0') { /* trailing slashes */
      *slash = '\0';
      slash = strrchr(up, '/');
    }
    if (!slash) {
      snprintf(up, sizeof up, ".");
    } else if (slash == up) {
      up[1] = '\0';
    } else {
      *slash = '\0';
    }
    struct stat st;
    if (stat(up, &st) == 0) {
      if (!S_ISDIR(st.st_mode)) {
        sim_errs_add(e, dir, 0, NULL, "cannot be created: %s is not a folder (expected a path in a writable folder)",
                     up);
        return SIM_EIO;
      }
      if (access(up, W_OK | X_OK) != 0) {
        sim_errs_add(e, dir, 0, NULL, "cannot be created: %s is not writable (expected a path in a writable folder)",
                     up);
        return SIM_EIO;
      }
      return SIM_OK;
    }
    if (!slash || strcmp(up, "/") == 0) return SIM_OK;
  }
}

/* mkdir -p of every parent of path. */
int sim_make_parents(const char *path) {
  char buf[4096];
  snprintf(buf, sizeof buf, "%s", path);
  for (char *p = buf + 1; *p; p++) {
    if (*p != '/') continue;
    *p = '\0';
    if (mkdir(buf, 0777) != 0 && errno != EEXIST) return -1;
    *p = '/';
  }
  return 0;
}

sim_status sim_outdir_begin(sim_outdir *d, const char *dir, int force, sim_errs *e) {
  memset(d, 0, sizeof *d);
  size_t n = strlen(dir);
  while (n > 1 && dir[n - 1] == '/') n--; /* "results/x/" names the same folder as "results/x" */
  if (n == 0 || n >= sizeof d->final - 64) {
    sim_errs_add(e, dir, 0, NULL, "output directory name is empty or too long (expected a path under 4000 bytes)");
    return SIM_EIO;
  }
  memcpy(d->final, dir, n);
  d->final[n] = '\0';
  d->force = force;
  if (sim_outdir_check(d->final, force, e) != SIM_OK) return SIM_EEXIST;
  if (sim_make_parents(d->final) != 0) {
    sim_errs_add(e, d->final, 0, NULL, "cannot create its parent folders: %s", strerror(errno));
    return SIM_EIO;
  }
  (void)sim_remove_stale(d->final);
  const char *slash = strrchr(d->final, '/');
  int plen = slash ? (int)(slash - d->final + 1) : 0;
  char tag[128];
  sim_owner_tag(tag, sizeof tag);
  int len = snprintf(d->tmp, sizeof d->tmp, "%.*s.%s.partial-%s", plen, d->final, slash ? slash + 1 : d->final, tag);
  if (len < 0 || (size_t)len >= sizeof d->tmp || mkdir(d->tmp, 0777) != 0) {
    sim_errs_add(e, d->final, 0, NULL, "cannot be created: %s (expected a path in a writable folder)", strerror(errno));
    return SIM_EIO;
  }
  d->open = 1;
  return SIM_OK;
}

void sim_outdir_path(const sim_outdir *d, const char *name, char *buf, size_t n) {
  snprintf(buf, n, "%s/%s", d->tmp, name);
}

/* Messages name the file where the user will look for it, not the temporary folder. */
static void final_path(const sim_outdir *d, const char *name, char *buf, size_t n) {
  snprintf(buf, n, "%s/%s", d->final, name);
}

FILE *sim_outdir_open(sim_outdir *d, const char *name, sim_errs *e) {
  char path[4200];
  sim_outdir_path(d, name, path, sizeof path);
  FILE *f = fopen(path, "w");
  if (!f) {
    char shown[4200];
    final_path(d, name, shown, sizeof shown);
    sim_errs_add(e, shown, 0, NULL, "cannot write: %s (expected a writable folder)", strerror(errno));
  }
  return f;
}

sim_status sim_outdir_close(sim_outdir *d, FILE *f, const char *name, sim_errs *e) {
  char path[4200];
  final_path(d, name, path, sizeof path);
  int bad = fflush(f) != 0 || ferror(f);
  int err = errno;
  if (fclose(f) != 0 && !bad) {
    bad = 1;
    err = errno;
  }
  if (bad) {
    sim_errs_add(e, path, 0, NULL,
                 "write failed: %s (expected room on the disk and a writable folder); nothing was written",
                 strerror(err ? err : EIO));
    return SIM_EIO;
  }
  return SIM_OK;
}

// NOLINTNEXTLINE(misc-no-recursion): one level per folder level of tzsim's own result folder; lstat: links are not followed
int sim_remove_tree(const char *path) {
  struct stat st;
  if (lstat(path, &st) != 0) return errno == ENOENT ? 0 : -1;
  if (!S_ISDIR(st.st_mode)) return unlink(path);
  DIR *dir = opendir(path);
  if (!dir) return -1;
  struct dirent *ent;
  int rc = 0;
  while ((ent = readdir(dir)) != NULL) {
    if (strcmp(ent->d_name, ".") == 0 || strcmp(ent->d_name, "..") == 0) continue;
    char child[4400];
    snprintf(child, sizeof child, "%s/%s", path, ent->d_name);
    if (sim_remove_tree(child) != 0) rc = -1;
  }
  closedir(dir);
  if (rmdir(path) != 0) rc = -1;
  return rc;
}

void sim_owner_tag(char *buf, size_t n) {
  char host[65] = "";
  if (gethostname(host, sizeof host - 1) != 0 || !host[0]) snprintf(host, sizeof host, "localhost");
  host[sizeof host - 1] = '\0';
  /* The tag is part of a file name and is parsed back at its last '-'. */
  for (char *p = host; *p; p++)
    if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '.')) *p = '_';
  snprintf(buf, n, "%s-%ld", host, (long)getpid());
}

/* 1 if tag ("HOST-PID") names a process of this host that no longer exists. */
static int tag_is_dead(const char *tag) {
  char mine[128];
  sim_owner_tag(mine, sizeof mine);
  const char *dash = strrchr(tag, '-'), *my_dash = strrchr(mine, '-');
  if (!dash || !my_dash || dash - tag != my_dash - mine || strncmp(tag, mine, (size_t)(dash - tag)) != 0) return 0;
  char *end = NULL;
  errno = 0;
  long pid = (dash[1] >= '0' && dash[1] <= '9') ? strtol(dash + 1, &end, 10) : 0;
  if (!end || *end || errno || pid <= 0 || pid == (long)getpid()) return 0;
  return kill((pid_t)pid, 0) != 0 && errno == ESRCH;
}

int sim_remove_stale(const char *dir) {
  char parent[4096], base[4096];
  size_t n = strlen(dir);
  while (n > 1 && dir[n - 1] == '/') n--;
  if (n == 0 || n >= sizeof base) return 0;
  snprintf(base, sizeof base, "%.*s", (int)n, dir);
  char *slash = strrchr(base, '/');
  if (slash) {
    snprintf(parent, sizeof parent, "%.*s", slash == base ? 1 : (int)(slash - base), base);
    memmove(base, slash + 1, strlen(slash + 1) + 1);
  } else {
    snprintf(parent, sizeof parent, ".");
  }
  char partial[4200], ckpt[4200];
  snprintf(partial, sizeof partial, ".%s.partial-", base);
  snprintf(ckpt, sizeof ckpt, "%s.ckpt.tmp-", base);
  DIR *d = opendir(parent);
  if (!d) return 0;
  int removed = 0;
  struct dirent *ent;
  while ((ent = readdir(d)) != NULL) {
    const char *tag = !strncmp(ent->d_name, partial, strlen(partial)) ? ent->d_name + strlen(partial)
                      : !strncmp(ent->d_name, ckpt, strlen(ckpt))     ? ent->d_name + strlen(ckpt)
                                                                      : NULL;
    if (!tag || !tag_is_dead(tag)) continue;
    char path[8400];
    snprintf(path, sizeof path, "%s/%s", parent, ent->d_name);
    if (sim_remove_tree(path) == 0) {
      removed++;
      fprintf(stderr, "%s: notice: removed %s, left by a killed run (its process is gone from this host)\n", dir,
              ent->d_name);
    }
  }
  closedir(d);
  return removed;
}

void sim_outdir_abort(sim_outdir *d) {
  if (d->open) sim_remove_tree(d->tmp);
  d->open = 0;
}

/* ---- French copies of the CSV files ---- */

static int csv_french; /* --csv fr: one setting of the process, for every result it writes */

void sim_outdir_set_csv_french(int on) { csv_french = on; }

static int ends_with(const char *s, const char *tail) {
  size_t n = strlen(s), k = strlen(tail);
  return n >= k && strcmp(s + n - k, tail) == 0;
}

/* NAME.fr.csv beside NAME.csv: read back with the one CSV reader, written in the French dialect. */
static sim_status french_copy(const char *path, const char *shown, sim_errs *e) {
  sim_csv_table t;
  sim_status st = sim_csv_read(path, &t, e);
  if (st != SIM_OK) return st;
  char out[4400], shown_out[4400];
  snprintf(out, sizeof out, "%.*s.fr.csv", (int)(strlen(path) - 4), path);
  snprintf(shown_out, sizeof shown_out, "%.*s.fr.csv", (int)(strlen(shown) - 4), shown);
  FILE *f = fopen(out, "w");
  if (!f) {
    sim_csv_free(&t);
    sim_errs_add(e, shown_out, 0, NULL, "cannot write: %s (expected a writable folder)", strerror(errno));
    return SIM_EIO;
  }
  st = sim_csv_write_fr(f, &t);
  sim_csv_free(&t);
  int bad = st != SIM_OK || fflush(f) != 0 || ferror(f);
  int err = errno;
  if (fclose(f) != 0 && !bad) {
    bad = 1;
    err = errno;
  }
  if (bad) {
    sim_errs_add(e, shown_out, 0, NULL,
                 "write failed: %s (expected room on the disk and a writable folder); nothing was written",
                 strerror(err ? err : EIO));
    return SIM_EIO;
  }
  return SIM_OK;
}

/* Every CSV file below dir (its figures' folder aside), shown as below shown in messages. */
// NOLINTNEXTLINE(misc-no-recursion): one level per folder level of tzsim's own result folder
static sim_status french_copies(const char *dir, const char *shown, sim_errs *e) {
  DIR *d = opendir(dir);
  if (!d) {
    sim_errs_add(e, shown, 0, NULL, "cannot read the folder: %s", strerror(errno));
    return SIM_EIO;
  }
  sim_status st = SIM_OK;
  struct dirent *ent;
  while (st == SIM_OK && (ent = readdir(d)) != NULL) {
    const char *n = ent->d_name;
    if (n[0] == '.' || strcmp(n, "plots") == 0 || ends_with(n, ".fr.csv")) continue;
    char path[4400], shown_path[4400];
    snprintf(path, sizeof path, "%s/%s", dir, n);
    snprintf(shown_path, sizeof shown_path, "%s/%s", shown, n);
    struct stat sb;
    if (lstat(path, &sb) != 0) continue;
    if (S_ISDIR(sb.st_mode))
      st = french_copies(path, shown_path, e);
    else if (S_ISREG(sb.st_mode) && ends_with(n, ".csv"))
      st = french_copy(path, shown_path, e);
  }
  closedir(d);
  return st;
}

sim_status sim_outdir_commit(sim_outdir *d, sim_errs *e) {
  char old[4200] = "";
  if (csv_french) {
    sim_status st = french_copies(d->tmp, d->final, e);
    if (st != SIM_OK) {
      sim_outdir_abort(d);
      return st;
    }
  }
  if (exists(d->final)) {
    if (!d->force) {
      sim_errs_add(e, d->final, 0, NULL,
                   "output directory appeared during the run (expected a new directory, or --force)");
      sim_outdir_abort(d);
      return SIM_EEXIST;
    }
    snprintf(old, sizeof old, "%s.old-%ld", d->tmp, (long)getpid());
    if (rename(d->final, old) != 0) {
      sim_errs_add(e, d->final, 0, NULL, "cannot move the old result aside: %s", strerror(errno));
      sim_outdir_abort(d);
      return SIM_EIO;
    }
  }
  if (renameat2(AT_FDCWD, d->tmp, AT_FDCWD, d->final, RENAME_NOREPLACE) != 0) {
    int err = errno;
    sim_errs_add(e, d->final, 0, NULL, "cannot move the finished result into place: %s", strerror(err));
    /* Put the old result back: nothing is lost; if even that fails, say where it is. */
    if (old[0] && rename(old, d->final) != 0)
      sim_errs_add(e, d->final, 0, NULL, "cannot put the previous result back: %s (it is kept in %s)", strerror(errno),
                   old);
    sim_outdir_abort(d);
    return SIM_EIO;
  }
  d->open = 0;
  if (old[0]) sim_remove_tree(old);
  return SIM_OK;
}
