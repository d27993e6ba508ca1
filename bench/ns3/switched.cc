// switched.cc -- ns-3 3.37 peer benchmark "switched CBR" (Program A) and
// "switched TCP bulk" (Program C, --proto=tcp).
//
// Topology: N hosts, each with one CsmaNetDevice on its own CsmaChannel
// (exactly 2 devices per channel: host + one switch port, i.e. a "cable"),
// the N switch ports are bridged by one BridgeNetDevice (MAC-learning switch).
// Alternative --topo=p2p: N hosts each on a full-duplex PointToPoint link to
// one IPv4 router node (L3 forwarding, no ARP, no MAC learning) -- provided
// because ns-3.37 CSMA is half-duplex (see README).
//
// Traffic: host i -> host (i+1)%N.
//   udp: UdpClient, one packet of `payload` bytes (default 1472 => 1500 B IP)
//        every (payload+28)*8/rate seconds, i.e. `rate` is the IP-level rate.
//   tcp: BulkSendApplication (unlimited) -> PacketSink, SegmentSize 1448.
//
// Copied from ../shared/bench/ns3/ (this project's own ns-3 peer programs, provided
// to us), only these lines added; bondsim's `make bench` builds it (bench/ns3/build.sh).
#include "ns3/core-module.h"
#include "ns3/network-module.h"
#include "ns3/csma-module.h"
#include "ns3/bridge-module.h"
#include "ns3/point-to-point-module.h"
#include "ns3/internet-module.h"
#include "ns3/applications-module.h"
#include "ns3/traffic-control-module.h"

#include <chrono>
#include <cstdio>
#include <vector>

using namespace ns3;

int
main(int argc, char* argv[])
{
    uint32_t nHosts = 4;
    std::string rate = "500Mbps";
    double simTime = 10.0;
    uint32_t payload = 1472;
    std::string linkRate = "1Gbps";
    double delayUs = 10.0;
    std::string arp = "static";
    std::string proto = "udp";
    std::string topo = "csma";
    bool keepQdisc = false;
    uint32_t queuePkts = 100;

    CommandLine cmd(__FILE__);
    cmd.AddValue("n", "number of hosts", nHosts);
    cmd.AddValue("rate", "per-host UDP CBR rate at IP level (e.g. 500Mbps)", rate);
    cmd.AddValue("time", "simulated seconds (apps start at 0, stop at time)", simTime);
    cmd.AddValue("payload", "UDP payload bytes (IP packet = payload+28)", payload);
    cmd.AddValue("linkRate", "link data rate", linkRate);
    cmd.AddValue("delayUs", "link propagation delay in microseconds", delayUs);
    cmd.AddValue("arp", "static (pre-filled permanent ARP entries) or dynamic", arp);
    cmd.AddValue("proto", "udp (CBR) or tcp (BulkSend)", proto);
    cmd.AddValue("topo", "csma (Bridge over CSMA cables) or p2p (router over P2P)", topo);
    cmd.AddValue("keepQdisc", "keep ns-3's default per-device queue disc on hosts", keepQdisc);
    cmd.AddValue("queue", "device DropTail tx queue size in packets", queuePkts);
    cmd.Parse(argc, argv);

    Config::SetDefault("ns3::TcpSocket::SegmentSize", UintegerValue(1448));
    Config::SetDefault("ns3::TcpSocket::SndBufSize", UintegerValue(1 << 20));
    Config::SetDefault("ns3::TcpSocket::RcvBufSize", UintegerValue(1 << 20));

    NodeContainer hosts;
    hosts.Create(nHosts);
    Ptr<Node> sw = CreateObject<Node>();

    InternetStackHelper internet;
    internet.Install(hosts);

    std::vector<Ipv4Address> hostAddr(nHosts);
    NetDeviceContainer hostDevs;
    std::string qsize = std::to_string(queuePkts) + "p";

    if (topo == "csma")
    {
        CsmaHelper csma;
        csma.SetChannelAttribute("DataRate", DataRateValue(DataRate(linkRate)));
        csma.SetChannelAttribute("Delay", TimeValue(MicroSeconds(delayUs)));
        csma.SetQueue("ns3::DropTailQueue<Packet>", "MaxSize", QueueSizeValue(QueueSize(qsize)));
        NetDeviceContainer swPorts;
        for (uint32_t i = 0; i < nHosts; ++i)
        {
            NetDeviceContainer link = csma.Install(NodeContainer(hosts.Get(i), sw));
            hostDevs.Add(link.Get(0));
            swPorts.Add(link.Get(1));
        }
        BridgeHelper bridge;
        bridge.Install(sw, swPorts);
        Ipv4AddressHelper ip;
        ip.SetBase("10.0.0.0", "255.255.0.0");
        Ipv4InterfaceContainer ifs = ip.Assign(hostDevs);
        for (uint32_t i = 0; i < nHosts; ++i)
        {
            hostAddr[i] = ifs.GetAddress(i);
        }
        if (arp == "static")
        {
            for (uint32_t i = 0; i < nHosts; ++i)
            {
                Ptr<Ipv4L3Protocol> l3 = hosts.Get(i)->GetObject<Ipv4L3Protocol>();
                Ptr<ArpCache> cache = l3->GetInterface(1)->GetArpCache();
                for (uint32_t j = 0; j < nHosts; ++j)
                {
                    if (j == i)
                        continue;
                    ArpCache::Entry* e = cache->Add(hostAddr[j]);
                    e->SetMacAddress(hostDevs.Get(j)->GetAddress());
                    e->MarkPermanent();
                }
            }
        }
    }
    else
    {
        internet.Install(sw);
        PointToPointHelper p2p;
        p2p.SetDeviceAttribute("DataRate", DataRateValue(DataRate(linkRate)));
        p2p.SetChannelAttribute("Delay", TimeValue(MicroSeconds(delayUs)));
        p2p.SetQueue("ns3::DropTailQueue<Packet>", "MaxSize", QueueSizeValue(QueueSize(qsize)));
        Ipv4AddressHelper ip;
        ip.SetBase("10.1.0.0", "255.255.255.252");
        NetDeviceContainer routerDevs;
        for (uint32_t i = 0; i < nHosts; ++i)
        {
            NetDeviceContainer link = p2p.Install(hosts.Get(i), sw);
            hostDevs.Add(link.Get(0));
            routerDevs.Add(link.Get(1));
            Ipv4InterfaceContainer ifs = ip.Assign(link);
            hostAddr[i] = ifs.GetAddress(0);
            ip.NewNetwork();
        }
        if (!keepQdisc)
        {
            TrafficControlHelper().Uninstall(routerDevs);
        }
        Ipv4GlobalRoutingHelper::PopulateRoutingTables();
    }
    if (!keepQdisc)
    {
        TrafficControlHelper().Uninstall(hostDevs);
    }

    std::vector<Ptr<UdpClient>> clients;
    std::vector<Ptr<UdpServer>> servers;
    std::vector<Ptr<BulkSendApplication>> bulks;
    std::vector<Ptr<PacketSink>> sinks;
    uint16_t port = 9;
    double ipBytes = payload + 28;
    double interval = ipBytes * 8.0 / DataRate(rate).GetBitRate();
    for (uint32_t i = 0; i < nHosts; ++i)
    {
        uint32_t dst = (i + 1) % nHosts;
        if (proto == "udp")
        {
            UdpServerHelper srv(port);
            ApplicationContainer s = srv.Install(hosts.Get(dst));
            s.Start(Seconds(0));
            servers.push_back(DynamicCast<UdpServer>(s.Get(0)));
            UdpClientHelper cli(hostAddr[dst], port);
            cli.SetAttribute("MaxPackets", UintegerValue(0xFFFFFFFFu)); // effectively unlimited (0 = none in 3.37)
            cli.SetAttribute("Interval", TimeValue(Seconds(interval)));
            cli.SetAttribute("PacketSize", UintegerValue(payload));
            ApplicationContainer c = cli.Install(hosts.Get(i));
            c.Start(Seconds(0));
            c.Stop(Seconds(simTime));
            clients.push_back(DynamicCast<UdpClient>(c.Get(0)));
        }
        else
        {
            PacketSinkHelper sinkH("ns3::TcpSocketFactory",
                                   InetSocketAddress(Ipv4Address::GetAny(), port));
            ApplicationContainer s = sinkH.Install(hosts.Get(dst));
            s.Start(Seconds(0));
            sinks.push_back(DynamicCast<PacketSink>(s.Get(0)));
            BulkSendHelper bulk("ns3::TcpSocketFactory", InetSocketAddress(hostAddr[dst], port));
            bulk.SetAttribute("MaxBytes", UintegerValue(0));
            bulk.SetAttribute("SendSize", UintegerValue(1448));
            ApplicationContainer c = bulk.Install(hosts.Get(i));
            c.Start(Seconds(0));
            c.Stop(Seconds(simTime));
            bulks.push_back(DynamicCast<BulkSendApplication>(c.Get(0)));
        }
    }

    Simulator::Stop(Seconds(simTime));
    uint64_t ev0 = Simulator::GetEventCount();
    auto t0 = std::chrono::steady_clock::now();
    Simulator::Run();
    auto t1 = std::chrono::steady_clock::now();
    uint64_t events = Simulator::GetEventCount() - ev0;
    double wall = std::chrono::duration<double>(t1 - t0).count();
    double simNow = Simulator::Now().GetSeconds();

    uint64_t sent = 0, rcvd = 0, rxBytes = 0;
    if (proto == "udp")
    {
        for (auto& c : clients)
            sent += c->GetTotalTx() / payload;
        for (auto& s : servers)
            rcvd += s->GetReceived();
        rxBytes = rcvd * payload;
    }
    else
    {
        for (auto& s : sinks)
            rxBytes += s->GetTotalRx();
        rcvd = rxBytes / 1448; // full-size segments equivalent
    }
    double goodputMbps = rxBytes * 8.0 / simTime / 1e6;

    printf("RESULT prog=switched topo=%s proto=%s n=%u rate=%s arp=%s sim_s=%.6f wall_s=%.4f "
           "events=%llu pkts_sent=%llu pkts_rcvd=%llu rx_bytes=%llu goodput_total_mbps=%.2f "
           "goodput_per_flow_mbps=%.2f pkts_per_wall_s=%.0f events_per_wall_s=%.0f\n",
           topo.c_str(), proto.c_str(), nHosts, rate.c_str(), arp.c_str(), simNow, wall,
           (unsigned long long)events, (unsigned long long)sent, (unsigned long long)rcvd,
           (unsigned long long)rxBytes, goodputMbps, goodputMbps / nHosts,
           (proto == "udp" ? rcvd : rcvd) / wall, events / wall);
    Simulator::Destroy();
    return 0;
}
