// evbench.cc -- ns-3 3.37 event-kernel microbenchmark (Program B).
// K events are pending at all times ("hold model"): K initial events are
// scheduled at now + d, d ~ Exp(mean); each executed event schedules exactly
// one new event at now + d'. The run stops (Simulator::Stop()) after `total`
// events have executed. Delays: d = floor(-mean_ns * ln(u)) ns, u uniform in
// (0,1] from xorshift64* (seed 42), so the RNG cost is tiny and identical for
// any re-implementation. Events are free-function callbacks (no arguments).
//
// Copied from ../shared/bench/ns3/ (this project's own ns-3 peer programs, provided
// to us), only these lines added; bondsim's `make bench` builds it (bench/ns3/build.sh).
#include "ns3/core-module.h"

#include <chrono>
#include <cmath>
#include <cstdio>

using namespace ns3;

static uint64_t g_state = 42;
static uint64_t g_count = 0;
static uint64_t g_total = 10000000;
static double g_mean = 1000.0;

static inline double
Uniform01()
{
    g_state ^= g_state >> 12;
    g_state ^= g_state << 25;
    g_state ^= g_state >> 27;
    uint64_t r = g_state * 2685821657736338717ULL;
    return ((r >> 11) + 1) * (1.0 / 9007199254740992.0); // (0,1]
}

static inline Time
NextDelay()
{
    return NanoSeconds((uint64_t)(-g_mean * std::log(Uniform01())));
}

static void
Cb()
{
    if (++g_count >= g_total)
    {
        Simulator::Stop();
        return;
    }
    Simulator::Schedule(NextDelay(), &Cb);
}

int
main(int argc, char* argv[])
{
    uint32_t pending = 1000;
    std::string sched = "map";
    CommandLine cmd(__FILE__);
    cmd.AddValue("k", "number of concurrently pending events", pending);
    cmd.AddValue("total", "events to execute", g_total);
    cmd.AddValue("mean", "mean inter-event delay in ns", g_mean);
    cmd.AddValue("sched", "map (ns-3 default) | heap | calendar | list | pq", sched);
    cmd.Parse(argc, argv);

    ObjectFactory f;
    if (sched == "map")
        f.SetTypeId("ns3::MapScheduler");
    else if (sched == "heap")
        f.SetTypeId("ns3::HeapScheduler");
    else if (sched == "calendar")
        f.SetTypeId("ns3::CalendarScheduler");
    else if (sched == "list")
        f.SetTypeId("ns3::ListScheduler");
    else
        f.SetTypeId("ns3::PriorityQueueScheduler");
    Simulator::SetScheduler(f);

    auto ti0 = std::chrono::steady_clock::now();
    for (uint32_t i = 0; i < pending; ++i)
    {
        Simulator::Schedule(NextDelay(), &Cb);
    }
    auto ti1 = std::chrono::steady_clock::now();
    uint64_t ev0 = Simulator::GetEventCount();
    auto t0 = std::chrono::steady_clock::now();
    Simulator::Run();
    auto t1 = std::chrono::steady_clock::now();
    uint64_t ev = Simulator::GetEventCount() - ev0;
    double wall = std::chrono::duration<double>(t1 - t0).count();
    double init = std::chrono::duration<double>(ti1 - ti0).count();
    printf("RESULT prog=evbench sched=%s k=%u total=%llu events=%llu sim_s=%.6f init_s=%.4f "
           "wall_s=%.4f events_per_wall_s=%.0f ns_per_event=%.1f\n",
           sched.c_str(), pending, (unsigned long long)g_total, (unsigned long long)ev,
           Simulator::Now().GetSeconds(), init, wall, ev / wall, wall * 1e9 / ev);
    Simulator::Destroy();
    return 0;
}
