// Compile cost for matcher_bench: time and memory of a compile, measured in
// a forked child so that the engine's and Hyperscan's memory never mix and a
// parent's idle heap does not hide what a compile takes.
#ifndef FRONTDESK_BENCH_MATCHER_MEASURE_H_
#define FRONTDESK_BENCH_MATCHER_MEASURE_H_

#include <malloc.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <string>

namespace frontdesk::bench {

using SteadyClock = std::chrono::steady_clock;

inline double Seconds(SteadyClock::time_point since) {
  return std::chrono::duration<double>(SteadyClock::now() - since).count();
}

// User + system CPU time of this process.
inline double CpuSeconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  auto secs = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) * 1e-6; };
  return secs(u.ru_utime) + secs(u.ru_stime);
}

// A field of /proc/self/status ("VmRSS", "VmHWM"), in MiB.
inline double StatusMb(const std::string& field) {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.compare(0, field.size() + 1, field + ":") == 0) {
      return std::strtod(line.c_str() + field.size() + 1, nullptr) / 1024.0;
    }
  }
  return 0;
}

struct CompileCost {
  bool ok = false;
  double seconds = 0;      // wall clock
  double cpu_seconds = 0;  // user + system: what the compile costs without other load
  double peak_mb = 0;      // highest RSS during the compile, above the start
  double retained_mb = 0;  // RSS after it, above the start: the compiled size
};

// Runs `compile` in a forked child: frees the parent's idle heap, resets the
// peak-RSS mark (/proc/self/clear_refs 5), times it and reads VmHWM. Then
// `emit` (may be empty) produces bytes for the parent, e.g. a serialized
// database. Returns the cost; *payload gets the bytes.
inline CompileCost MeasureInChild(const std::function<bool()>& compile,
                           const std::function<void(std::string*)>& emit, std::string* payload) {
  int fds[2];
  if (pipe(fds) != 0) return {};
  std::fflush(nullptr);
  pid_t pid = fork();
  if (pid == 0) {
    close(fds[0]);
    malloc_trim(0);
    std::ofstream("/proc/self/clear_refs") << "5";
    double base = StatusMb("VmRSS");
    auto start = SteadyClock::now();
    double cpu_start = CpuSeconds();
    CompileCost c;
    c.ok = compile();
    c.seconds = Seconds(start);
    c.cpu_seconds = CpuSeconds() - cpu_start;
    c.peak_mb = StatusMb("VmHWM") - base;
    c.retained_mb = StatusMb("VmRSS") - base;
    std::string out(reinterpret_cast<const char*>(&c), sizeof c);
    if (c.ok && emit) emit(&out);
    for (size_t done = 0; done < out.size();) {
      ssize_t n = write(fds[1], out.data() + done, out.size() - done);
      if (n <= 0) _exit(2);
      done += static_cast<size_t>(n);
    }
    _exit(0);
  }
  close(fds[1]);
  std::string in;
  char buf[1 << 16];
  for (ssize_t n; (n = read(fds[0], buf, sizeof buf)) > 0;) in.append(buf, static_cast<size_t>(n));
  close(fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  CompileCost c;
  if (in.size() < sizeof c || !WIFEXITED(status) || WEXITSTATUS(status) != 0) return {};
  std::memcpy(&c, in.data(), sizeof c);
  payload->assign(in, sizeof c, std::string::npos);
  return c;
}

}  // namespace frontdesk::bench

#endif  // FRONTDESK_BENCH_MATCHER_MEASURE_H_
