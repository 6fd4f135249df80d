/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test_batch.c: the SLURM scripts of contrib/slurm run as a scheduler would run them (issue 15):
 * each script file is run by bash with the SLURM_* variables sbatch sets, and fake srun, sbatch and
 * scontrol on PATH (srun runs the command, under mpirun -np $SLURM_NTASKS when it is given --mpi
 * and TZSIM_TEST_MPIRUN names mpirun, i.e. in the MPI build). Every path must give the bytes of a
 * serial run: the array and its merge, a damaged shard resubmitted, a task killed by SIGKILL or
 * stopped by the time limit's SIGTERM and continued with --resume. Also: stale partial folders,
 * --dry-run --ranks, and hostile restart files. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "e2e_util.h"
#include "sim/checkpoint.h"
#include "sim/shard.h"

#define MONTHS "--set months=24"

static void expect_status(e2e_result *r, int want) {
  if (r->status != want) fail_msg("exit %d (expected %d), stdout: %s stderr: %s", r->status, want, r->out, r->err);
}

static void write_file(const char *path, const char *text, int mode) {
  FILE *f = fopen(path, "w");
  assert_non_null(f);
  assert_int_equal(fputs(text, f) >= 0, 1);
  assert_int_equal(fclose(f), 0);
  assert_int_equal(chmod(path, (mode_t)mode), 0);
}

/* The fake scheduler commands, once. srun writes its pid (then execs, so that pid is the
 * command's) to $FAKE_PID, and every call is logged to $FAKE_LOG. */
static void fake_scheduler(void) {
  static int done;
  if (done) return;
  mkdir(e2e_path("bin"), 0777);
  write_file(e2e_in(e2e_path("bin"), "srun"),
             "#!/bin/sh\n"
             "mpi=0\n"
             "while [ $# -gt 0 ]; do case \"$1\" in --mpi=*) mpi=1; shift;; --*) shift;; *) break;; esac; done\n"
             "echo \"srun $*\" >> \"$FAKE_LOG\"\n"
             "echo $$ > \"$FAKE_PID\"\n"
             "if [ $mpi = 1 ] && [ -n \"${TZSIM_TEST_MPIRUN:-}\" ]; then\n"
             "  exec \"$TZSIM_TEST_MPIRUN\" --allow-run-as-root --oversubscribe -np \"$SLURM_NTASKS\" \"$@\"\n"
             "fi\n"
             "exec \"$@\"\n",
             0755);
  write_file(e2e_in(e2e_path("bin"), "scontrol"), "#!/bin/sh\necho \"scontrol $*\" >> \"$FAKE_LOG\"\n", 0755);
  write_file(e2e_in(e2e_path("bin"), "sbatch"), "#!/bin/sh\necho \"sbatch $*\" >> \"$FAKE_LOG\"\necho 4242\n", 0755);
  done = 1;
}

/* A shell command running contrib/slurm/SCRIPT with the scheduler's variables (extra: more
 * VAR=value words), from the tests/ folder; the submit folder is the scratch folder. */
static void script_cmd(char *cmd, size_t n, const char *script, const char *extra) {
  fake_scheduler();
  snprintf(cmd, n,
           "top=$(pwd)/..; PATH='%s':\"$PATH\" FAKE_LOG='%s' FAKE_PID='%s' TZSIM='%s' "
           "SCENARIO=\"$top/scenarios/pilots.cfg\" "
           "SLURM_SUBMIT_DIR='%s' SLURM_JOB_ID=1000 SLURM_NTASKS=2 SLURM_CPUS_PER_TASK=1 SLURM_JOB_NAME=tzsim %s "
           "bash \"$top/contrib/slurm/%s\"",
           e2e_path("bin"), e2e_path("fake.log"), e2e_path("fake.pid"), e2e_tzsim, e2e_scratch, extra, script);
}

static e2e_result run_script(const char *script, const char *extra) {
  char cmd[16384];
  script_cmd(cmd, sizeof cmd, script, extra);
  return e2e_sh(cmd);
}

/* The serial run the scripts must reproduce: -r reps, the given extra options. Its path is kept
 * in a buffer of its own (e2e_path's buffers rotate). */
static const char *serial(const char *name, const char *reps, const char *months) {
  static char path[2][4200];
  static int k;
  k = !k;
  snprintf(path[k], sizeof path[k], "%s", e2e_path(name));
  if (!e2e_exists(path[k])) {
    e2e_result r = months
                       ? e2e_run((const char *[]){"run", "-r", reps, "--set", months, "-t", "1", "-o", e2e_path(name),
                                                  "--quiet", NULL})
                       : e2e_run((const char *[]){"run", "-r", reps, "-t", "1", "-o", e2e_path(name), "--quiet", NULL});
    expect_status(&r, 0);
    e2e_result_free(&r);
  }
  return path[k];
}

static int log_has(const char *text) {
  char *log = e2e_slurp(e2e_path("fake.log"), NULL);
  int found = log && strstr(log, text) != NULL;
  free(log);
  return found;
}

static void flip_byte(const char *path, long at) {
  FILE *f = fopen(path, "r+b");
  assert_non_null(f);
  assert_int_equal(fseek(f, at, SEEK_SET), 0);
  int c = fgetc(f);
  assert_int_not_equal(c, EOF);
  assert_int_equal(fseek(f, at, SEEK_SET), 0);
  fputc(c ^ 0x01, f);
  assert_int_equal(fclose(f), 0);
}

/* Three array tasks and the merge give the serial run's bytes; a rerun task with an intact shard
 * is skipped after its checksum is verified; one with a flipped byte is redone, not skipped. */
static void test_array_merge_and_damaged_shard(void **state) {
  (void)state;
  const char *ref = serial("serial5", "5", "months=24");
  char env[512];
  for (int k = 1; k <= 3; k++) {
    snprintf(env, sizeof env,
             "REPS=5 TZSIM_ARGS='" MONTHS
             "' OUT=arr SLURM_ARRAY_JOB_ID=1000 SLURM_ARRAY_TASK_ID=%d SLURM_ARRAY_TASK_COUNT=3",
             k);
    e2e_result r = run_script("shards.sh", env);
    expect_status(&r, 0);
    e2e_result_free(&r);
  }
  assert_true(log_has("--shard 2/3 -o arr-shards/2"));
  /* Resubmitted: shard 1 is intact. */
  snprintf(env, sizeof env, "REPS=5 TZSIM_ARGS='" MONTHS "' OUT=arr SLURM_ARRAY_TASK_ID=1 SLURM_ARRAY_TASK_COUNT=3");
  /* Without --quiet to see the verdict: the script's own command with the flag dropped. */
  e2e_result r = e2e_run((const char *[]){"run", "../scenarios/pilots.cfg", "-r", "5", "--set", "months=24", "-t", "1",
                                          "--shard", "1/3", "-o", e2e_in(e2e_scratch, "arr-shards/1"), NULL});
  expect_status(&r, 0);
  char want[8192];
  snprintf(want, sizeof want,
           "shard 1/3 of \"pilots\" is already complete in %s/arr-shards/1 (checksum verified): nothing to do\n",
           e2e_scratch);
  assert_string_equal(r.out, want);
  e2e_result_free(&r);
  /* Shard 2 damaged: one byte of its rows. */
  flip_byte(e2e_in(e2e_scratch, "arr-shards/2/rows.bin"), 1000);
  snprintf(env, sizeof env, "REPS=5 TZSIM_ARGS='" MONTHS "' OUT=arr SLURM_ARRAY_TASK_ID=2 SLURM_ARRAY_TASK_COUNT=3");
  r = run_script("shards.sh", env);
  expect_status(&r, 0);
  assert_string_equal(r.err,
                      "arr-shards/2: notice: shard 2/3 is damaged: its data does not match the checksum in shard.json "
                      "(data_fnv1a64); running it again to replace it\n");
  e2e_result_free(&r);
  /* Shard 3 truncated. */
  assert_int_equal(truncate(e2e_in(e2e_scratch, "arr-shards/3/headline.bin"), 8), 0);
  snprintf(env, sizeof env, "REPS=5 TZSIM_ARGS='" MONTHS "' OUT=arr SLURM_ARRAY_TASK_ID=3 SLURM_ARRAY_TASK_COUNT=3");
  r = run_script("shards.sh", env);
  expect_status(&r, 0);
  assert_non_null(strstr(r.err, "shard 3/3 is damaged: headline.bin is missing or has the wrong size (expected "));
  e2e_result_free(&r);
  r = run_script("merge.sh", "OUT=arr");
  expect_status(&r, 0);
  e2e_result_free(&r);
  e2e_expect_same_results(ref, e2e_path("arr"));
  assert_false(e2e_exists(e2e_path("arr-shards"))); /* cleaned up once merged */
  /* The merge rerun: refused on its output folder before any shard is read (this one does not
   * exist: reading it first would say so instead). */
  char out[4400];
  snprintf(out, sizeof out, "%s", e2e_path("arr"));
  r = e2e_run((const char *[]){"merge", e2e_path("no-such-shard"), "-o", out, NULL});
  expect_status(&r, 3);
  snprintf(want, sizeof want, "%s: output directory exists (expected a new directory, or --force to replace it)\n",
           out);
  assert_string_equal(r.err, want);
  e2e_result_free(&r);
}

/* The MPI script (mpirun -np 2 in the MPI build, else one process) and the sweep script. */
static void test_mpi_and_sweep_scripts(void **state) {
  (void)state;
  const char *ref = serial("serial5", "5", "months=24");
  e2e_result r = run_script("mpi.sh", "REPS=5 TZSIM_ARGS='" MONTHS "' OUT=mpi");
  expect_status(&r, 0);
  /* The headline table, as a serial run prints it (under mpirun too). */
  assert_non_null(strstr(r.out, "\n  net_cost_per_fte_year_net_eur "));
  e2e_result_free(&r);
  assert_true(log_has("tzsim run "));
  e2e_expect_same_results(ref, e2e_path("mpi"));
  /* A tiny sweep, by the script and by hand. */
  char text[2048];
  snprintf(text, sizeof text,
           "@include \"%s/../scenarios/pilots.cfg\"\n"
           "sweep: { method = \"lhs\"; samples = 2; seed = 3; outputs = [\"net_cost_per_fte_year_net_eur\"];\n"
           "  parameters = ( { key = \"territories.*.hire_max\"; range = [5.0, 15.0]; } ); };\n",
           getcwd((char[4096]){0}, 4096));
  write_file(e2e_path("tiny-sweep.cfg"), text, 0644);
  char env[4400];
  snprintf(env, sizeof env, "SCENARIO='%s' TZSIM_ARGS='--set months=12 -r 2 --quiet' OUT=sweep",
           e2e_path("tiny-sweep.cfg"));
  r = run_script("sweep.sh", env);
  expect_status(&r, 0);
  e2e_result_free(&r);
  r = e2e_run((const char *[]){"sweep", e2e_path("tiny-sweep.cfg"), "--set", "months=12", "-r", "2", "-t", "1",
                               "--quiet", "-o", e2e_path("sweep-serial"), NULL});
  expect_status(&r, 0);
  e2e_result_free(&r);
  assert_true(e2e_same_file(e2e_in(e2e_path("sweep"), "sweep.csv"), e2e_in(e2e_path("sweep-serial"), "sweep.csv")));
}

/* The tag sim_owner_tag gives a process of this host. */
static void host_tag(char *buf, size_t n, long pid) {
  char host[65] = "";
  if (gethostname(host, sizeof host - 1) != 0 || !host[0]) snprintf(host, sizeof host, "localhost");
  for (char *p = host; *p; p++)
    if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '.')) *p = '_';
  snprintf(buf, n, "%s-%ld", host, pid);
}

/* A pid that was just this test's child and is gone. */
static long dead_pid(void) {
  pid_t p = fork();
  if (p == 0) _exit(0);
  assert_true(p > 0);
  waitpid(p, NULL, 0);
  return (long)p;
}

/* What a task killed while writing leaves (its hidden partial folder, a restart temporary) is
 * removed by the next run into the same folder; a live writer's, or another host's, is kept. */
static void test_stale_partials_removed(void **state) {
  (void)state;
  char dead[128], live[128], name[4400];
  long pid = dead_pid();
  host_tag(dead, sizeof dead, pid);
  host_tag(live, sizeof live, (long)getpid());
  const char *made[] = {".pk.partial-", "pk.ckpt.tmp-"};
  for (int i = 0; i < 2; i++) {
    char leaf[256];
    snprintf(leaf, sizeof leaf, "%s%s", made[i], dead);
    snprintf(name, sizeof name, "%s/%s", e2e_scratch, leaf);
    if (i == 0) {
      assert_int_equal(mkdir(name, 0777), 0);
      write_file(e2e_in(name, "rows.bin"), "half a shard", 0644);
    } else {
      write_file(name, "half a restart file", 0644);
    }
  }
  snprintf(name, sizeof name, "%s/.pk.partial-%s", e2e_scratch, live);
  assert_int_equal(mkdir(name, 0777), 0);
  snprintf(name, sizeof name, "%s/.pk.partial-elsewhere.example-%ld", e2e_scratch, pid);
  assert_int_equal(mkdir(name, 0777), 0);
  e2e_result r = e2e_run(
      (const char *[]){"run", "-r", "2", "--set", "months=12", "-t", "1", "--quiet", "-o", e2e_path("pk"), NULL});
  expect_status(&r, 0);
  char want[4096];
  snprintf(want, sizeof want,
           "%s: notice: removed .pk.partial-%s, left by a killed run (its process is gone from this host)\n"
           "%s: notice: removed pk.ckpt.tmp-%s, left by a killed run (its process is gone from this host)\n",
           e2e_path("pk"), dead, e2e_path("pk"), dead);
  /* readdir order: either line first. */
  char *first = strstr(r.err, ".pk.partial-"), *second = strstr(r.err, "pk.ckpt.tmp-");
  assert_non_null(first);
  assert_non_null(second);
  assert_int_equal(strlen(r.err), strlen(want));
  e2e_result_free(&r);
  snprintf(name, sizeof name, "%s/.pk.partial-%s", e2e_scratch, dead);
  assert_false(e2e_exists(name));
  snprintf(name, sizeof name, "%s/pk.ckpt.tmp-%s", e2e_scratch, dead);
  assert_false(e2e_exists(name));
  snprintf(name, sizeof name, "%s/.pk.partial-%s", e2e_scratch, live);
  assert_true(e2e_exists(name));
  snprintf(name, sizeof name, "%s/.pk.partial-elsewhere.example-%ld", e2e_scratch, pid);
  assert_true(e2e_exists(name));
  assert_true(e2e_exists(e2e_path("pk/summary.json")));
}

/* Start checkpointed.sh in the background, wait for its first restart point, send sig to tzsim
 * (the pid the fake srun recorded), and return the script's exit status. */
static int interrupt_script(const char *out, const char *sig) {
  char env[512], run[16384], cmd[20000];
  snprintf(env, sizeof env, "REPS=10 CKPT=12 OUT=%s", out);
  script_cmd(run, sizeof run, "checkpointed.sh", env);
  snprintf(cmd, sizeof cmd,
           "rm -f '%s'; (%s) > '%s' 2>&1 & job=$!; i=0; "
           "while [ ! -f '%s/%s.ckpt' ] && [ $i -lt 3000 ]; do sleep 0.01; i=$((i+1)); done; "
           "kill -%s \"$(cat '%s')\"; wait $job; echo $?",
           e2e_path("fake.pid"), run, e2e_path("interrupted.log"), e2e_scratch, out, sig, e2e_path("fake.pid"));
  e2e_result r = e2e_sh(cmd);
  int st = atoi(r.out);
  e2e_result_free(&r);
  return st;
}

/* A job killed mid-run (SIGKILL, as the out-of-memory killer does) after a restart point was
 * written, resubmitted: it continues and gives the bytes of a run straight through. At the time
 * limit (SIGTERM) tzsim saves where it is, exits 130 and the job requeues itself. */
static void test_killed_and_resumed(void **state) {
  (void)state;
  const char *ref = serial("serial10", "10", NULL);
  assert_int_equal(interrupt_script("long", "KILL"), 137);
  assert_false(e2e_exists(e2e_path("long")));
  assert_true(e2e_exists(e2e_path("long.ckpt")));
  e2e_result r = run_script("checkpointed.sh", "REPS=10 CKPT=12 OUT=long");
  expect_status(&r, 0);
  assert_non_null(strstr(r.out, "continued from long.ckpt (replication "));
  e2e_result_free(&r);
  e2e_expect_same_results(ref, e2e_path("long"));
  assert_false(e2e_exists(e2e_path("long.ckpt"))); /* the result is complete */
  /* Into a folder whose parents do not exist yet: made before the first save. */
  r = e2e_run((const char *[]){"run", "-r", "2", "--set", "months=12", "-t", "1", "--quiet", "--checkpoint-every", "3",
                               "-o", e2e_in(e2e_scratch, "new/deeper/run"), NULL});
  expect_status(&r, 0);
  e2e_result_free(&r);
  assert_true(e2e_exists(e2e_in(e2e_scratch, "new/deeper/run/summary.json")));
  assert_false(e2e_exists(e2e_in(e2e_scratch, "new/deeper/run.ckpt")));

  /* The time limit: SIGTERM to the step. */
  assert_int_equal(interrupt_script("term", "TERM"), 130);
  char *log = e2e_slurp(e2e_path("interrupted.log"), NULL);
  assert_non_null(log);
  assert_non_null(strstr(log, "term.ckpt: --checkpoint-every: the run so far is saved here (run the same command with "
                              "--resume to continue)\n"));
  free(log);
  assert_true(log_has("scontrol requeue 1000"));
  assert_false(e2e_exists(e2e_path("term")));
  /* Hostile restart files, before the requeued job continues: each refused, nothing written. */
  char ck[4400], copy[4400];
  snprintf(ck, sizeof ck, "%s", e2e_path("term.ckpt"));
  snprintf(copy, sizeof copy, "%s", e2e_path("term.ckpt.good"));
  size_t len = 0;
  char *good = e2e_slurp(ck, &len);
  assert_non_null(good);
  assert_true(len > 200);
  FILE *f = fopen(copy, "wb");
  assert_non_null(f);
  assert_int_equal(fwrite(good, 1, len, f), len);
  assert_int_equal(fclose(f), 0);
  const long hdr = (long)strlen(SIM_RESTART_MAGIC);
  struct {
    const char *what;
    long at;        /* byte to change (-1: truncate to `value` bytes) */
    uint32_t value; /* the 4 bytes written there */
    int rehash;     /* recompute the trailer as an attacker would */
    const char *message;
  } cases[] = {
      {"flipped byte", hdr + (long)sizeof(sim_restart_header) + 3, 0, 0,
       "its checksum does not match (expected an intact restart file: it is damaged or incomplete; remove it to start "
       "again)"},
      {"truncated", -1, 100, 0,
       "not a tzsim restart file of this format (expected a file written by tzsim run --checkpoint-every)"},
      {"rep out of range", hdr + (long)offsetof(sim_restart_header, rep), 4000000000u, 1,
       "header field rep is 4000000000 and step "},
      {"step out of range", hdr + (long)offsetof(sim_restart_header, step), 0, 1, "header field rep is "},
      {"replications", hdr + (long)offsetof(sim_restart_header, replications), 11, 1,
       "was written for another scenario, seed or replication count (expected a restart file of this very run; remove "
       "it to start again)"},
      {"monthly count", hdr + (long)sizeof(sim_restart_header), 0x7ff80000u, 1, "monthly statistic 0 is n="},
      {"magic", 2, 0x21212121u, 1, "not a tzsim restart file of this format"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char *bytes = malloc(len);
    assert_non_null(bytes);
    memcpy(bytes, good, len);
    size_t n = len;
    if (cases[i].at < 0) {
      n = cases[i].value;
    } else {
      memcpy(bytes + cases[i].at, &cases[i].value, 4);
      if (!cases[i].rehash) bytes[cases[i].at] ^= 0x10;
    }
    if (cases[i].rehash) {
      uint64_t h = sim_fnv1a(SIM_FNV1A_INIT, bytes, n - 8);
      memcpy(bytes + n - 8, &h, 8);
    }
    f = fopen(ck, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(bytes, 1, n, f), n);
    assert_int_equal(fclose(f), 0);
    free(bytes);
    e2e_result x = run_script("checkpointed.sh", "REPS=10 CKPT=12 OUT=term");
    if (x.status != 2 || !strstr(x.err, cases[i].message) || strncmp(x.err, "term.ckpt: --resume: ", 21) != 0)
      fail_msg("%s: exit %d, stderr %s", cases[i].what, x.status, x.err);
    e2e_result_free(&x);
    assert_false(e2e_exists(e2e_path("term")));
  }
  /* Another seed than the restart file's. */
  f = fopen(ck, "wb");
  assert_non_null(f);
  assert_int_equal(fwrite(good, 1, len, f), len);
  assert_int_equal(fclose(f), 0);
  free(good);
  r = run_script("checkpointed.sh", "REPS=10 CKPT=12 OUT=term TZSIM_ARGS='-s 7'");
  expect_status(&r, 2);
  assert_string_equal(r.err, "term.ckpt: --resume: was written for another scenario, seed or replication count "
                             "(expected a restart "
                             "file of this very run; remove it to start again)\n");
  e2e_result_free(&r);
  /* The requeued job continues, on another number of threads: the same bytes. */
  r = run_script("checkpointed.sh", "REPS=10 CKPT=12 OUT=term SLURM_CPUS_PER_TASK=2");
  expect_status(&r, 0);
  assert_non_null(strstr(r.out, "continued from term.ckpt (replication "));
  e2e_result_free(&r);
  e2e_expect_same_results(ref, e2e_path("term"));
}

/* --dry-run --ranks: the memory per rank, the request to make and the disk of a sharded run; the
 * submit script passes them to sbatch with the array size written once. */
static void test_dry_run_and_submit(void **state) {
  (void)state;
  e2e_result r =
      e2e_run((const char *[]){"run", "-r", "10", "--set", "months=24", "-t", "2", "--dry-run", "--ranks", "3", NULL});
  expect_status(&r, 0);
  assert_non_null(strstr(r.out, "\nranks: 3; replications per rank: at most 4; memory per rank: about "));
  assert_non_null(strstr(r.out, "\nslurm: ask --mem-per-cpu="));
  assert_non_null(strstr(r.out, "M with --cpus-per-task=2 (or --mem="));
  assert_non_null(strstr(r.out, "\ndisk: a sharded run (--shard K/3) keeps about "));
  e2e_result_free(&r);
  r = e2e_run((const char *[]){"run", "--dry-run", "--ranks", "0", NULL});
  expect_status(&r, 2);
  assert_string_equal(r.err, "command line: --ranks: '0' is not valid (expected an integer in [1, 100000])\n");
  e2e_result_free(&r);
  const char *mpirun = getenv("TZSIM_TEST_MPIRUN");
  if (mpirun && *mpirun) {
    /* Under mpirun: printed once, for the ranks of the launch. */
    char cmd[8192];
    snprintf(cmd, sizeof cmd, "'%s' --allow-run-as-root --oversubscribe -np 2 '%s' run -r 10 --set months=24 --dry-run",
             mpirun, e2e_tzsim);
    r = e2e_sh(cmd);
    expect_status(&r, 0);
    char *at = strstr(r.out, "ranks: 2; replications per rank: at most 5");
    assert_non_null(at);
    assert_null(strstr(at + 1, "ranks: 2;"));
    e2e_result_free(&r);
  }
  char cmd[20000], run[16384];
  script_cmd(run, sizeof run, "submit-shards.sh", "REPS=10 SHARDS=3 CPUS=1 OUT=sub TZSIM_ARGS='" MONTHS "'");
  /* From the submit folder, as a user on the login node. */
  snprintf(cmd, sizeof cmd, "here=$(pwd); cd '%s' && top=$here/.. && %s", e2e_scratch, run + strlen("top=$(pwd)/..; "));
  r = e2e_sh(cmd);
  expect_status(&r, 0);
  assert_non_null(strstr(r.out, "\ndisk: a sharded run (--shard K/3) keeps about "));
  assert_non_null(strstr(r.out, "array job 4242 (3 tasks, --mem="));
  e2e_result_free(&r);
  assert_true(log_has("sbatch --parsable --array=1-3 --cpus-per-task=1 --mem="));
  assert_true(log_has("sbatch --parsable --dependency=afterok:4242 "));
  assert_true(e2e_exists(e2e_path("logs")));
  assert_false(e2e_exists(e2e_path("sub-shards")));
}

/* Options that cannot go together, refused before anything runs. */
static void test_refused_options(void **state) {
  (void)state;
  struct {
    const char *args[12];
    const char *message;
  } cases[] = {
      {{"run", "--checkpoint-every", "0", "-o", NULL},
       "command line: --checkpoint-every: '0' is not valid (expected N simulated months or Nmin wall minutes, N from 1 "
       "to 100000, e.g. 12 or 30min)\n"},
      {{"run", "--checkpoint-every", "12h", "-o", NULL},
       "command line: --checkpoint-every: '12h' is not valid (expected N simulated months or Nmin wall minutes, N from "
       "1 to 100000, e.g. 12 or 30min)\n"},
      {{"run", "--checkpoint-every", "12", "--shard", "1/2", "-o", NULL},
       "command line: --checkpoint-every: cannot be combined with --shard (expected one or the other: a killed shard "
       "is run again whole)\n"},
      {{"run", "--resume", "--checkpoint-at", "2018-01", "-o", NULL},
       "command line: --resume: cannot be combined with --checkpoint-at (expected one or the other)\n"},
      {{"run", "--checkpoint-every", "30min", "--precision", "net_cost_per_fte_year_net_eur=0.01", "-o", NULL},
       "command line: --checkpoint-every: cannot be combined with --precision (expected one or the other)\n"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    const char *args[16];
    size_t n = 0;
    while (cases[i].args[n]) {
      args[n] = cases[i].args[n];
      n++;
    }
    args[n++] = e2e_path("refused");
    args[n] = NULL;
    e2e_result r = e2e_run(args);
    expect_status(&r, 2);
    assert_string_equal(r.err, cases[i].message);
    e2e_result_free(&r);
    assert_false(e2e_exists(e2e_path("refused")));
    assert_false(e2e_exists(e2e_path("refused.ckpt")));
  }
}

int main(int argc, char **argv) {
  e2e_init(argc, argv);
  const struct CMUnitTest tests[] = {
      cmocka_unit_test(test_array_merge_and_damaged_shard),
      cmocka_unit_test(test_mpi_and_sweep_scripts),
      cmocka_unit_test(test_stale_partials_removed),
      cmocka_unit_test(test_killed_and_resumed),
      cmocka_unit_test(test_dry_run_and_submit),
      cmocka_unit_test(test_refused_options),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
