/*
 * sw_admin.c - what is done to a switch's ports from outside the packet
 * path: shutdown, err-disable and its recovery, a reload, and the settings
 * a port keeps (speed and duplex, orphan-port suspend).
 *
 * Every change ends in port_apply(), which makes the port's PHY agree
 * with its state: a port that is down for any reason takes the carrier
 * from the far end too, as a real port's dark PHY does.  The console
 * lines are IOS's (switch.c's DOC lists them).
 */
#include "sw_ifname.h"
#include "sw_priv.h"

/* What sw_port_forwarding() reads of the port's configured state. */
static void port_admin_update(struct sw_port *p)
{
	p->admin_down = p->shutdown || p->errdisabled || p->sw->reloading;
	sw_port_sync_out(p);
}

/* Make the NIC's PHY agree with the port's state: down takes the peer's carrier too. */
static void port_apply(struct sw_port *p)
{
	bool down;

	port_admin_update(p);
	down = p->admin_down || p->orphan_suspended ||
	       (p->lag && (p->lag->shutdown || p->lag->mlag_suspended));
	if (down == p->phy_down)
		return;
	p->phy_down = down;
	nic_set_failed(p->nic, down);
}

void sw_port_apply(struct sw_port *p)
{
	port_apply(p);
}

void sw_port_set_speed_duplex(struct sw *sw, struct nic *port, uint64_t speed_bps,
			      enum autoneg_duplex duplex)
{
	struct sw_port *p = sw_port_of(sw, port);

	g_assert(p && !nic_link(port));	/* before the cable: it is resolved when laid */
	p->speed_cfg = speed_bps;
	p->duplex_cfg = duplex;
	port->an = autoneg_ios(speed_bps, duplex);
}

void sw_port_change_speed_duplex(struct sw *sw, struct nic *port, int64_t speed_mbps,
				 enum autoneg_duplex duplex, const char *cause)
{
	struct sw_port *p = sw_port_of(sw, port);
	uint32_t list = port->an.advertise;	/* speed auto 10 100 */
	struct autoneg_cfg before = port->an;

	if (speed_mbps >= 0)
		p->speed_cfg = (uint64_t)speed_mbps * 1000000;
	else
		p->duplex_cfg = duplex;
	port->an = autoneg_ios(p->speed_cfg, p->duplex_cfg);
	/* a speed line replaces "speed auto 10 100"; a duplex line leaves it */
	if (speed_mbps < 0)
		port->an.advertise = list;
	/* "speed auto" on an auto port, a duplex IOS does not set under speed
	 * auto: the PHY is left alone */
	if (!autoneg_cfg_equal(&before, &port->an))
		nic_renegotiate(port, cause);
}

void sw_port_speed_duplex(const struct sw *sw, const struct nic *port, uint64_t *speed_bps,
			  enum autoneg_duplex *duplex)
{
	const struct sw_port *p = sw_port_of(sw, port);

	*speed_bps = p->speed_cfg;
	*duplex = p->duplex_cfg;
}

void sw_port_set_orphan_suspend(struct sw *sw, struct nic *port, bool on)
{
	struct sw_port *p = sw_port_of(sw, port);

	g_assert(p);
	p->orphan_suspend = on;
}

void sw_lag_apply_members(struct sw_lag *lag)
{
	for (guint i = 0; i < lag->members->len; i++)
		port_apply(g_ptr_array_index(lag->members, i));
}

void sw_port_set_shutdown(struct sw *sw, struct nic *port, bool shutdown)
{
	struct sw_port *p = sw_port_of(sw, port);
	char name[SW_IFNAME_MAX];

	g_assert(p);
	if (p->shutdown == shutdown)
		return;
	p->shutdown = shutdown;
	if (shutdown) {
		sim_log_printf(&sw->log, sw->sim->now,
			       "%%LINK-5-CHANGED: Interface %s, changed state to "
			       "administratively down",
			       sw_ifname_long(port->dev.name, name, sizeof(name)));
	} else if (p->errdisabled) {
		/* "shutdown" then "no shutdown" is how IOS users clear err-disable. */
		p->errdisabled = false;
		sim_timer_cancel(sw->sim, &p->recover);
	}
	port_apply(p);
}

void sw_lag_set_shutdown(struct sw_lag *lag, bool shutdown)
{
	struct sw *sw = lag->sw;
	char name[SW_IFNAME_MAX];

	if (lag->shutdown == shutdown)
		return;
	lag->shutdown = shutdown;
	if (shutdown)
		sim_log_printf(&sw->log, sw->sim->now,
			       "%%LINK-5-CHANGED: Interface %s, changed state to "
			       "administratively down",
			       sw_ifname_long(lag->name, name, sizeof(name)));
	sw_lag_apply_members(lag);
}

bool sw_port_is_errdisabled(const struct sw *sw, const struct nic *port)
{
	struct sw_port *p = sw_port_of(sw, port);

	g_assert(p);
	return p->errdisabled;
}

static void errdisable_port(struct sw *sw, struct sw_port *p, const char *where,
			    const char *cause)
{
	char at[SW_IFNAME_MAX], port[SW_IFNAME_MAX];

	if (p->errdisabled || p->shutdown)
		return;
	/* PM lines name interfaces in short, as the EC ones do */
	sim_log_printf(&sw->log, sw->sim->now,
		       "%%PM-4-ERR_DISABLE: %s error detected on %s, putting %s in "
		       "err-disable state",
		       cause, sw_ifname_short(where, at, sizeof(at)),
		       sw_ifname_short(p->nic->dev.name, port, sizeof(port)));
	p->errdisabled = true;
	sw->errdisable_events++;
	if (sw->cfg.errdisable_recovery > 0)
		sim_timer_arm_in(sw->sim, &p->recover, sw->cfg.errdisable_recovery);
	port_apply(p);
}

void sw_errdisable(struct sw *sw, struct sw_bport *bp, const char *cause)
{
	if (bp->port) {
		errdisable_port(sw, bp->port, bp->name, cause);
		return;
	}
	/* A port-channel is err-disabled member by member, as IOS does. */
	for (guint i = 0; i < bp->lag->members->len; i++)
		errdisable_port(sw, g_ptr_array_index(bp->lag->members, i), bp->name, cause);
}

void sw_port_recover(struct sim *sim, void *arg)
{
	struct sw_port *p = arg;
	char name[SW_IFNAME_MAX];

	if (!p->errdisabled)
		return;
	sim_log_printf(&p->sw->log, sim->now,
		       "%%PM-4-ERR_RECOVER: Attempting to recover from mac-flap "
		       "err-disable state on %s",
		       sw_ifname_short(p->nic->dev.name, name, sizeof(name)));
	p->errdisabled = false;
	port_apply(p);
}

void sw_reboot(struct sw *sw, sim_time_t downtime)
{
	g_assert(downtime >= 0);
	sim_log_printf(&sw->log, sw->sim->now,
		       "%%SYS-5-RELOAD: Reload requested by console. "
		       "Reload Reason: Reload Command.");
	sim_timer_arm_in(sw->sim, &sw->reload_done, downtime);
	if (sw->reloading)
		return;
	sw->reloading = true;
	for (guint i = 0; i < sw->ports->len; i++)
		port_admin_update(g_ptr_array_index(sw->ports, i));
	sw_fdb_flush_all(sw);
	for (guint i = 0; i < sw->ports->len; i++)
		port_apply(g_ptr_array_index(sw->ports, i));
}

void sw_reload_done(struct sim *sim, void *arg)
{
	struct sw *sw = arg;

	sw->reloading = false;
	sim_log_printf(&sw->log, sim->now, "%%SYS-5-RESTART: System restarted --");
	/* Err-disable does not survive a reload; "shutdown" is in the saved config. */
	for (guint i = 0; i < sw->ports->len; i++) {
		struct sw_port *p = g_ptr_array_index(sw->ports, i);

		p->errdisabled = false;
		port_admin_update(p);
		sim_timer_cancel(sim, &p->recover);
	}
	sw_lacp_reload_done(sw);
	for (guint i = 0; i < sw->ports->len; i++)
		port_apply(g_ptr_array_index(sw->ports, i));
}
