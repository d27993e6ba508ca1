/*
 * report_host.c - a host's part of the text report: its interfaces and
 * their counters, each bond with its slaves and what each flow sent by
 * them, VLAN devices, ethtool and the kernel log.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include "report.h"
#include "link/hdx.h"
#include "link/vlan_dev.h"

const char *report_slave_link_name(enum bond_link_state s)
{
	static const char *const names[] = { [BOND_LINK_UP] = "up", [BOND_LINK_FAIL] = "fail",
		[BOND_LINK_DOWN] = "down", [BOND_LINK_BACK] = "back" };
	return names[s];
}

/*
 * The last row of the flow table: what else left on each slave (ARP, LACP,
 * pings), so that each column adds up to the slave's tx_frames.
 */
static void text_flow_slaves_other(const struct world *w, const struct world_host *h,
				   const struct bond *b, GString *out)
{
	g_string_append_printf(out, "    %-24s", "other (not a flow)");
	for (guint s = 0; s < b->slaves->len; s++) {
		const struct slave *sl = bond_slave(b, s);
		uint64_t flows = 0;

		for (guint i = 0; i < w->flows->len; i++) {
			const struct flow *fl = g_ptr_array_index(w->flows, i);

			if (fl->cfg.src == h->host)
				flows += bond_slave_flow_frames(sl, fl->cfg.id);
		}
		g_string_append_printf(out, " %10" G_GUINT64_FORMAT,
				       sl->dev->stats.tx_packets - MIN(flows, sl->dev->stats.tx_packets));
	}
	g_string_append_c(out, '\n');
}

/*
 * For each bond, the frames of each flow it sent, per slave: those that
 * left on it, as its tx_frames counts them (bond_slave_flow_frames()).
 */
static void text_flow_slaves(const struct world *w, const struct world_host *h, GString *out)
{
	for (guint k = 0; k < h->bonds->len; k++) {
		const struct bond *b = g_ptr_array_index(h->bonds, k);
		bool header = false;

		for (guint i = 0; i < w->flows->len; i++) {
			const struct flow *fl = g_ptr_array_index(w->flows, i);

			if (fl->cfg.src != h->host)
				continue;
			if (!header) {
				g_string_append_printf(out, "    %-24s", "flow (frames per slave)");
				for (guint s = 0; s < b->slaves->len; s++)
					g_string_append_printf(out, " %10s", bond_slave(b, s)->dev->name);
				g_string_append_c(out, '\n');
				header = true;
			}
			g_string_append_printf(out, "    %-24s", fl->cfg.name);
			for (guint s = 0; s < b->slaves->len; s++)
				g_string_append_printf(out, " %10" G_GUINT64_FORMAT,
						       bond_slave_flow_frames(bond_slave(b, s), fl->cfg.id));
			g_string_append_c(out, '\n');
		}
		if (header)
			text_flow_slaves_other(w, h, b, out);
	}
}

/* One line of the host's interface table. */
static void text_dev_row(GString *out, const struct netdev *dev)
{
	const struct netdev_stats *st = &dev->stats;
	char mac[18];

	g_string_append_printf(out,
			       "  %-10s %-17s %10" G_GUINT64_FORMAT " %14" G_GUINT64_FORMAT
			       " %10" G_GUINT64_FORMAT " %14" G_GUINT64_FORMAT " %10" G_GUINT64_FORMAT
			       " %10" G_GUINT64_FORMAT "\n",
			       dev->name, mac_format(dev->mac, mac), st->tx_packets, st->tx_bytes,
			       st->rx_packets, st->rx_bytes, st->rx_dropped, st->tx_dropped);
}

/*
 * rx_nohandler apart, as ip -s -s link shows it (its own "nohandler"
 * column, and only when not 0): not in rx_dropped, nor in /proc/net/dev's
 * drop column.  Here it is what a bond's inactive slaves refused
 * (bond_handle_frame()'s RX_HANDLER_EXACT with no exact-match handler:
 * __netif_receive_skb_core() counts it on the slave), and the bond's is
 * its slaves' sum, as bond_get_stats() folds it.
 */
static void text_nohandler(GString *line, const struct netdev *dev)
{
	if (dev->stats.rx_nohandler)
		g_string_append_printf(line, "%s%s %" G_GUINT64_FORMAT, line->len ? ", " : "",
				       dev->name, dev->stats.rx_nohandler);
}

/*
 * The drops a device counts that its dropped column does not: ip -s link
 * shows tx_dropped and rx_dropped, and neither a qdisc's drops (tc -s
 * qdisc) nor the neighbour queue's (ip -s neigh, unresolved_discards).
 * Without this line a host that lost thousands of frames shows 0.
 */
static void text_uncounted_drops(GString *line, const struct netdev *dev)
{
	static const enum drop_reason uncounted[] = {
		DROP_QUEUE_FULL, DROP_CARRIER_DOWN, DROP_ARP_QUEUE_FULL, DROP_ARP_FAILED,
	};

	for (guint i = 0; i < G_N_ELEMENTS(uncounted); i++)
		if (dev->drops[uncounted[i]])
			g_string_append_printf(line, "%s%s %s %" G_GUINT64_FORMAT,
					       line->len ? ", " : "", dev->name,
					       drop_reason_names[uncounted[i]],
					       dev->drops[uncounted[i]]);
}

static void text_ethtool(const struct world_host *h, GString *out);

/* /proc/net/vlan/config, as Linux 6.1 prints it (VLAN_NAME_TYPE_RAW_PLUS_VID_NO_PAD). */
static void text_vlan_config(const struct world_host *h, GString *out)
{
	g_string_append(out, "  /proc/net/vlan/config:\n"
			     "    VLAN Dev name	 | VLAN ID\n"
			     "    Name-Type: VLAN_NAME_TYPE_RAW_PLUS_VID_NO_PAD\n");
	for (guint k = 0; k < h->vlans->len; k++) {
		const struct vlan_dev *v = g_ptr_array_index(h->vlans, k);

		g_string_append_printf(out, "    %-15s| %d  | %s\n", v->dev.name, v->vid,
				       v->real->name);
	}
}

void report_text_host(const struct world *w, const struct world_host *h, GString *out)
{
	const struct sim_log *log = &h->host->log;

	g_string_append_printf(out, "\n== Host %s\n", h->name);
	g_string_append_printf(out, "  %-10s %-17s %10s %14s %10s %14s %10s %10s\n", "interface",
			       "mac", "tx_frames", "tx_bytes", "rx_frames", "rx_bytes", "rx_dropped",
			       "tx_dropped");
	for (guint k = 0; k < h->bonds->len; k++)
		text_dev_row(out, &((const struct bond *)g_ptr_array_index(h->bonds, k))->dev);
	for (guint k = 0; h->vlans && k < h->vlans->len; k++)
		text_dev_row(out, &((const struct vlan_dev *)g_ptr_array_index(h->vlans, k))->dev);
	for (guint k = 0; k < h->nics->len; k++)
		text_dev_row(out, &((const struct nic *)g_ptr_array_index(h->nics, k))->dev);
	if (h->vlans)
		text_vlan_config(h, out);
	{
		GString *line = g_string_new(NULL);

		for (guint k = 0; k < h->bonds->len; k++)
			text_uncounted_drops(line, &((const struct bond *)g_ptr_array_index(h->bonds, k))->dev);
		for (guint k = 0; k < h->nics->len; k++)
			text_uncounted_drops(line, &((const struct nic *)g_ptr_array_index(h->nics, k))->dev);
		if (line->len)
			g_string_append_printf(out, "  also dropped, not in ip -s link's count: %s\n",
					       line->str);
		g_string_truncate(line, 0);
		for (guint k = 0; k < h->bonds->len; k++)
			text_nohandler(line, &((const struct bond *)g_ptr_array_index(h->bonds, k))->dev);
		for (guint k = 0; k < h->nics->len; k++)
			text_nohandler(line, &((const struct nic *)g_ptr_array_index(h->nics, k))->dev);
		if (line->len)
			g_string_append_printf(out,
					       "  rx_nohandler (ip -s -s link; not in rx_dropped): %s\n",
					       line->str);
		g_string_free(line, TRUE);
	}
	for (guint k = 0; k < h->nics->len; k++) {
		const struct nic *n = g_ptr_array_index(h->nics, k);

		if (!nic_hdx_counters(n))
			continue;
		g_string_append_printf(out, "  %s, ", n->dev.name);
		nic_hdx_describe(n, out);
		g_string_append(out, " (ip -s -s link): ");
		hdx_counters_text(nic_hdx_counters(n), out);
		g_string_append_c(out, '\n');
	}
	for (guint k = 0; k < h->bonds->len; k++) {
		const struct bond *b = g_ptr_array_index(h->bonds, k);

		const struct world_bond *c = world_bond_ctx(w, b);
		char at[32], mon[48], act[8 + NETDEV_NAME_MAX];

		/* the monitor it runs: MII, ARP, or none */
		if (b->params.arp_interval && !b->params.miimon)
			g_snprintf(mon, sizeof(mon), "arp_interval %d ms", b->params.arp_interval);
		else
			g_snprintf(mon, sizeof(mon), "miimon %d ms", b->params.miimon);
		/* an active slave only where the mode has one: /proc and sysfs
		 * show none in balance-rr, xor, broadcast and 802.3ad either */
		if (bond_uses_primary(b))
			g_snprintf(act, sizeof(act), ", active %s",
				   b->curr_active ? b->curr_active->dev->name : "none");
		else
			act[0] = '\0';
		g_string_append_printf(out, "  %s: mode %s, %s, %u slave%s%s, opened at %s (%s)\n",
				       b->dev.name, bond_mode_name(b->params.mode), mon,
				       b->slaves->len, b->slaves->len == 1 ? "" : "s", act,
				       sim_time_format(c->open_at, at, sizeof(at)),
				       c->open_pinned ? "pinned by open_at" : "drawn from the seed");
		g_string_append_printf(out, "    %-8s %-5s %10s %14s %10s %19s %8s\n", "slave", "link",
				       "tx_frames", "tx_bytes", "rx_frames", "rx_dropped_inactive",
				       "failures");
		for (guint i = 0; i < b->slaves->len; i++) {
			const struct slave *s = bond_slave(b, i);

			g_string_append_printf(out,
					       "    %-8s %-5s %10" G_GUINT64_FORMAT " %14" G_GUINT64_FORMAT
					       " %10" G_GUINT64_FORMAT " %19" G_GUINT64_FORMAT " %8u\n",
					       s->dev->name, report_slave_link_name(s->link),
					       s->dev->stats.tx_packets, s->dev->stats.tx_bytes,
					       s->dev->stats.rx_packets, bond_slave_rx_dropped_inactive(s),
					       s->link_failure_count);
		}
	}
	text_flow_slaves(w, h, out);
	if (h->notes->len) {
		g_string_append(out, "  configuration notes (how bondsim read the files; not in the "
				     "kernel log):\n");
		for (guint i = 0; i < h->notes->len; i++)
			g_string_append_printf(out, "    %s\n", (const char *)h->notes->pdata[i]);
	}
	if (log->lines->len) {
		guint shown = MIN(log->lines->len, 30u);

		g_string_append(out, "  kernel log:\n");
		for (guint i = 0; i < shown; i++) {
			g_string_append(out, "    ");
			sim_log_format_line(&g_array_index(log->lines, struct sim_log_line, i), out);
			g_string_append_c(out, '\n');
		}
		if (shown < log->lines->len)
			g_string_append_printf(out, "    ... %u more lines (see logs/%s.log)\n",
					       log->lines->len - shown, h->name);
	}
	text_ethtool(h, out);
}

/*
 * "ethtool eth0" as typed during the run, then at the end for each NIC
 * whose speed and duplex are not simply negotiated: its own settings, a
 * cable with something to say, or one that renegotiated.
 */
static void text_ethtool(const struct world_host *h, GString *out)
{
	char t[32];

	for (guint i = 0; h->shows && i < h->shows->len; i++) {
		const struct host_show *sh = g_ptr_array_index(h->shows, i);

		g_string_append_printf(out, "\n%s# %s    (at %s)\n", h->name, sh->command,
				       sim_time_format(sh->at, t, sizeof(t)));
		g_string_append(out, sh->text);
	}
	for (guint k = 0; k < h->nics->len; k++) {
		const struct nic *n = g_ptr_array_index(h->nics, k);

		if (!report_nic_phy_matters(n))
			continue;
		g_string_append_printf(out, "\n%s# ethtool %s    (end of run, %s)\n", h->name,
				       n->dev.name, sim_time_format(n->dev.sim->now, t, sizeof(t)));
		nic_ethtool_text(n, out);
	}
}

bool report_nic_phy_matters(const struct nic *n)
{
	const struct link *l = nic_link(n);

	return !autoneg_is_default(&n->an) || (l && (l->negotiation || l->renegotiations));
}

