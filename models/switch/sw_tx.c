/*
 * sw_tx.c - what a switch port and a port-channel sent.
 *
 * DOC: IOS's "packets output" counts frames transmitted, as a host NIC's
 * tx_packets does: not a frame its queue refused (an output drop), nor one
 * it still holds.  A port's frames and bytes out are therefore its NIC's
 * own tx counters, its LACPDUs among them, so that per cable what one end
 * sent is what the other received, lost or has in flight.  The NIC cannot
 * tell which frames were copies of a flood, nor which went out as a
 * port-channel's, so port_tx() counts those as its queue takes them; the
 * NIC tells of each taken frame it then loses unsent (sw_port_unsent()),
 * and the report leaves out what it still holds (a scan, at the end only).
 * Nothing of this runs per frame sent.
 */
#include "sw_priv.h"
#include "wire/wire.h"

/* port_tx() counted it: not one of the switch's own LACPDUs or markers
 * (link-local, which the bridge never forwards) */
static bool bridged(const struct frame *f)
{
	return f->hdr_len >= 6 && !wire_mac_is_link_local(f->data);
}

/* Its port-channel's, if the port sends as a member now (as port_tx() asks). */
static struct sw_lag *sending_lag(const struct sw_port *p)
{
	return p->out.lag && !p->out.individual ? p->out.lag : NULL;
}

void sw_port_unsent(void *arg, const struct frame *f)
{
	struct sw_port *p = arg;
	struct sw_lag *lag = sending_lag(p);

	if (!bridged(f))
		return;
	p->flood_taken -= f->flooded;
	if (lag) {
		lag->tx_taken--;
		lag->tx_taken_bytes -= f->len;
		lag->flood_taken -= f->flooded;
	}
}

/* What a NIC holds that port_tx() counted: sums, to take off. */
struct held {
	uint64_t frames, bytes, flooded, all;
};

static void add_held(void *arg, const struct frame *f)
{
	struct held *h = arg;

	h->all++;
	if (!bridged(f))
		return;
	h->frames++;
	h->bytes += f->len;
	h->flooded += f->flooded;
}

void sw_port_tx(const struct sw_port *p, struct sw_tx *t)
{
	struct held h = { 0 };

	nic_foreach_held(p->nic, add_held, &h);
	t->frames = p->nic->dev.stats.tx_packets;
	t->bytes = p->nic->dev.stats.tx_bytes;
	t->flooded = p->flood_taken - h.flooded;
}

void sw_lag_tx(const struct sw_lag *lag, struct sw_tx *t)
{
	struct held h = { 0 };

	for (guint i = 0; i < lag->members->len; i++) {
		const struct sw_port *m = g_ptr_array_index(lag->members, i);

		if (sending_lag(m) == lag)
			nic_foreach_held(m->nic, add_held, &h);
	}
	t->frames = lag->tx_taken - h.frames;
	t->bytes = lag->tx_taken_bytes - h.bytes;
	t->flooded = lag->flood_taken - h.flooded;
}

uint64_t sw_port_held(const struct sw_port *p)
{
	struct held h = { 0 };

	nic_foreach_held(p->nic, add_held, &h);
	return h.all;
}
