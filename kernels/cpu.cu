// The native CPU library's own functions (built only with -DDT_CPU=1; empty elsewhere): the
// thread pool behind DT_LAUNCH and DT_GRID_STRIDE (common.cuh), and dt_cpu_info /
// dt_cpu_set_threads / dt_cpu_set_parallel_min (dt_api.h).
//
// The pool: the caller is thread 0 and runs its share itself; the other threads wait for a
// generation counter to change, spinning briefly (so that back-to-back ops do not pay a wake-up)
// and then sleeping on a condition variable (so that idle threads leave the cores to BLAS, the
// JavaScript engine and everything else). The caller spins until every share is done.
#include "common.cuh"

#if DT_CPU
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>
#if defined(__linux__)
#include <sched.h>
#endif

#ifndef DT_CPU_ISA
#define DT_CPU_ISA 0
#endif

__thread DtCpuShare dt_cpu_share = {0, 1};

namespace {

// Work (element operations) below which a launch stays on the calling thread: smaller calls
// take a few microseconds, about what waking a sleeping thread costs.
const int64_t kParallelMinDefault = 131072;
// How long an idle pool thread spins before it sleeps: long enough for back-to-back launches
// (an op's JavaScript side takes about a microsecond), short because a spinning thread holds a
// core that BLAS's threads want (measured on an MLP step: 1 ms of spinning doubles its time;
// giving the core away with sched_yield while spinning did not help).
const auto kSpin = std::chrono::microseconds(20);
const int kMaxThreads = 64;

inline void dt_relax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#endif
}

struct DtPool {
  int nthreads = 1;  // including the caller
  std::vector<std::thread> workers;
  std::atomic<uint64_t> gen{0};
  std::atomic<int> pending{0};
  std::atomic<int> sleeping{0};
  std::atomic<bool> stop{false};
  DtCpuTask task = nullptr;
  void* ctx = nullptr;
  std::mutex mu;
  std::condition_variable cv;
};

// The pool is created on the first parallel launch and used by one caller at a time: g_busy is
// its owner's claim (a JavaScript worker thread launching while the main thread does simply runs
// its kernel on its own thread).
DtPool* g_pool = nullptr;
std::atomic<bool> g_busy{false};
std::atomic<int> g_threads{0};    // requested thread count; 0: one per available CPU
std::atomic<int64_t> g_parallel_min{kParallelMinDefault};
__thread bool t_in_task = false;  // pool threads, and the caller while it runs a share

int dt_available_cpus() {
#if defined(__linux__)
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof(set), &set) == 0) {
    const int n = CPU_COUNT(&set);
    if (n > 0) return n;
  }
#endif
  const unsigned n = std::thread::hardware_concurrency();
  return n > 0 ? (int)n : 1;
}

int dt_wanted_threads() {
  int n = g_threads.load();
  if (n <= 0) n = dt_available_cpus();
  return n < 1 ? 1 : n > kMaxThreads ? kMaxThreads : n;
}

void dt_worker(DtPool* p, int tid) {
  dt_cpu_share.tid = tid;
  dt_cpu_share.nthreads = p->nthreads;
  t_in_task = true;  // a pool thread never launches a nested parallel region
  uint64_t seen = 0;
  for (;;) {
    uint64_t g;
    auto start = std::chrono::steady_clock::now();
    int spins = 0;
    while ((g = p->gen.load(std::memory_order_acquire)) == seen) {
      if (p->stop.load(std::memory_order_relaxed)) return;
      dt_relax();
      if ((++spins & 15) != 0 || std::chrono::steady_clock::now() - start < kSpin) continue;
      std::unique_lock<std::mutex> lock(p->mu);
      p->sleeping.fetch_add(1);
      p->cv.wait(lock, [&] { return p->gen.load() != seen || p->stop.load(); });
      p->sleeping.fetch_sub(1);
      start = std::chrono::steady_clock::now();
    }
    if (p->stop.load()) return;
    seen = g;
    p->task(p->ctx);
    p->pending.fetch_sub(1, std::memory_order_acq_rel);
  }
}

void dt_pool_stop(DtPool* p) {
  {
    std::lock_guard<std::mutex> lock(p->mu);
    p->stop.store(true);
  }
  p->cv.notify_all();
  for (auto& t : p->workers) t.join();
  delete p;
}

// The pool for the wanted thread count (created or resized here, by the owner of g_busy); null
// for one thread or when threads cannot be created.
DtPool* dt_pool() {
  const int want = dt_wanted_threads();
  if (g_pool != nullptr && g_pool->nthreads == want) return g_pool;
  if (g_pool != nullptr) {
    dt_pool_stop(g_pool);
    g_pool = nullptr;
  }
  if (g_pool == nullptr && want > 1) {
    DtPool* fresh = new DtPool();
    fresh->nthreads = want;
    try {
      for (int t = 1; t < want; ++t) fresh->workers.emplace_back(dt_worker, fresh, t);
    } catch (...) {
      fresh->nthreads = 1;
      dt_pool_stop(fresh);
      return nullptr;
    }
    g_pool = fresh;
  }
  return g_pool;
}

void dt_run_here(DtCpuTask task, void* ctx) {
  const DtCpuShare saved = dt_cpu_share;
  dt_cpu_share.tid = 0;
  dt_cpu_share.nthreads = 1;
  task(ctx);
  dt_cpu_share = saved;
}

// The best x86-64 micro-architecture level this CPU and OS support (1, 2, 3 or 4; 0 elsewhere).
int32_t dt_cpu_level() {
#if defined(__x86_64__)
  __builtin_cpu_init();
  if (__builtin_cpu_supports("x86-64-v4")) return 4;
  if (__builtin_cpu_supports("x86-64-v3")) return 3;
  if (__builtin_cpu_supports("x86-64-v2")) return 2;
  return 1;
#else
  return 0;
#endif
}

}  // namespace

void dt_cpu_run(int64_t work, DtCpuTask task, void* ctx) {
  if (t_in_task || work < g_parallel_min.load(std::memory_order_relaxed)) {
    dt_run_here(task, ctx);
    return;
  }
  if (g_busy.exchange(true, std::memory_order_acquire)) {
    dt_run_here(task, ctx);
    return;
  }
  DtPool* p = dt_pool();
  if (p == nullptr) {
    g_busy.store(false, std::memory_order_release);
    dt_run_here(task, ctx);
    return;
  }
  p->task = task;
  p->ctx = ctx;
  p->pending.store(p->nthreads - 1, std::memory_order_relaxed);
  p->gen.fetch_add(1);
  if (p->sleeping.load() > 0) {
    std::lock_guard<std::mutex> lock(p->mu);
    p->cv.notify_all();
  }
  dt_cpu_share.tid = 0;
  dt_cpu_share.nthreads = p->nthreads;
  t_in_task = true;
  task(ctx);
  t_in_task = false;
  dt_cpu_share.nthreads = 1;
  while (p->pending.load(std::memory_order_acquire) > 0) dt_relax();
  g_busy.store(false, std::memory_order_release);
}

int32_t dt_cpu_info(int32_t* out) {
  if (out == NULL) return DT_CUDA_INVALID_VALUE;
  out[0] = DT_CPU_ISA;
  out[1] = dt_cpu_level();
  out[2] = dt_wanted_threads();
  const int64_t min = g_parallel_min.load();
  out[3] = min > INT32_MAX ? INT32_MAX : (int32_t)min;
  return 0;
}

int32_t dt_cpu_set_threads(int32_t n) {
  if (t_in_task) return DT_CUDA_INVALID_VALUE;
  g_threads.store(n < 0 ? 0 : n);
  return 0;
}

int32_t dt_cpu_set_parallel_min(double work) {
  // Negative (or NaN): the default; beyond int64 (or infinite): never parallel.
  const int64_t w = !(work >= 0) ? kParallelMinDefault
                    : work >= 9223372036854775807.0 ? INT64_MAX
                                                    : (int64_t)work;
  g_parallel_min.store(w);
  return 0;
}

#endif
