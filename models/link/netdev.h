/*
 * netdev.h - what NICs, bonds and switch ports have in common.
 *
 * DOC: As in the kernel's net_device, a netdev has a MAC, a carrier, stats
 * and an xmit entry point.  Receive follows __netif_receive_skb_core():
 *
 *   NIC rx -> rx context filled once (eth_type_trans: L2 length, VLAN tag,
 *             packet type against the NIC's own MAC, original device)
 *          -> the device's rx handler, if a master owns it (a bond on its
 *             slaves, a switch on its ports); the handler returns a verdict:
 *               RX_CONSUMED  it kept or freed the frame;
 *               RX_ANOTHER   it moved the frame to ctx->dev (the bond):
 *                            go round again on that device;
 *               RX_EXACT     only handlers bound to this very device may
 *                            have it (an inactive slave): the upper layer,
 *                            which listens on every device, never does;
 *               RX_PASS      on to the upper layer;
 *          -> the device's upper layer (a host's IP stack) or, with none,
 *             counted as rx_dropped.
 *
 * A device has at most one master and one upper layer: registering a
 * second is refused (-EBUSY in the kernel), never silently replaced.
 *
 * Events between layers go through a notifier chain per device, after the
 * kernel's netdev notifiers: a bond hears its slaves' carrier changes, a
 * host hears its device ask it to notify peers (it sends the gratuitous
 * ARPs), reports hear failovers.  Subscribers run in subscription order.
 */
#ifndef BONDSIM_NETDEV_H
#define BONDSIM_NETDEV_H

#include "sim.h"
#include "drop.h"

#define NETDEV_NAME_MAX 32

struct netdev;

/* skb->pkt_type: what eth_type_trans() decides from the destination MAC. */
enum pkt_type {
	PACKET_HOST,		/* to the receiving NIC's own MAC */
	PACKET_BROADCAST,
	PACKET_MULTICAST,
	PACKET_OTHERHOST,	/* unicast to another MAC: IP and ARP drop it */
};

/* Filled once when a NIC receives; every layer reads it instead of offsets. */
struct rx_ctx {
	struct netdev *orig_dev;	/* the NIC the frame arrived on */
	struct netdev *dev;		/* where it is now (a bond after RX_ANOTHER) */
	uint16_t l2_len;		/* Ethernet header + VLAN tags: where L3 starts */
	uint16_t ethertype;		/* after any VLAN tags; 0 when truncated */
	uint16_t vlan_id;		/* outer tag's VID; valid when vlan_tagged */
	bool vlan_tagged;
	enum pkt_type pkt_type;
	enum drop_reason exact_why;	/* why a handler answering RX_EXACT keeps it from the stack */
	bool astray;			/* RX_EXACT: a flood's copy for another host (DROP_ASTRAY) */
};

enum rx_verdict {
	RX_CONSUMED,
	RX_ANOTHER,
	RX_EXACT,
	RX_PASS,
};

/* A master's rx handler (bond_handle_frame, a switch port's rx). */
typedef enum rx_verdict (*netdev_rx_handler_fn)(void *owner, struct frame *f,
						struct rx_ctx *ctx);
/* An upper layer's receive: always takes the frame. */
typedef void (*netdev_upper_rx_fn)(void *owner, struct frame *f, const struct rx_ctx *ctx);

/* The upper layer of a device: the host interface that puts an address on it. */
struct netdev_upper {
	netdev_upper_rx_fn rx;
	void *owner;
	/* The device's IPv4 address (host order), 0 for none: what the bond's
	 * ARP monitor sends from, as bond_confirm_addr() asks the inet layer. */
	uint32_t (*ipv4_addr)(void *owner);
	/* The device a link-scope route to @ip (host order) leaves by, as
	 * ip_route_output(..., RTO_ONLINK) finds it: the interface whose
	 * subnet holds it, NULL: none.  Without the callback (a test's upper
	 * layer), the device itself. */
	struct netdev *(*onlink_dev)(void *owner, uint32_t ip);
};

/* net_ratelimit()'s state: 10 messages in 5 s, then a count of the rest. */
struct net_ratelimit {
	sim_time_t begin;		/* 0: no message yet */
	int printed, missed;
};

/*
 * What one kernel keeps once for every device and driver in it: which
 * pr_*_once() call sites have printed (one flag per site, whichever
 * device gets there first), and the one net_ratelimit() state that every
 * net_*_ratelimited() caller shares.
 */
struct netdev_kernel {
	GHashTable *once;		/* call-site addresses; NULL until the first */
	struct net_ratelimit net_rl;
	int hz;				/* CONFIG_HZ (a host's hz key), 0: the default */
};
void netdev_kernel_fini(struct netdev_kernel *k);

/* The kernel's NETDEV_* notifier events that bondsim's layers use. */
enum netdev_event {
	NETDEV_CHANGE,			/* carrier changed */
	NETDEV_CHANGEADDR,		/* MAC address changed */
	NETDEV_NOTIFY_PEERS,		/* send gratuitous ARPs (bond after failover) */
	NETDEV_BONDING_FAILOVER,	/* the active slave changed; info: struct bond_failover_info */
	NETDEV_CHANGELOWERSTATE,	/* a slave's link state committed; info: the slave */
	NETDEV_CHANGEUPPER,		/* the device got or lost its master (enslaved or
					 * released, dev->master already changed); info: the
					 * master's struct netdev */
	NETDEV_EVENT_COUNT
};
extern const char *const netdev_event_names[NETDEV_EVENT_COUNT];

typedef void (*netdev_notifier_fn)(void *owner, struct netdev *dev, enum netdev_event ev,
				   const void *info);

struct netdev_notifier {
	netdev_notifier_fn fn;
	void *owner;
};

struct link;
struct netdev_vlans;
struct hdx_end;
struct hdx_counters;

/*
 * What to do with a frame a NIC sent ahead (nic.c) that is still being
 * serialised: it is counted as sent from its first bit, so a reader that
 * must see only frames whose last bit is out takes it off the counters
 * (UNCOUNT) and puts it back after (RECOUNT); a change to the cable or the
 * carrier first puts it back onto the NIC's two-event path (TAKE_BACK).
 */
enum wire_settle {
	WIRE_TAKE_BACK,
	WIRE_UNCOUNT,
	WIRE_RECOUNT,
};

struct netdev_ops {
	/*
	 * Takes the frame's reference.  false: this device refused it at once
	 * and counted it dropped here with a reason, as dev_queue_xmit()
	 * answers NET_XMIT_DROP or NET_XMIT_CN: its qdisc's (a NIC's full
	 * queue, any device without carrier: not tx_dropped) or a bond's with
	 * carrier and no slave (bond_tx_drop(): tx_dropped); true: it took it
	 * (queued, on the wire, or for a bond handed to its mode, whose
	 * slave's refusal is the slave's).
	 */
	bool (*xmit)(struct netdev *dev, struct frame *f);
	/* Devices on a cable (NICs), called by the link: plugged into @link as
	 * end @end (NULL: unplugged), a frame off the wire, carrier as the
	 * cable and both PHYs make it. */
	void (*wire_attach)(struct netdev *dev, struct link *link, int end);
	void (*wire_rx)(struct netdev *dev, struct frame *f);
	void (*wire_carrier)(struct netdev *dev, bool carrier);
	/* A frame handed to the cable ahead of its last bit (see nic.c) and
	 * still being serialised: see enum wire_settle. */
	void (*wire_settle)(struct netdev *dev, enum wire_settle how);
	/* The cable made this end half duplex (@hdx: its end of the shared
	 * medium, hdx.h) or full duplex again (NULL). */
	void (*wire_duplex)(struct netdev *dev, struct hdx_end *hdx);
};

/*
 * A device's counters, as ip -s link shows them.  A master's are the sum of
 * its lowers' (the kernel's bond_get_stats() folds its slaves' counters)
 * plus what it did itself: every count below is added to the device and to
 * each master above it, so a bond's line always equals the sum of its
 * slaves' and its own drops, and a sampler can read it directly.
 */
struct netdev_stats {
	uint64_t rx_nohandler;		/* RX_EXACT with no handler bound to the device */
	/* counted for every frame: the tx pair ends a device's first line,
	 * the rx pair starts its second (struct netdev) */
	uint64_t tx_packets, tx_bytes;
	uint64_t rx_packets, rx_bytes;
	uint64_t tx_dropped, rx_dropped;
};

#define NETDEV_STAT_ADD(dev_, field, n)                                                  \
	do {                                                                             \
		for (struct netdev *d_ = (dev_); d_; d_ = d_->master)                      \
			d_->stats.field += (n);                                           \
	} while (0)

/*
 * Every frame reads a device at each hop, so what it reads comes first
 * (devices are allocated 64-byte aligned): with thousands of devices
 * taking turns, each line a frame touches is a likely cache miss.  A
 * frame sent reads and writes the first line only (ops, the clock,
 * carrier, the master, speed, the tx counters); a frame received the
 * second only (the rx counters, the handler or the upper layer's rx, and
 * copies of the MAC, the carrier and the master, kept by
 * netdev_store_mac(), netdev_set_carrier() and netdev_set_master(); a
 * link calls its receiver through its own copy of the ops, link.h).  Names, drop counters and
 * what only configuration reads come after.
 */
struct netdev {
	const struct netdev_ops *ops;
	struct sim *sim;
	struct netdev *master;		/* the bond a NIC is enslaved to: netdev_set_master() */
	uint64_t speed_bps;		/* 0 = unknown */
	bool carrier;			/* netdev_set_carrier() */
	bool full_duplex;
	uint8_t mac[6];			/* netdev_set_mac(), netdev_store_mac() */
	struct netdev_stats stats;	/* tx_packets, tx_bytes in line 0, rx_packets, rx_bytes in 1 */
	/*
	 * Where a frame received here goes first: the master's rx handler,
	 * or with none a copy of the upper layer's rx (rx_to_upper), so that
	 * a bond's frame reads nothing past this line either; NULL: neither.
	 * Kept by netdev_rx_handler_register(), netdev_upper_register() and
	 * their unregisters.
	 */
	union {
		netdev_rx_handler_fn handler;
		netdev_upper_rx_fn upper;
	} rx_first;
	void *rx_first_owner;
	uint8_t rx_mac[6];		/* mac, in this line */
	bool rx_carrier;		/* carrier, in this line */
	bool rx_to_upper;		/* rx_first is upper.rx: no rx handler */
	struct netdev *rx_master;	/* master, in this line */
	struct netdev_upper upper;	/* upper.rx NULL when none */
	uint8_t perm_mac[6];		/* the address burnt in: LACPDUs, /proc dump */
	GArray *notifiers;		/* struct netdev_notifier, NULL until the first */
	char name[NETDEV_NAME_MAX];
	char owner_name[NETDEV_NAME_MAX];	/* host or switch, for reports */
	char place[2 * NETDEV_NAME_MAX];	/* "server.eth0": where drops happen */
	uint64_t drops[DROP_REASON_COUNT];	/* frames dropped here, by reason */
	/* bytes of frames received here that only a handler bound to this very
	 * device could take (RX_EXACT: an inactive slave's): in rx_bytes, yet
	 * nothing above took them */
	uint64_t rx_refused_bytes;
	/* The kernel the device lives in (its host's: pr_*_once() flags,
	 * net_ratelimit()), set by whoever gives the host the device, with or
	 * without an address; NULL for a device built alone (a unit test's). */
	struct netdev_kernel *kernel;
	/* A NIC's CSMA/CD counters on a cable with a half-duplex end (hdx.h),
	 * NULL elsewhere: for sysfs and /proc/net/dev.  Last, and the device
	 * ends on a line's end with it: nic.h's hot line follows. */
	const struct hdx_counters *hdx_stats;
	/* The VLAN devices on this one (vlan_dev.h), NULL when none: read
	 * only for a tagged frame. */
	struct netdev_vlans *vlans;
	/* A whole number of lines (nic.h's hot line follows, and asserts it):
	 * a new field or drop reason costs a line. */
};
G_STATIC_ASSERT(offsetof(struct netdev, stats.tx_bytes) + 8 == 64);
G_STATIC_ASSERT(offsetof(struct netdev, stats.rx_packets) == 64);
G_STATIC_ASSERT(offsetof(struct netdev, rx_master) + 8 <= 128);

void netdev_init(struct netdev *dev, struct sim *sim, const struct netdev_ops *ops,
		 const char *owner, const char *name, const uint8_t mac[6]);
/* Free what the device holds (its notifier chain), not the device. */
void netdev_fini(struct netdev *dev);
static inline bool netdev_xmit(struct netdev *dev, struct frame *f) { return dev->ops->xmit(dev, f); }

/* netdev_rx_handler_register(): false and @error (naming the owner) when taken. */
gboolean netdev_rx_handler_register(struct netdev *dev, netdev_rx_handler_fn fn, void *owner,
				    const char *owner_name, GError **error);
void netdev_rx_handler_unregister(struct netdev *dev, void *owner);
/* The upper layer; false and @error when the device has one already. */
gboolean netdev_upper_register(struct netdev *dev, const struct netdev_upper *upper,
			       GError **error);
void netdev_upper_unregister(struct netdev *dev, void *owner);
/* The device's IPv4 address as its upper layer has it, 0 when none. */
uint32_t netdev_ipv4_addr(const struct netdev *dev);
/*
 * A driver's pr_*_once() at call site @site on @dev: true the first time
 * on the device's kernel (dev->kernel: one flag per site and host,
 * whatever the device), then false.  A device with no kernel (a bond
 * built alone) has @own, the caller's flag, instead.
 */
bool netdev_once(struct netdev *dev, const void *site, bool *own);
/*
 * net_ratelimit() for a message about @dev at @now: true when it may be
 * printed.  The state is the kernel's (one per host, shared by every
 * caller), or @own for a device with no kernel above it.  When a new 5 s
 * window opens after messages were held back, *@suppressed is how many
 * (the kernel's "net_ratelimit: N callbacks suppressed"), else 0.
 */
bool netdev_net_ratelimit(struct netdev *dev, struct net_ratelimit *own, sim_time_t now,
			  int *suppressed);

/*
 * A NIC received @f from its wire: count, fill the rx context (eth_type_trans)
 * and run the receive chain.  Takes the reference.
 */
void netdev_rx(struct netdev *dev, struct frame *f);
/* Run the chain from @ctx->dev with a context already filled (a bond's rx). */
void netdev_rx_chain(struct frame *f, struct rx_ctx *ctx);
/* eth_type_trans() + VLAN untagging as seen by @dev, without delivering. */
void netdev_rx_ctx_fill(struct netdev *dev, const struct frame *f, struct rx_ctx *ctx);

/* Count @f as dropped here for @why, tell the frame monitor, free it. */
static inline void netdev_drop(struct netdev *dev, struct frame *f, enum drop_reason why)
{
	dev->drops[why]++;
	drop_frame(dev->sim, f, why, dev->place);
}
uint64_t netdev_drops_total(const struct netdev *dev);

void netdev_set_carrier(struct netdev *dev, bool carrier);
/* The device's master (NULL: none), and its copy in the receive line. */
static inline void netdev_set_master(struct netdev *dev, struct netdev *master)
{
	dev->master = master;
	dev->rx_master = master;
}
void netdev_set_mac(struct netdev *dev, const uint8_t mac[6]);
/* The MAC and its copy, with no NETDEV_CHANGEADDR (@mac may be dev->mac). */
static inline void netdev_store_mac(struct netdev *dev, const uint8_t mac[6])
{
	memmove(dev->mac, mac, 6);
	memcpy(dev->rx_mac, dev->mac, 6);
}

/* Notifier chain: subscribe, unsubscribe everything of @owner, call. */
void netdev_notifier_register(struct netdev *dev, netdev_notifier_fn fn, void *owner);
void netdev_notifier_unregister(struct netdev *dev, void *owner);
void netdev_notify(struct netdev *dev, enum netdev_event ev, const void *info);

/*
 * netdev_sysfs.c: what monitoring reads of a device, in Linux 6.1's formats.
 * A sysfs file is a name under the device's folder ("carrier",
 * "statistics/rx_bytes", "bonding/mode") and its exact content.
 */
struct sysfs_file {
	char *name;
	char *text;
};
GPtrArray *sysfs_files_new(void);	/* of struct sysfs_file *, frees them */
void sysfs_file_add(GPtrArray *files, const char *name, const char *fmt, ...)
	G_GNUC_PRINTF(3, 4);
/*
 * /sys/class/net/DEV (net-sysfs.c): operstate, address, mtu, type, ...,
 * statistics/<counter>; carrier, speed and duplex only while @running (the
 * kernel answers EINVAL to a read of a device that is down).  @speed_mbps is
 * what ethtool reports (-1: SPEED_UNKNOWN), @duplex "full", "half" or
 * "unknown"; @errs the error counters (a NIC's hdx_stats, a bond's sum of
 * its slaves'), NULL for none.
 */
void netdev_sysfs_show(const struct netdev *dev, bool running, int speed_mbps,
		       const char *duplex, const struct hdx_counters *errs, GPtrArray *files);
/* A NIC's ethtool speed and duplex: the link's while it has carrier, else unknown. */
void netdev_ethtool(const struct netdev *dev, int *speed_mbps, const char **duplex);
/* /proc/net/dev (net-procfs.c): the two header lines, then one line per device. */
void netdev_proc_net_dev_header(GString *out);
void netdev_proc_net_dev_line(const struct netdev *dev, const struct hdx_counters *errs,
			      GString *out);

/* "00:16:36:1b:bb:74" into buf[18]. */
extern const uint8_t mac_broadcast[6];	/* ff:ff:ff:ff:ff:ff */
const char *mac_format(const uint8_t mac[6], char buf[18]);
bool mac_parse(const char *s, uint8_t mac[6]);
static inline bool mac_is_multicast(const uint8_t mac[6]) { return mac[0] & 1; }
static inline bool mac_equal(const uint8_t a[6], const uint8_t b[6])
{
	return memcmp(a, b, 6) == 0;
}

#endif
