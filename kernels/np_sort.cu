// NumPy's stable sort order for the `np` namespace (CPU library only; empty elsewhere).
//
// dt_np_sort_rows: each of `rows` contiguous rows of n elements of x sorted ascending into the
//   same row of out, in the order of src/np/sorting.ts (NumPy's kind="stable"): stable; every
//   NaN last, in its original order, whatever its sign and payload; -0.0 and +0.0 equal, so they
//   keep their original order; every element moved bit for bit. out must not overlap x (x is
//   read again at the end). float32, float64, int32 and int64.
//
// Every element gets an unsigned key that orders as the numbers: an integer has its sign bit
// flipped; a float's -0 becomes +0, its sign is folded (a negative float has all its bits
// flipped, a positive one its sign bit set), and every NaN gets the largest key. Equal keys are
// then equal bits, except for the zeros and the NaNs, so the keys can be sorted as plain numbers,
// transformed back, and the zeros and NaNs rewritten from x in their original order: exactly the
// stable order.
//
// The keys are sorted by an MSD radix sort. A row of at least 2^16 elements is first split on
// the 16 bits below the highest bit that varies, neighbouring bins of that histogram grouped into
// buckets of about 1024 keys (so the split is even whatever the distribution; a bin with more
// keys is a bucket of its own). That takes two passes over x, the keys made on the fly: their
// extremes with the histogram of their top 16 bits (which serves when the top 4 bits vary, as
// with mixed signs; else a pass makes the right one), then their scatter into the buckets; the
// pool's threads take the chunks of a pass while any are left. Then the threads take the
// buckets, each small enough for the cache, sort them into out and turn them back into bits.
// A shorter row (or a bucket) takes a pass of up to 14 bits below the highest bit that varies,
// and 11 below that where needed (about two buckets per key, so most hold one key or none),
// then an insertion sort over each run of small buckets; rows of up to 16 elements are
// insertion-sorted directly, their keys computed on the fly. Many shorter rows are shared over
// the pool, a row each. Scratch memory is malloc'd. (An LSD radix sort would take a pass over
// the whole row per digit, six for float64, none of them in the cache: twice the time here.)
#include "common.cuh"

#if DT_CPU
#include <stdlib.h>

#include <atomic>

namespace {

// Runs of at most this many keys are finished by insertion sort.
const int64_t NP_SMALL = 16;
// The widest digit of an MSD pass: NP_BITS0 bits for a whole row or bucket (whose keys are in the
// cache: more buckets cost less than a second pass), NP_BITS for the passes below; and the most
// nested passes a row can take (each takes at least 4 bits, or all that are left).
const int NP_BITS0 = 14;
const int NP_BITS = 11;
const int NP_DEPTHS = 17;
// The counts of all the passes: (1 << NP_BITS0) + 1 at depth 0, (1 << NP_BITS) + 1 below.
const int64_t NP_COUNTS =
    ((int64_t)1 << NP_BITS0) + 1 + (NP_DEPTHS - 1) * (((int64_t)1 << NP_BITS) + 1);
// Rows from this length first take the even 16-bit split; its buckets hold about NP_BUCKET keys
// (more in rows of over NP_BUCKET * NP_BUCKETS keys).
const int64_t NP_FINE_MIN = (int64_t)1 << 16;
const int NP_FINE_BITS = 16;
const int64_t NP_BUCKET = 1024;
const int64_t NP_BUCKETS = 4096;
// The most chunks a row is shared out in, and the buckets a thread takes at a time.
const int NP_CHUNKS = 8;
const int64_t NP_GRAB = 16;

// The key of an element's bits U (FLOAT: an IEEE float of that size), and back.
template <class U, bool FLOAT>
inline U np_key(U u) {
  const U sign = (U)1 << (sizeof(U) * 8 - 1);
  if (!FLOAT) return u ^ sign;
  const U inf = sizeof(U) == 8 ? (U)0x7ff0000000000000ull : (U)0x7f800000u;
  const bool nan = (u & ~sign) > inf;
  u = u == sign ? 0 : u;  // -0 as +0
  const U k = u ^ (((U)0 - (u >> (sizeof(U) * 8 - 1))) | sign);  // negative: ~u; else u | sign
  return nan ? ~(U)0 : k;
}

// The bits of a key (a float's zeros come back as +0 and its NaNs as one NaN: np_restore mends).
template <class U, bool FLOAT>
inline U np_unkey(U k) {
  const U sign = (U)1 << (sizeof(U) * 8 - 1);
  if (!FLOAT) return k ^ sign;
  return (k & sign) ? k ^ sign : ~k;
}

inline int np_top_bit(uint64_t v) { return 63 - __builtin_clzll(v); }

// Stable insertion sort of the elements a[0, n) by key.
template <class U, bool FLOAT>
void np_insertion_bits(U* a, int64_t n) {
  for (int64_t i = 1; i < n; i++) {
    const U v = a[i], kv = np_key<U, FLOAT>(v);
    int64_t j = i;
    for (; j > 0 && np_key<U, FLOAT>(a[j - 1]) > kv; j--) a[j] = a[j - 1];
    a[j] = v;
  }
}

// Insertion sort of the keys a[0, n), fast when they are nearly sorted (runs of small buckets).
template <class U>
void np_insertion(U* a, int64_t n) {
  for (int64_t i = 1; i < n; i++) {
    const U v = a[i];
    if (a[i - 1] <= v) continue;
    int64_t j = i;
    do {
      a[j] = a[j - 1];
      j--;
    } while (j > 0 && a[j - 1] > v);
    a[j] = v;
  }
}

// The MSD radix sort of keys between out and tmp; count holds NP_COUNTS counts (every depth's).
template <class U>
struct NpRadix {
  U* out;
  U* tmp;
  int64_t* count;

  // Moves the keys src[s, s + n) to out (when src is tmp) and insertion-sorts them there.
  void leaf(const U* src, int64_t s, int64_t n) {
    if (src != out) memcpy(out + s, src + s, sizeof(U) * n);
    np_insertion(out + s, n);
  }

  // Sorts the keys src[s, e) (src: out or tmp) into out[s, e); the other buffer is scratch.
  // `top`: no bit above it varies (from the caller), or -1 (found here from the extremes).
  void sort(const U* src, int64_t s, int64_t e, int depth, int top = -1) {
    const int64_t n = e - s;
    if (n <= NP_SMALL || depth >= NP_DEPTHS) return leaf(src, s, n);
    if (top < 0) {
      U mn = src[s], mx = mn;
      for (int64_t i = s + 1; i < e; i++) {
        const U k = src[i];
        mn = k < mn ? k : mn;
        mx = k > mx ? k : mx;
      }
      if (mn == mx) {
        if (src != out) memcpy(out + s, src + s, sizeof(U) * n);
        return;
      }
      top = np_top_bit((uint64_t)(mn ^ mx));
    }
    // Up to 14 (11) bits below the highest that varies: about two buckets per key.
    const int lg = np_top_bit((uint64_t)n);
    const int widest = depth == 0 ? NP_BITS0 : NP_BITS;
    int bits = lg + 1 < widest ? lg + 1 : widest;
    bits = bits < 4 ? 4 : bits;
    bits = bits > top + 1 ? top + 1 : bits;
    const int shift = top + 1 - bits;
    const int64_t radix = (int64_t)1 << bits;
    const U mask = (U)(radix - 1);
    int64_t* c = count + (depth == 0 ? 0
                                     : ((int64_t)1 << NP_BITS0) + 1 +
                                           (depth - 1) * (((int64_t)1 << NP_BITS) + 1));
    memset(c, 0, sizeof(int64_t) * (radix + 1));
    for (int64_t i = s; i < e; i++) c[((src[i] >> shift) & mask) + 1]++;
    int64_t most = 0;
    c[0] = s;
    for (int64_t d = 1; d <= radix; d++) {
      most = c[d] > most ? c[d] : most;
      c[d] += c[d - 1];
    }
    U* dst = src == out ? tmp : out;
    for (int64_t i = s; i < e; i++) {
      const U k = src[i];
      dst[c[(k >> shift) & mask]++] = k;
    }
    // c[d] is now the end of bucket d. Runs of small buckets are insertion-sorted in out; the
    // large buckets take another pass.
    if (most <= NP_SMALL) return leaf(dst, s, n);
    int64_t from = s, run = s;
    for (int64_t d = 0; d < radix; d++) {
      const int64_t to = c[d];
      if (to - from > NP_SMALL) {
        if (from > run) leaf(dst, run, from - run);
        sort(dst, from, to, depth + 1);
        run = to;
      }
      from = to;
    }
    if (e > run) leaf(dst, run, e - run);
  }
};

// The zeros and NaNs of x[0, n), whose keys lost their bits.
struct NpSpecial {
  int64_t nans = 0;
  int64_t negzeros = 0;
};

// Back from sorted keys out[0, n) to bits, with the zeros and NaNs rewritten from x in order.
template <class U, bool FLOAT>
void np_restore(const U* x, U* out, int64_t n, NpSpecial sp, bool unkeyed) {
  if (!unkeyed) {
    for (int64_t i = 0; i < n; i++) out[i] = np_unkey<U, FLOAT>(out[i]);
  }
  if (!FLOAT) return;
  const U sign = (U)1 << (sizeof(U) * 8 - 1);
  if (sp.nans > 0) {
    // NaNs sort last: the last sp.nans places.
    const U inf = sizeof(U) == 8 ? (U)0x7ff0000000000000ull : (U)0x7f800000u;
    for (int64_t i = 0, t = n - sp.nans; i < n; i++) {
      if ((x[i] & ~sign) > inf) out[t++] = x[i];
    }
  }
  if (sp.negzeros > 0) {
    // The zeros (all +0 now) follow the negative numbers: find the first of them.
    int64_t lo = 0, hi = n - sp.nans;
    while (lo < hi) {
      const int64_t mid = lo + (hi - lo) / 2;
      if (np_key<U, FLOAT>(out[mid]) < sign) lo = mid + 1;
      else hi = mid;
    }
    for (int64_t i = 0, t = lo; i < n; i++) {
      if ((U)(x[i] << 1) == 0) out[t++] = x[i];
    }
  }
}

// The extremes of the keys of x[b, e), with x's zeros and NaNs counted; and either the keys into
// k[b, e) or (HIST) the histogram of their top NP_FINE_BITS bits into h.
template <class U, bool FLOAT, bool HIST>
void np_keys(const U* x, U* k, int64_t b, int64_t e, U* mn, U* mx, NpSpecial* sp, int64_t* h) {
  const U sign = (U)1 << (sizeof(U) * 8 - 1);
  const int hs = sizeof(U) * 8 - NP_FINE_BITS;
  if (HIST) memset(h, 0, sizeof(int64_t) << NP_FINE_BITS);
  U lo = ~(U)0, hi = 0;
  int64_t nans = 0, negzeros = 0;
  for (int64_t i = b; i < e; i++) {
    const U key = np_key<U, FLOAT>(x[i]);
    if (!HIST) k[i] = key;
    lo = key < lo ? key : lo;
    hi = key > hi ? key : hi;
    if (HIST) h[key >> hs]++;
    if (FLOAT) {
      nans += key == ~(U)0;
      negzeros += x[i] == sign;
    }
  }
  *mn = lo;
  *mx = hi;
  sp->nans = nans;
  sp->negzeros = negzeros;
}

// Sorts a row of fewer than NP_FINE_MIN elements on the calling thread (scratch: n elements and
// NP_COUNTS counts).
template <class U, bool FLOAT>
void np_sort_row(const U* x, U* out, int64_t n, U* tmp, int64_t* count) {
  if (n <= NP_SMALL) {
    memcpy(out, x, sizeof(U) * n);
    np_insertion_bits<U, FLOAT>(out, n);
    return;
  }
  U mn, mx;
  NpSpecial sp;
  np_keys<U, FLOAT, false>(x, tmp, 0, n, &mn, &mx, &sp, NULL);
  if (mn == mx) {
    memcpy(out, x, sizeof(U) * n);  // all equal (or all NaN): the order stays
    return;
  }
  NpRadix<U> r = {out, tmp, count};
  r.sort(tmp, 0, n, 0);
  np_restore<U, FLOAT>(x, out, n, sp, false);
}

// The histogram of the bits (key >> shift) & mask of the keys of x[b, e) into h.
template <class U, bool FLOAT>
void np_histogram(const U* x, int64_t b, int64_t e, int shift, U mask, int64_t* h) {
  memset(h, 0, sizeof(int64_t) * ((int64_t)mask + 1));
  for (int64_t i = b; i < e; i++) h[(np_key<U, FLOAT>(x[i]) >> shift) & mask]++;
}

// The keys of x[b, e) moved to dst at their buckets' cursors o[map[bin]] (advanced).
template <class U, bool FLOAT>
void np_scatter(const U* x, int64_t b, int64_t e, int shift, U mask, const uint16_t* map,
                int64_t* o, U* dst) {
  for (int64_t i = b; i < e; i++) {
    const U k = np_key<U, FLOAT>(x[i]);
    dst[o[map[(k >> shift) & mask]]++] = k;
  }
}

// Buckets j0 to j1 - 1 of r.tmp (bucket j: [start[j], start[j + 1]), its keys in the bins
// [bin[j], bin[j + 1]) of the bits from `shift` up) sorted into r.out and turned back into bits.
template <class U, bool FLOAT>
void np_finish(NpRadix<U>& r, const int64_t* start, const int64_t* bin, int shift, int64_t j0,
               int64_t j1) {
  for (int64_t j = j0; j < j1; j++) {
    const int64_t s = start[j], e = start[j + 1];
    // The bins' common high bits are the keys' (no extremes to find): below them, all may vary.
    const uint64_t lo = bin[j], hi = bin[j + 1] - 1;
    r.sort(r.tmp, s, e, 0, lo != hi ? np_top_bit(lo ^ hi) + shift : shift - 1);
    for (int64_t i = s; i < e; i++) r.out[i] = np_unkey<U, FLOAT>(r.out[i]);
  }
}

// The number of chunks a long row is shared out in: two per thread of the pool (a thread that
// starts late, or runs slowly, then takes fewer), at most NP_CHUNKS; one for a single thread.
int np_chunks() {
  int32_t info[4] = {0, 0, 1, 0};
  dt_cpu_info(info);
  return info[2] <= 1 ? 1 : 2 * info[2] > NP_CHUNKS ? NP_CHUNKS : 2 * info[2];
}

// The scratch of np_sort_long for rows of n elements in `chunks` chunks: one block, the int64
// arrays first (so that every array is aligned).
template <class U>
struct NpLongScratch {
  int64_t* hist;   // chunks << NP_FINE_BITS: each chunk's histogram
  int64_t* off;    // chunks * (NP_BUCKETS + 2): each chunk's cursor in each bucket
  int64_t* start;  // NP_BUCKETS + 2: where each bucket starts
  int64_t* bin;    // NP_BUCKETS + 2: each bucket's first bin
  U* tmp;          // n: the keys between passes
  uint16_t* map;   // 1 << NP_FINE_BITS: each bin's bucket
  void* mem = NULL;

  bool ok(int64_t n, int chunks) {
    const int64_t words = ((int64_t)chunks << NP_FINE_BITS) + (chunks + 2) * (NP_BUCKETS + 2);
    mem = malloc(sizeof(int64_t) * words + sizeof(U) * n +
                 sizeof(uint16_t) * ((int64_t)1 << NP_FINE_BITS));
    if (mem == NULL) return false;
    hist = (int64_t*)mem;
    off = hist + ((int64_t)chunks << NP_FINE_BITS);
    start = off + chunks * (NP_BUCKETS + 2);
    bin = start + NP_BUCKETS + 2;
    tmp = (U*)(bin + NP_BUCKETS + 2);
    map = (uint16_t*)(tmp + n);
    return true;
  }
  ~NpLongScratch() { free(mem); }
};

// Sorts a row of at least NP_FINE_MIN elements, shared over the pool in `chunks` chunks. Returns a
// status (the threads' own scratch).
template <class U, bool FLOAT>
int32_t np_sort_long(const U* x, U* out, int64_t n, int chunks, const NpLongScratch<U>& m) {
  int64_t* const hist = m.hist;
  int64_t* const off = m.off;
  int64_t* const start = m.start;
  int64_t* const bin = m.bin;
  U* const tmp = m.tmp;
  uint16_t* const map = m.map;
  const int64_t work = 4 * n;
  // Chunk c of the row: [n * c / chunks, n * (c + 1) / chunks); the threads of each step take
  // the chunks one at a time, while any are left.
  auto lo = [&](int c) { return n * c / chunks; };
  std::atomic<int> taken[3] = {{0}, {0}, {0}};
  auto grab = [&](int step) { return taken[step].fetch_add(1); };
  U mins[NP_CHUNKS], maxs[NP_CHUNKS];
  NpSpecial sps[NP_CHUNKS];
  // 1. The keys' extremes, with each chunk's histogram of their top NP_FINE_BITS bits (the keys
  // are made again from x in each pass: cheaper than writing them out and reading them back).
  dt_cpu_launch(work, [&]() {
    for (int c = grab(0); c < chunks; c = grab(0)) {
      np_keys<U, FLOAT, true>(x, NULL, lo(c), lo(c + 1), &mins[c], &maxs[c], &sps[c],
                              hist + ((int64_t)c << NP_FINE_BITS));
    }
  });
  U mn = mins[0], mx = maxs[0];
  NpSpecial sp;
  for (int c = 0; c < chunks; c++) {
    mn = mins[c] < mn ? mins[c] : mn;
    mx = maxs[c] > mx ? maxs[c] : mx;
    sp.nans += sps[c].nans;
    sp.negzeros += sps[c].negzeros;
  }
  if (mn == mx) {
    memcpy(out, x, sizeof(U) * n);
    return 0;
  }
  // 2. The histograms of the 16 bits below the highest that varies: those of step 1 when the top
  // 4 bits of the keys vary (mixed signs, say), else made again.
  const int top = np_top_bit((uint64_t)(mn ^ mx)), width = (int)sizeof(U) * 8;
  const int bits = top + 1 < NP_FINE_BITS ? top + 1 : NP_FINE_BITS;
  const int shift = top >= width - 4 ? width - NP_FINE_BITS : top + 1 - bits;
  const int64_t bins = (int64_t)1 << (top >= width - 4 ? NP_FINE_BITS : bits);
  const U mask = (U)(bins - 1);
  if (top < width - 4) {
    dt_cpu_launch(work, [&]() {
      for (int c = grab(1); c < chunks; c = grab(1)) {
        np_histogram<U, FLOAT>(x, lo(c), lo(c + 1), shift, mask,
                               hist + ((int64_t)c << NP_FINE_BITS));
      }
    });
  }
  // 3. Neighbouring bins grouped into buckets of about `target` keys; each chunk's place in each
  // bucket (the chunks in order, so the scatter is stable).
  // At least ceil(n / NP_BUCKETS): at most NP_BUCKETS full buckets and a last partial one.
  int64_t target = (n + NP_BUCKETS - 1) / NP_BUCKETS;
  target = target > NP_BUCKET ? target : NP_BUCKET;
  int64_t buckets = 0, acc = 0;
  for (int64_t b = 0; b < bins; b++) {
    if (acc == 0) bin[buckets] = b;  // the bucket's first bin
    map[b] = (uint16_t)buckets;
    for (int c = 0; c < chunks; c++) acc += hist[((int64_t)c << NP_FINE_BITS) + b];
    if (acc >= target) buckets++, acc = 0;
  }
  if (acc > 0) buckets++;
  bin[buckets] = bins;
  // buckets <= NP_BUCKETS + 1, and <= bins (so each number fits a uint16).
  memset(off, 0, sizeof(int64_t) * chunks * (NP_BUCKETS + 2));
  for (int64_t b = 0; b < bins; b++) {
    for (int c = 0; c < chunks; c++) {
      off[c * (NP_BUCKETS + 2) + map[b]] += hist[((int64_t)c << NP_FINE_BITS) + b];
    }
  }
  int64_t at = 0;
  for (int64_t j = 0; j < buckets; j++) {
    start[j] = at;
    for (int c = 0; c < chunks; c++) {
      const int64_t keys = off[c * (NP_BUCKETS + 2) + j];
      off[c * (NP_BUCKETS + 2) + j] = at;
      at += keys;
    }
  }
  start[buckets] = n;
  // 4. Each chunk's keys scattered into the buckets in tmp.
  dt_cpu_launch(work, [&]() {
    for (int c = grab(2); c < chunks; c = grab(2)) {
      np_scatter<U, FLOAT>(x, lo(c), lo(c + 1), shift, mask, map, off + c * (NP_BUCKETS + 2),
                           tmp);
    }
  });
  // 5. Each bucket sorted into out and turned back into bits: the threads take NP_GRAB buckets at
  // a time while any are left (a thread slowed down, by another process say, takes fewer), each
  // with its own counts. A thread without memory takes none; if none had any, some are left.
  std::atomic<int64_t> next(0);
  dt_cpu_launch(work, [&]() {
    int64_t* count = (int64_t*)malloc(sizeof(int64_t) * NP_COUNTS);
    if (count == NULL) return;
    NpRadix<U> r = {out, tmp, count};
    for (int64_t j = next.fetch_add(NP_GRAB); j < buckets; j = next.fetch_add(NP_GRAB)) {
      np_finish<U, FLOAT>(r, start, bin, shift, j, j + NP_GRAB < buckets ? j + NP_GRAB : buckets);
    }
    free(count);
  });
  if (next.load() < buckets) return DT_CUDA_MEMORY_ALLOCATION;
  np_restore<U, FLOAT>(x, out, n, sp, true);
  return 0;
}

template <class U, bool FLOAT>
int32_t np_sort_rows(int64_t rows, int64_t n, const U* x, U* out) {
  if (n <= NP_SMALL) {
    dt_cpu_launch(rows * n * 4, [&]() {
      const int64_t b = dt_cpu_share_begin(rows), e = dt_cpu_share_end(rows);
      for (int64_t r = b; r < e; r++) np_sort_row<U, FLOAT>(x + r * n, out + r * n, n, NULL, NULL);
    });
    return 0;
  }
  if (n >= NP_FINE_MIN) {
    // Long rows one after the other, each shared over the pool.
    const int chunks = np_chunks();
    NpLongScratch<U> m;
    if (!m.ok(n, chunks)) return DT_CUDA_MEMORY_ALLOCATION;
    int32_t status = 0;
    for (int64_t r = 0; r < rows && status == 0; r++) {
      status = np_sort_long<U, FLOAT>(x + r * n, out + r * n, n, chunks, m);
    }
    return status;
  }
  // Shorter rows shared over the pool, each thread with its own scratch.
  std::atomic<int32_t> failed(0);
  dt_cpu_launch(rows * n * 4, [&]() {
    const int64_t b = dt_cpu_share_begin(rows), e = dt_cpu_share_end(rows);
    if (b >= e) return;
    void* mem = malloc(sizeof(U) * n + sizeof(int64_t) * NP_COUNTS);
    if (mem == NULL) {
      failed.store(DT_CUDA_MEMORY_ALLOCATION);
      return;
    }
    int64_t* count = (int64_t*)mem;
    U* tmp = (U*)(count + NP_COUNTS);
    for (int64_t r = b; r < e; r++) np_sort_row<U, FLOAT>(x + r * n, out + r * n, n, tmp, count);
    free(mem);
  });
  return failed.load();
}

}  // namespace

int32_t dt_np_sort_rows(int32_t dtype, double rows, double n, const void* x, double x_extent,
                        void* out, double out_extent) {
  if (!dt_np_count(rows) || !dt_np_count(n) || !dt_np_count(x_extent) ||
      !dt_np_count(out_extent)) {
    return DT_ERR_BAD_LAYOUT;
  }
  if (rows * n > x_extent || rows * n > out_extent) return DT_ERR_OUT_OF_BOUNDS;
  size_t size;
  if (dtype == DT_DTYPE_float32 || dtype == DT_DTYPE_int32) size = 4;
  else if (dtype == DT_DTYPE_float64 || dtype == DT_DTYPE_int64) size = 8;
  else return DT_ERR_BAD_DTYPE;
  const int64_t r = (int64_t)rows, m = (int64_t)n;
  if (r * m == 0) return 0;  // nothing to read or write (an empty array may have no pointer)
  if (x == NULL || out == NULL) return DT_CUDA_INVALID_VALUE;
  // Both ranges lie within their extents (at most 2^53 elements), so these sums do not wrap.
  const uintptr_t bytes = (uintptr_t)(r * m) * size, xs = (uintptr_t)x, os = (uintptr_t)out;
  if (xs < os + bytes && os < xs + bytes) return DT_CUDA_INVALID_VALUE;
  if (dtype == DT_DTYPE_float64) {
    return np_sort_rows<uint64_t, true>(r, m, (const uint64_t*)x, (uint64_t*)out);
  }
  if (dtype == DT_DTYPE_float32) {
    return np_sort_rows<uint32_t, true>(r, m, (const uint32_t*)x, (uint32_t*)out);
  }
  if (dtype == DT_DTYPE_int64) {
    return np_sort_rows<uint64_t, false>(r, m, (const uint64_t*)x, (uint64_t*)out);
  }
  return np_sort_rows<uint32_t, false>(r, m, (const uint32_t*)x, (uint32_t*)out);
}
#endif
