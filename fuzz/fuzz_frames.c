/*
 * fuzz_frames.c - targets for what arrives on a wire: the dissector, a
 * host's receive path behind a NIC and a bond, the two hashes.
 *
 * DOC: A frame here is what a NIC would hand up: header bytes (at most
 * FRAME_HDR_MAX, the rest of the frame being payload the models never
 * read) and a length.  Besides the sanitizers, each target checks what its
 * code promises: the dissector's flags agree with its verdict and the
 * headers they announce are inside the frame (l4_off alone may point past
 * it: an IHL is trusted, or an ICMP error quotes a cut packet, and no flag
 * then promises a header there); a hash is a function of the frame; and
 * the receive path gives every frame back to the pool, whatever it was.
 */
#include <string.h>
#include "fuzz.h"
#include "host/host.h"
#include "link/link.h"
#include "link/nic.h"
#include "link/vlan_dev.h"
#include "bond/bond.h"
#include "bond/bond_hash.h"
#include "switch/sw_priv.h"
#include "wire/dissect.h"

#define IP4(a, b, c, d) ((uint32_t)(a) << 24 | (uint32_t)(b) << 16 | (uint32_t)(c) << 8 | (d))

/* byte 0: the options (every combination of the six), then the frame */
void fuzz_dissect(const uint8_t *data, size_t size)
{
	struct wire_pkt a, b;
	unsigned opts;
	bool good;

	if (size < 1)
		return;
	opts = data[0] & 0x3f;
	data++;
	size--;
	good = wire_dissect(data, size, opts, &a);
	if (good == !!(a.flags & WIRE_PKT_BAD))
		fuzz_fail("dissect", "returned %d with flags %#x", good, a.flags);
	if ((a.flags & WIRE_PKT_ETH) && size < WIRE_ETH_HLEN)
		fuzz_fail("dissect", "Ethernet header in %zu bytes", size);
	if (a.n_vlan > WIRE_VLAN_MAX_DEPTH)
		fuzz_fail("dissect", "%u tags walked", a.n_vlan);
	if ((a.flags & WIRE_PKT_ETH) && a.l3_off > size)
		fuzz_fail("dissect", "layer 3 at %u of %zu bytes", a.l3_off, size);
	if ((a.flags & WIRE_PKT_UDP) && a.l4_off + WIRE_UDP_HLEN > size)
		fuzz_fail("dissect", "UDP header at %u of %zu bytes", a.l4_off, size);
	wire_dissect(data, size, opts, &b);
	if (memcmp(&a, &b, sizeof(a)) != 0)
		fuzz_fail("dissect", "two walks of one frame differ");
}

/*
 * byte 0: bit 0 a tag outside the bytes, bit 1 skb->l4_hash; bytes 1-2 its
 * TCI, 3-6 skb->hash; then the frame.  Every policy hashes it twice.
 */
void fuzz_bond_hash(const uint8_t *data, size_t size)
{
	struct bond_hash_input in = { 0 };

	if (size < 7)
		return;
	in.vlan_present = data[0] & 1;
	in.l4_hash = data[0] & 2;
	in.vlan_tci = (uint16_t)(data[1] << 8 | data[2]);
	in.skb_hash = (uint32_t)data[3] << 24 | (uint32_t)data[4] << 16 | (uint32_t)data[5] << 8 |
		      data[6];
	in.data = data + 7;
	in.len = size - 7;
	for (int p = 0; p < BOND_XMIT_POLICY_COUNT; p++)
		if (bond_xmit_hash(p, &in) != bond_xmit_hash(p, &in))
			fuzz_fail("bond_hash", "policy %s hashes one frame two ways",
				  bond_xmit_policy_name(p));
}

/* byte 0: payload beyond the header bytes, in 8-byte units; then the frame */
void fuzz_lag_hash(const uint8_t *data, size_t size)
{
	struct frame f = { .ref = 1 };	/* no pool: nobody frees it */
	size_t n;

	if (size < 1)
		return;
	n = MIN(size - 1, (size_t)FRAME_HDR_MAX);
	memcpy(frame_put(&f, (uint16_t)n), data + 1, n);
	f.len += 8u * data[0];
	for (int h = 0; h < SW_LAG_HASH_COUNT; h++)
		if (sw_lag_hash_frame(h, &f) != sw_lag_hash_frame(h, &f))
			fuzz_fail("lag_hash", "%s hashes one frame two ways", sw_lag_hash_name(h));
}

/* ---- host_rx ---------------------------------------------------------------- */

/*
 * Host "h": eth0 10.0.0.1/24 alone, bond0 (eth1 eth2) 10.0.1.1/24, VLAN
 * devices bond0.100 10.0.100.1/24 and eth0.200 10.0.200.1/24; each NIC
 * is cabled to a NIC of host "peer" (p0 10.0.0.2/24, p1 10.0.1.2/24, p2 with
 * no address).  Both hosts listen on UDP port 9 and for echo replies of id 1.
 */
#define RX_NICS 3
#define RX_MAX_FRAMES 32
#define RX_GAP SIM_US		/* between two frames */
#define RX_TAIL (20 * SIM_US)	/* after the last: replies, ARP, queued packets */
#define RX_TXQUEUELEN 16	/* plenty for 32 frames RX_GAP apart; a smaller ring per input */

struct rx_world {
	struct sim *sim;
	struct host *h, *peer;
	struct nic *eth[RX_NICS], *far[RX_NICS];
	struct link *link[RX_NICS];
	struct bond *bond;
	struct vlan_dev *vlan[2];	/* bond0.100 and eth0.200: the tag's way up */
};

static void rx_udp(void *owner, const struct udp_rx_info *info, const struct frame *f)
{
}

static void rx_echo(void *owner, const struct icmp_echo_info *info, const struct frame *f)
{
}

/* cfg bits 0-2: the bond's mode (one bondsim does not run: active-backup);
 * bit 3: the ARP monitor validating every slave instead of MII (not in
 * 802.3ad, balance-tlb, balance-alb). */
static void rx_world_init(struct rx_world *w, uint8_t cfg)
{
	int mode = cfg & 7;
	struct bond_params bp;
	char *opts;
	GError *err = NULL;

	if (mode >= BOND_MODE_COUNT || !bond_mode_ops_get(mode))
		mode = BOND_MODE_ACTIVEBACKUP;
	/* the ARP monitor is refused in 802.3ad, balance-tlb and balance-alb */
	if (mode == BOND_MODE_8023AD || mode == BOND_MODE_TLB || mode == BOND_MODE_ALB)
		cfg &= (uint8_t)~8;
	opts = g_strdup_printf(cfg & 8 ? "mode=%d arp_interval=100 arp_ip_target=10.0.1.2 "
					 "arp_validate=all" : "mode=%d miimon=100", mode);
	bond_params_init(&bp);
	if (!bond_params_parse(&bp, opts, &err) || !bond_params_finalize(&bp, NULL, &err))
		fuzz_fail("host_rx", "%s: %s", opts, err->message);
	g_free(opts);

	w->sim = sim_new(1);
	w->h = host_new(w->sim, "h");
	w->peer = host_new(w->sim, "peer");
	for (int i = 0; i < RX_NICS; i++) {
		uint8_t mac[6] = { 0x02, 0, 0, 0, 1, (uint8_t)i };
		uint8_t far_mac[6] = { 0x02, 0, 0, 0, 2, (uint8_t)i };
		char name[16], far_name[16], link_name[48];

		g_snprintf(name, sizeof(name), "eth%d", i);
		g_snprintf(far_name, sizeof(far_name), "p%d", i);
		g_snprintf(link_name, sizeof(link_name), "h.%s--peer.%s", name, far_name);
		w->eth[i] = nic_new(w->sim, "h", name, mac, RX_TXQUEUELEN);
		w->far[i] = nic_new(w->sim, "peer", far_name, far_mac, RX_TXQUEUELEN);
		w->link[i] = link_new(w->sim, link_name, &w->eth[i]->dev, &w->far[i]->dev,
				      1000000000ULL, SIM_US);
	}
	w->bond = bond_new(w->sim, "h", "bond0", &bp, host_log(w->h));
	for (int i = 1; i < RX_NICS; i++)
		if (!bond_enslave(w->bond, &w->eth[i]->dev, &err))
			fuzz_fail("host_rx", "enslave: %s", err->message);
	host_add_if(w->h, &w->eth[0]->dev, IP4(10, 0, 0, 1), 24);
	host_add_if(w->h, &w->bond->dev, IP4(10, 0, 1, 1), 24);
	w->vlan[0] = vlan_dev_new(w->sim, "h", "bond0.100", &w->bond->dev, 100, NULL);
	w->vlan[1] = vlan_dev_new(w->sim, "h", "eth0.200", &w->eth[0]->dev, 200, NULL);
	host_add_if(w->h, &w->vlan[0]->dev, IP4(10, 0, 100, 1), 24);
	host_add_if(w->h, &w->vlan[1]->dev, IP4(10, 0, 200, 1), 24);
	host_add_if(w->peer, &w->far[0]->dev, IP4(10, 0, 0, 2), 24);
	host_add_if(w->peer, &w->far[1]->dev, IP4(10, 0, 1, 2), 24);
	udp_bind(w->h, 9, rx_udp, NULL);
	udp_bind(w->peer, 9, rx_udp, NULL);
	icmp_bind_echo(w->h, 1, rx_echo, NULL);
	icmp_bind_echo(w->peer, 1, rx_echo, NULL);
	bond_open(w->bond);
}

/* Every frame back in the pool once everything that could hold one is gone. */
static void rx_world_fini(struct rx_world *w)
{
	for (int i = 0; i < RX_NICS; i++)
		link_free(w->link[i]);
	host_free(w->h);
	host_free(w->peer);
	vlan_dev_free(w->vlan[0]);
	vlan_dev_free(w->vlan[1]);
	bond_free(w->bond);
	for (int i = 0; i < RX_NICS; i++) {
		nic_free(w->eth[i]);
		nic_free(w->far[i]);
	}
	if (w->sim->pool.live != 0)
		fuzz_fail("host_rx", "%" G_GUINT64_FORMAT " frames leaked", w->sim->pool.live);
	sim_free(w->sim);
}

/*
 * byte 0: the world (rx_world_init); then frames, each as
 *   byte: bits 0-1 the NIC it arrives on (eth0, eth1, eth2, the peer's p0),
 *         bits 2-7 payload beyond its header bytes, in 24-byte units;
 *   byte: how many header bytes follow (at most FRAME_HDR_MAX);
 *   the header bytes.
 * Frames arrive RX_GAP apart; the world runs RX_TAIL after the last.
 */
void fuzz_host_rx(const uint8_t *data, size_t size)
{
	struct rx_world w;
	size_t off = 1;

	if (size < 1)
		return;
	rx_world_init(&w, data[0]);
	for (int n = 0; n < RX_MAX_FRAMES && off + 2 <= size; n++) {
		uint8_t where = data[off];
		size_t hdr = MIN((size_t)data[off + 1], MIN(size - off - 2, (size_t)FRAME_HDR_MAX));
		struct netdev *dev = (where & 3) == 3 ? &w.far[0]->dev : &w.eth[where & 3]->dev;
		struct frame *f = frame_alloc(&w.sim->pool);

		memcpy(frame_put(f, (uint16_t)hdr), data + off + 2, hdr);
		f->len += 24u * (where >> 2);
		off += 2 + hdr;
		netdev_rx(dev, f);
		sim_run(w.sim, w.sim->now + RX_GAP);
	}
	sim_run(w.sim, w.sim->now + RX_TAIL);
	rx_world_fini(&w);
}
