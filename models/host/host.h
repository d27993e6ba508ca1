/*
 * host.h - an end host: interfaces, ARP, IPv4, ICMP echo, UDP.
 *
 * DOC: A host owns a small Linux-like stack.  Each interface (struct
 * host_if) puts one IPv4 address on a netdev, which may be a NIC or a bond:
 * the host installs its rx handler on that netdev and transmits through
 * netdev_xmit(), so it never knows which.  The stack is split as the kernel
 * splits it:
 *   host.c   interfaces, Ethernet demux, the host's kernel log, metrics
 *   arp.c    neighbour cache (RFC 826 frames, Linux NUD states and timers)
 *   ipv4.c   IPv4 on-link routing, header checksum, ICMP echo
 *   udp.c    UDP ports and datagrams
 * Every frame the stack builds has real header bytes (Ethernet, ARP, IPv4,
 * ICMP, UDP) so captures open cleanly in Wireshark; payloads are a length.
 * Header layouts, byte order and checksums come from wire/wire.h, and
 * received frames are read by wire_dissect() (wire/dissect.h), the one
 * dissector the switch and the bond use too.  Addresses are uint32_t in
 * host byte order everywhere in the API.
 *
 * Ownership follows frame.h: the *_input functions and ip_output() take the
 * frame's reference; UDP and ICMP-echo callbacks only borrow the frame.
 */
#ifndef BONDSIM_HOST_H
#define BONDSIM_HOST_H

#include "itab.h"
#include "link/netdev.h"
#include "log.h"
#include "metrics.h"
#include "wire/dissect.h"

/* Linux ip_default_ttl; the wire format itself is in wire/wire.h. */
#define HOST_IP_TTL		64

struct host;
struct tcp_host;

/*
 * Neighbour parameters, named after /proc/sys/net/ipv4/neigh/<dev>/ with the
 * kernel's defaults (set by host_new; change them before the run starts).
 */
struct arp_params {
	sim_time_t base_reachable_time;	/* 30 s; REACHABLE lasts this long (not randomised) */
	sim_time_t retrans_time;	/* 1 s between solicitations */
	sim_time_t delay_first_probe_time; /* 5 s in DELAY before unicast probing */
	sim_time_t locktime;		/* 1 s: a second, different reply is ignored */
	uint32_t unres_qlen;		/* packets queued while INCOMPLETE (101) */
	uint32_t mcast_probes;		/* 3 broadcast requests to resolve */
	uint32_t ucast_probes;		/* 3 unicast probes to re-confirm */
};

/* The kernel's NUD_* states that matter for IPv4 over Ethernet. */
enum arp_state {
	ARP_S_INCOMPLETE,	/* resolving: broadcast requests, packets queued */
	ARP_S_REACHABLE,	/* confirmed less than base_reachable_time ago */
	ARP_S_STALE,		/* usable, unconfirmed; the next use starts DELAY */
	ARP_S_DELAY,		/* used while stale: wait for a confirmation */
	ARP_S_PROBE,		/* unicast probes to the cached address */
	ARP_S_FAILED,		/* resolution failed; the next use starts over */
};

struct host_if;

/* What sending a packet reads and writes (ifc, mac, state, used) is in the first line. */
struct arp_entry {
	struct host *host;
	struct host_if *ifc;
	uint32_t ip;
	uint8_t mac[6];
	enum arp_state state;
	sim_time_t confirmed;		/* last proof of reachability */
	sim_time_t updated;		/* last change of address or state (locktime) */
	sim_time_t used;		/* last packet sent through the entry */
	uint32_t probes;		/* solicitations sent in this INCOMPLETE/PROBE round */
	GQueue queue;			/* frames waiting for the address (INCOMPLETE) */
	struct sim_timer timer;		/* the kernel's neigh->timer */
};

struct arp_stats {
	/* received counts are disjoint: a gratuitous ARP is not also a request;
	 * first, as every ARP a host hears counts one (see struct host) */
	uint64_t requests_received, replies_received, gratuitous_received;
	uint64_t bad;			/* malformed or not Ethernet/IPv4 */
	uint64_t requests_sent, replies_sent, gratuitous_sent;
	uint64_t unresolved_drops;	/* unres_qlen overflow (oldest dropped, as Linux) */
	uint64_t failed;		/* resolutions that failed */
	uint64_t failed_drops;		/* packets dropped with a failed resolution */
	uint64_t lladdr_changes;	/* a valid entry took a new MAC (a peer moved) */
};

struct ip_stats {
	/* counted for every UDP datagram: first, in one cache line */
	uint64_t tx_packets, rx_packets;
	uint64_t udp_tx, udp_rx;
	uint64_t no_route;		/* no connected subnet or route for the destination */
	uint64_t forwarded;		/* routed on to another host (ip_forward = 1) */
	uint64_t ttl_exceeded;		/* not forwarded: TTL would reach 0 */
	uint64_t not_for_us;		/* destination is not one of our addresses */
	uint64_t bad_header;		/* version, length or header checksum wrong */
	uint64_t unknown_proto;
	uint64_t rx_other_host;		/* Ethernet unicast to another MAC */
	uint64_t rx_unknown_ethertype;
	/* ICMP */
	uint64_t echo_requests_sent, echo_requests_received;
	uint64_t echo_replies_sent, echo_replies_received, echo_unmatched;
	/* UDP */
	uint64_t udp_no_port, udp_bad_checksum;
};

/* A static route: @dst/@prefix_len via gateway @gw (route.c). */
struct host_route {
	uint32_t dst, mask;
	int prefix_len;
	uint32_t gw;
};

struct host_if {
	struct host *host;
	struct netdev *dev;
	uint32_t ip;			/* host byte order */
	int prefix_len;
	uint32_t mask;
};

/* A protocol handler by ethertype (the kernel's packet_type). */
typedef void (*host_ptype_fn)(struct host_if *ifc, struct frame *f, const struct rx_ctx *ctx);
struct host_ptype {
	uint16_t ethertype;
	host_ptype_fn fn;
};

struct ip_rx_info;

/* An upper layer's IPv4 protocol (ip_set_proto_handler): TCP, so far. */
typedef void (*ip_proto_fn)(void *owner, struct frame *f, const struct ip_rx_info *info);
struct host_proto {
	ip_proto_fn fn;			/* NULL: a free slot */
	void *owner;
	uint8_t proto;
};

/*
 * Every packet in or out reads two cache lines of its host, line 0 and
 * line 3 (the struct is allocated 64-byte aligned): with a thousand hosts
 * taking turns they do not stay in cache between two packets of one host,
 * so what the packet path reads is packed there and everything else comes
 * after.  Line 0 is the first interface and the counters every datagram
 * bumps (ip_stats begins with them), line 3 the rest.  An ARP adds line
 * 4, the neighbour cache's table and the received counters: every host
 * hears every other one's broadcast request (N^2 of them), and most only
 * count it and look the sender up.
 */
struct udp_rx_info;

struct host {
	/* The first interface; ifs[0] points here. */
	struct host_if if0;
	struct ip_stats ip_stats;
	_Alignas(64) struct sim *sim;
	GArray *routes;			/* struct host_route, static routes; NULL: none */
	/* The entry last sent through (most hosts send to one neighbour), or NULL. */
	struct arp_entry *arp_last;
	/* The first interfaces' addresses, so host_has_ip() needs no pointer chase. */
	uint32_t addr[4];
	/* A bound port kept here rather than in udp_socks: most hosts have one receiver. */
	struct udp_sock {
		/* a udp_rx_fn; NULL: udp_first is free */
		void (*fn)(void *owner, const struct udp_rx_info *info, const struct frame *f);
		void *owner;
	} udp_first;
	uint16_t ip_id;			/* next IPv4 identification */
	uint16_t udp_first_port;	/* udp_first's port, when udp_first.fn */
	uint8_t n_addr;
	bool ip_forward;		/* net.ipv4.ip_forward */
	/* what the packet path reads ends here */
	uint8_t n_ptypes;
	/* line 4: what an ARP received reads (arp.c) */
	struct itab arp_cache;		/* ip -> struct arp_entry * */
	struct arp_stats arp_stats;	/* the received counters first */
	/* ARP and IPv4 (both dispatched without a look: host_rx()); slow
	 * protocols, IPv6 later */
	struct host_ptype ptypes[4];
	GPtrArray *ifs;			/* struct host_if *, in the order added */
	struct itab udp_socks;		/* port -> socket (udp.c), but udp_first */
	/* protocol -> handler, looked through: a hash table lookup per TCP
	 * segment was 2.6 % of W4's profile, for the one protocol there is */
	struct host_proto protos[2];
	struct tcp_host *tcp;		/* tcp/tcp.h, NULL until tcp_host_init() */
	GHashTable *echo_socks;		/* ICMP echo id -> socket */
	char *name;
	struct sim_log log;		/* the kernel log: the bond writes here too */
	struct arp_params arp;
	/* One kernel: pr_*_once() flags and net_ratelimit() for all its
	 * devices (netdev.h), which point here (dev->kernel) */
	struct netdev_kernel kernel;
};
G_STATIC_ASSERT(offsetof(struct host, ip_stats.udp_rx) + 8 <= 64);
G_STATIC_ASSERT(offsetof(struct host, n_ptypes) <= 4 * 64);
G_STATIC_ASSERT(offsetof(struct host, arp_cache) == 4 * 64);
G_STATIC_ASSERT(offsetof(struct host, arp_stats.bad) + 8 <= 5 * 64);

struct host *host_new(struct sim *sim, const char *name);
/* Free the host before the netdevs it uses: it detaches its rx handlers. */
void host_free(struct host *h);
/*
 * Put @ip/@prefix_len on @dev and receive through it: the host becomes the
 * device's upper layer and hears its notifiers (NETDEV_NOTIFY_PEERS sends
 * a gratuitous ARP).  NULL when the device has an upper layer already.
 */
struct host_if *host_add_if(struct host *h, struct netdev *dev, uint32_t ip, int prefix_len);
/* Receive frames of @ethertype (dev_add_pack); false when taken or full. */
bool host_register_ptype(struct host *h, uint16_t ethertype, host_ptype_fn fn);
struct host_if *host_find_if(struct host *h, const char *dev_name);
/* The address of the first interface, 0 when there is none. */
uint32_t host_primary_ip(const struct host *h);
/* true when @ip is one of the host's addresses. */
bool host_has_ip(const struct host *h, uint32_t ip);
struct sim_log *host_log(struct host *h);
/* Publish "<host>.arp.*", "<host>.ip.*", "<host>.icmp.*", "<host>.udp.*", "<host>.eth.*". */
void host_metrics(const struct host *h, struct metrics *m);


/* ARP (arp.c) */
void arp_send_gratuitous(struct host_if *ifc);
/* Tell the cache that @ip is reachable (what TCP's forward progress does). */
void arp_confirm(struct host *h, uint32_t ip);
const struct arp_entry *arp_cache_find(const struct host *h, uint32_t ip);
/* Like "ip neigh": one line per entry, sorted by address. */
void arp_cache_dump(const struct host *h, GString *out);
const char *arp_state_name(enum arp_state s);

/* The ARP body of an untagged frame; false when it is not Ethernet/IPv4 ARP. */
bool arp_parse(const struct frame *f, struct wire_arp *out);

/* IPv4 (ipv4.c) */
struct ip_rx_info {
	struct host_if *ifc;		/* interface it arrived on */
	uint32_t src, dst;
	uint8_t proto;
	uint16_t l4_off;		/* offset of the transport header in the frame */
	uint32_t l4_len;		/* transport header + payload */
	const struct wire_pkt *pkt;	/* the whole frame dissected; valid during the call */
};

/* The interface whose subnet holds @dst (longest prefix), or NULL. */
struct host_if *ip_route(const struct host *h, uint32_t dst);
/* Routing (route.c) */
/* "ip route add DST/PREFIX via GW" (0/0: the default route); before the run. */
void host_add_route(struct host *h, uint32_t dst, int prefix_len, uint32_t gw);
/*
 * The interface and next hop for @dst: the longest matching prefix among
 * the connected subnets and the static routes (connected wins a tie).
 * NULL when nothing matches or the gateway is not on-link.
 */
struct host_if *ip_route_nexthop(const struct host *h, uint32_t dst, uint32_t *nexthop);
/*
 * A packet not for us arrived on @in: forward it when ip_forward is on
 * (takes the frame, true), else leave it to the caller (false).
 */
bool ip_forward(struct host *h, struct host_if *in, struct frame *f,
		const struct ip_rx_info *info, enum pkt_type pkt_type);

/*
 * A frame with room for the Ethernet and IPv4 headers (hdr_len 34): append
 * the transport header with frame_put(), set len to the whole frame, then
 * hand it to ip_output().
 */
struct frame *ip_frame_alloc(struct host *h);
/*
 * Route, write the IPv4 header (DF set, TTL 64, next ID) and the UDP/TCP
 * checksum (the caller leaves it 0: only here is the source address known,
 * as with a NIC's checksum offload), resolve the next hop and transmit.
 * Takes the reference; a caller that keeps its own reference (TCP's
 * retransmission queue) gets its copy untouched (frame_make_writable).
 */
void ip_output(struct host *h, uint32_t dst, uint8_t proto, struct frame *f);
/* Deliver protocol @proto (not ICMP or UDP) to @fn; NULL removes it. */
void ip_set_proto_handler(struct host *h, uint8_t proto, ip_proto_fn fn, void *owner);

/* ICMP echo (ipv4.c) */
struct icmp_echo_info {
	uint32_t src;			/* who answered */
	uint16_t id, seq;
	uint32_t payload;		/* bytes after the 8-byte ICMP header */
};
typedef void (*icmp_echo_fn)(void *owner, const struct icmp_echo_info *info,
			     const struct frame *f);
/* Send an echo request; @meta (may be NULL) is copied into the frame. */
void icmp_send_echo(struct host *h, uint32_t dst, uint16_t id, uint16_t seq, uint32_t payload,
		    const struct frame_meta *meta);
/* Receive echo replies carrying identifier @id; false if @id is taken. */
bool icmp_bind_echo(struct host *h, uint16_t id, icmp_echo_fn fn, void *owner);
void icmp_unbind_echo(struct host *h, uint16_t id);

/* UDP (udp.c) */
struct udp_rx_info {
	struct host_if *ifc;
	uint32_t src, dst;
	uint16_t sport, dport;
	uint32_t payload;		/* bytes after the UDP header */
};
typedef void (*udp_rx_fn)(void *owner, const struct udp_rx_info *info, const struct frame *f);
/* Bind @port; false when it is already bound (EADDRINUSE). */
bool udp_bind(struct host *h, uint16_t port, udp_rx_fn fn, void *owner);
void udp_unbind(struct host *h, uint16_t port);
bool udp_port_bound(const struct host *h, uint16_t port);
/* Send a datagram of @payload bytes; @meta (may be NULL) is copied into the frame. */
void udp_send(struct host *h, uint16_t sport, uint32_t dst, uint16_t dport, uint32_t payload,
	      const struct frame_meta *meta);

/*
 * Inside the stack (host.c, arp.c, ipv4.c, udp.c): not for other models.
 */
void host_if_xmit(struct host_if *ifc, const uint8_t dst[6], struct frame *f);
void arp_cache_init(struct host *h);
void arp_cache_fini(struct host *h);
/* @ctx: how the frame was received (packet type: sent to us, or broadcast). */
void arp_input(struct host_if *ifc, struct frame *f, const struct rx_ctx *ctx);
/* Send @f (Ethernet header bytes 0..13 reserved) to on-link @nexthop. */
void arp_output(struct host_if *ifc, uint32_t nexthop, struct frame *f);
void ip_input(struct host_if *ifc, struct frame *f, const struct rx_ctx *ctx);
void udp_input(struct host *h, struct frame *f, const struct ip_rx_info *info);

#endif
