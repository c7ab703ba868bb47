/*
 * Benchmark line generator: prints COUNT lines for one component as fast as it can (or at a
 * steady rate), each carrying the component name and a sequence number so the harness can
 * prove that no line was lost, reordered or torn:
 *
 *     ...@<name>:<seq>@ ... $<seq>$      (start marker early in the line, end marker last)
 *
 * Built by the harness with the machine's `cc` into bench/.build/ (see bench/lib/generators.mjs).
 * Output goes through one large buffer and plain write(2): block-buffered like a real program
 * whose stdout is a pipe, so lines cross write boundaries and the reader must reassemble them.
 *
 * usage: gen NAME COUNT SIZE FORMAT [TEMPLATES|RATE]
 *   FORMAT zap    zap-production JSON padded to SIZE bytes (workload A)
 *          short  `@name:seq@ ok $seq$` padded to SIZE (workload B)
 *          mixed  cycles through TEMPLATES (file, one per line; `{M}` start marker, `{E}` end marker)
 *          rate   zap JSON with the print time (`"t":<epoch µs>`), RATE lines/s, flushed per line (D)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define OUT_CAP (256 * 1024)
static char out[OUT_CAP + 8192];
static size_t used;

static void flush_out(void) {
  size_t off = 0;
  while (off < used) {
    ssize_t n = write(1, out + off, used - off);
    if (n < 0) {
      if (errno == EINTR) continue;
      _exit(errno == EPIPE ? 0 : 3);
    }
    off += (size_t)n;
  }
  used = 0;
}

static inline void put(const char *s, size_t n) {
  memcpy(out + used, s, n);
  used += n;
}

static inline void puts_(const char *s) { put(s, strlen(s)); }

static inline void put_u64(unsigned long long v) {
  char tmp[24];
  int i = 24;
  do {
    tmp[--i] = (char)('0' + v % 10);
    v /= 10;
  } while (v);
  put(tmp + i, (size_t)(24 - i));
}

static inline void pad_to(size_t line_start, size_t size, size_t tail) {
  /* Pads with a readable filler so the line (including `tail` more bytes) reaches `size`. */
  size_t have = used - line_start + tail;
  while (have < size) {
    out[used++] = (char)('a' + (have % 26));
    have++;
  }
}

static const char *level_of(unsigned long long seq) {
  if (seq % 100 == 0) return "error";
  if (seq % 20 == 0) return "warn";
  return "info";
}

static void start_marker(const char *name, unsigned long long seq) {
  put("@", 1);
  puts_(name);
  put(":", 1);
  put_u64(seq);
  put("@", 1);
}

static void end_marker(unsigned long long seq) {
  put("$", 1);
  put_u64(seq);
  put("$", 1);
}

static unsigned long long now_us(void) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return (unsigned long long)ts.tv_sec * 1000000ULL + (unsigned long long)ts.tv_nsec / 1000ULL;
}

static void zap_line(const char *name, unsigned long long seq, size_t size, int with_time) {
  size_t start = used;
  puts_("{\"level\":\"");
  puts_(level_of(seq));
  puts_("\",\"ts\":1764782500.");
  put_u64(100000 + seq % 900000);
  puts_(",\"caller\":\"bench/gen.c:118\",\"msg\":\"");
  start_marker(name, seq);
  puts_(" processed ledger batch\",\"component\":\"");
  puts_(name);
  if (with_time) {
    puts_("\",\"t\":");
    put_u64(now_us());
    puts_(",\"pad\":\"");
  } else {
    puts_("\",\"pad\":\"");
  }
  /* tail: `","end":"$<seq>$"}` + newline */
  char digits[24];
  int nd = snprintf(digits, sizeof digits, "%llu", seq);
  pad_to(start, size, 13 + (size_t)nd + 1);
  puts_("\",\"end\":\"");
  end_marker(seq);
  puts_("\"}\n");
}

static void short_line(const char *name, unsigned long long seq, size_t size) {
  size_t start = used;
  start_marker(name, seq);
  puts_(" ok ");
  char digits[24];
  int nd = snprintf(digits, sizeof digits, "%llu", seq);
  pad_to(start, size, (size_t)nd + 3);
  end_marker(seq);
  put("\n", 1);
}

/* Templates: `{M}` → start marker, `{E}` → end marker. */
static char **templates;
static size_t ntemplates;

static void load_templates(const char *path) {
  FILE *f = fopen(path, "r");
  if (!f) {
    fprintf(stderr, "gen: cannot read templates %s\n", path);
    exit(2);
  }
  char *line = NULL;
  size_t cap = 0;
  ssize_t n;
  while ((n = getline(&line, &cap, f)) > 0) {
    if (line[n - 1] == '\n') line[--n] = 0;
    if (n == 0) continue;
    templates = realloc(templates, (ntemplates + 1) * sizeof *templates);
    templates[ntemplates++] = strdup(line);
  }
  free(line);
  fclose(f);
  if (ntemplates == 0) {
    fprintf(stderr, "gen: no templates in %s\n", path);
    exit(2);
  }
}

static void mixed_line(const char *name, unsigned long long seq) {
  const char *t = templates[seq % ntemplates];
  for (const char *p = t; *p; p++) {
    if (p[0] == '{' && p[1] == 'M' && p[2] == '}') {
      start_marker(name, seq);
      p += 2;
    } else if (p[0] == '{' && p[1] == 'E' && p[2] == '}') {
      end_marker(seq);
      p += 2;
    } else {
      out[used++] = *p;
    }
  }
  put("\n", 1);
}

int main(int argc, char **argv) {
  if (argc < 5) {
    fprintf(stderr, "usage: gen NAME COUNT SIZE zap|short|mixed|rate [TEMPLATES|RATE]\n");
    return 2;
  }
  const char *name = argv[1];
  unsigned long long count = strtoull(argv[2], NULL, 10);
  size_t size = (size_t)strtoul(argv[3], NULL, 10);
  const char *format = argv[4];
  if (size > 4096) size = 4096;
  if (strcmp(format, "mixed") == 0) {
    if (argc < 6) return 2;
    load_templates(argv[5]);
  }
  if (strcmp(format, "rate") == 0) {
    double rate = argc >= 6 ? atof(argv[5]) : 1000.0;
    long long interval_ns = (long long)(1e9 / rate);
    struct timespec next;
    clock_gettime(CLOCK_MONOTONIC, &next);
    for (unsigned long long seq = 1; seq <= count; seq++) {
      next.tv_nsec += interval_ns;
      while (next.tv_nsec >= 1000000000L) {
        next.tv_nsec -= 1000000000L;
        next.tv_sec += 1;
      }
      while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next, NULL) == EINTR) {
      }
      zap_line(name, seq, size, 1);
      flush_out(); /* one line per write: latency, not throughput */
    }
    return 0;
  }
  for (unsigned long long seq = 1; seq <= count; seq++) {
    switch (format[0]) {
      case 'z': zap_line(name, seq, size, 0); break;
      case 's': short_line(name, seq, size); break;
      case 'm': mixed_line(name, seq); break;
      default: fprintf(stderr, "gen: unknown format %s\n", format); return 2;
    }
    if (used >= OUT_CAP) flush_out();
  }
  flush_out();
  return 0;
}
