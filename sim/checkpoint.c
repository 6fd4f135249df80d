/* checkpoint.c: writing and verifying checkpoint files (the model writes its own state inside). */
#include "sim/checkpoint.h"

#include <stdlib.h>
#include <string.h>

#include "sim/shard.h"

sim_status sim_ckpt_begin(FILE *f, const sim_ckpt_header *h) {
  if (fwrite(SIM_CKPT_MAGIC, 1, strlen(SIM_CKPT_MAGIC), f) != strlen(SIM_CKPT_MAGIC) || fwrite(h, sizeof *h, 1, f) != 1)
    return SIM_EIO;
  return SIM_OK;
}

/* FNV-1a of the first n bytes of f. */
static int checksum(FILE *f, long n, uint64_t *out) {
  unsigned char buf[1 << 16];
  uint64_t h = SIM_FNV1A_INIT;
  if (fseek(f, 0, SEEK_SET) != 0) return -1;
  for (long done = 0; done < n;) {
    size_t want = (size_t)(n - done) < sizeof buf ? (size_t)(n - done) : sizeof buf;
    if (fread(buf, 1, want, f) != want) return -1;
    h = sim_fnv1a(h, buf, want);
    done += (long)want;
  }
  *out = h;
  return 0;
}

sim_status sim_ckpt_finish(FILE *f, const sim_stats_acc *acc, size_t cells) {
  if (cells && fwrite(acc, sizeof *acc, cells, f) != cells) return SIM_EIO;
  if (fflush(f) != 0) return SIM_EIO;
  long n = ftell(f);
  uint64_t h;
  if (n < 0 || checksum(f, n, &h) != 0 || fseek(f, 0, SEEK_END) != 0 || fwrite(&h, sizeof h, 1, f) != 1) return SIM_EIO;
  return fflush(f) == 0 ? SIM_OK : SIM_EIO;
}

sim_status sim_ckpt_open(const char *path, sim_ckpt_header *h, sim_stats_acc **acc, FILE **out, sim_errs *e) {
  *acc = NULL;
  *out = NULL;
  FILE *f = fopen(path, "rb");
  if (!f) {
    sim_errs_add(e, path, 0, "--from", "cannot read it (expected a checkpoint written by tzsim run --checkpoint-at)");
    return SIM_EIO;
  }
  char magic[sizeof SIM_CKPT_MAGIC] = "";
  long size = -1;
  if (fread(magic, 1, strlen(SIM_CKPT_MAGIC), f) != strlen(SIM_CKPT_MAGIC) || memcmp(magic, SIM_CKPT_MAGIC, strlen(SIM_CKPT_MAGIC)) != 0 ||
      fread(h, sizeof *h, 1, f) != 1 || fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < (long)(sizeof *h + 8)) {
    sim_errs_add(e, path, 0, "--from", "not a tzsim checkpoint of this format (expected a file written by tzsim run --checkpoint-at)");
    (void)fclose(f);
    return SIM_EPARAM;
  }
  uint64_t stored = 0, computed = 0;
  if (fseek(f, size - 8, SEEK_SET) != 0 || fread(&stored, sizeof stored, 1, f) != 1 || checksum(f, size - 8, &computed) != 0 ||
      stored != computed) {
    sim_errs_add(e, path, 0, "--from", "its checksum does not match (expected an intact checkpoint file: it is damaged or incomplete)");
    (void)fclose(f);
    return SIM_EPARAM;
  }
  size_t cells = (size_t)h->reported_before * (size_t)h->out_width;
  long acc_at = size - 8 - (long)(cells * sizeof **acc);
  *acc = malloc((cells ? cells : 1) * sizeof **acc);
  if (!*acc || fseek(f, acc_at, SEEK_SET) != 0 || (cells && fread(*acc, sizeof **acc, cells, f) != cells) ||
      fseek(f, (long)(strlen(SIM_CKPT_MAGIC) + sizeof *h), SEEK_SET) != 0) {
    free(*acc);
    *acc = NULL;
    sim_errs_add(e, path, 0, "--from", "cannot read it (expected a readable checkpoint)");
    (void)fclose(f);
    return SIM_EIO;
  }
  *out = f;
  return SIM_OK;
}
