/*
 * netdev_sysfs.c - a device as /sys/class/net/DEV and /proc/net/dev show it.
 *
 * DOC: Monitoring (node_exporter, collectd, check_bond scripts) reads files,
 * not a simulator's report, so a run can leave behind the files a real host
 * would have.  The formats are those of Linux 6.1, read from
 * net/core/net-sysfs.c and net/core/net-procfs.c:
 *
 *   operstate   "up" with carrier, "down" without or while the device is down
 *   carrier     "1" / "0"        (EINVAL while the device is down: no file)
 *   speed       "%d" in Mb/s, -1 for SPEED_UNKNOWN        (same)
 *   duplex      "full" / "half" / "unknown"               (same)
 *   address     "%pM"; broadcast "ff:ff:ff:ff:ff:ff"; addr_len 6; type 1
 *   mtu         1500 (bondsim does not model the MTU)
 *   statistics/ the 24 counters of rtnl_link_stats64, "%lu"; those bondsim
 *               does not count (errors, fifo, crc, multicast ...) are 0
 *
 * /proc/net/dev is dev_seq_show(): a two-line header, then per device
 * "%6s:%8llu %7llu %4llu %4llu %4llu %5llu %10llu %9llu" for receive and
 * "%8llu %7llu %4llu %4llu %4llu %5llu %7llu %10llu" for transmit.
 */
#include <stdarg.h>
#include "netdev.h"
#include "hdx.h"

static void sysfs_file_free(void *p)
{
	struct sysfs_file *f = p;

	g_free(f->name);
	g_free(f->text);
	g_free(f);
}

GPtrArray *sysfs_files_new(void)
{
	return g_ptr_array_new_with_free_func(sysfs_file_free);
}

void sysfs_file_add(GPtrArray *files, const char *name, const char *fmt, ...)
{
	struct sysfs_file *f = g_new0(struct sysfs_file, 1);
	va_list ap;

	va_start(ap, fmt);
	f->name = g_strdup(name);
	f->text = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	g_ptr_array_add(files, f);
}

void netdev_ethtool(const struct netdev *dev, int *speed_mbps, const char **duplex)
{
	if (!dev->carrier || !dev->speed_bps) {
		*speed_mbps = -1;
		*duplex = "unknown";
		return;
	}
	*speed_mbps = (int)(dev->speed_bps / 1000000);
	*duplex = dev->full_duplex ? "full" : "half";
}

void netdev_sysfs_show(const struct netdev *dev, bool running, int speed_mbps,
		       const char *duplex, const struct hdx_counters *errs, GPtrArray *files)
{
	const struct netdev_stats *st = &dev->stats;
	const struct hdx_counters none = { 0 }, *c = errs ? errs : &none;
	char mac[18];
	/* rtnl_link_stats64 as net-sysfs.c names them; 0 where bondsim counts
	 * nothing.  rx_errors and tx_errors hold the errors below them that
	 * are counted (a half-duplex cable's, hdx.h), as drivers sum them. */
	const struct {
		const char *name;
		uint64_t v;
	} stats[] = {
		{ "collisions", c->collisions },
		{ "multicast", 0 },
		{ "rx_bytes", st->rx_bytes },
		{ "rx_compressed", 0 },
		{ "rx_crc_errors", c->rx_crc_errors },
		{ "rx_dropped", st->rx_dropped },
		{ "rx_errors", c->rx_crc_errors },
		{ "rx_fifo_errors", 0 },
		{ "rx_frame_errors", 0 },
		{ "rx_length_errors", 0 },
		{ "rx_missed_errors", 0 },
		{ "rx_nohandler", st->rx_nohandler },
		{ "rx_over_errors", 0 },
		{ "rx_packets", st->rx_packets },
		{ "tx_aborted_errors", c->tx_aborted_errors },
		{ "tx_bytes", st->tx_bytes },
		{ "tx_carrier_errors", 0 },
		{ "tx_compressed", 0 },
		{ "tx_dropped", st->tx_dropped },
		{ "tx_errors", c->tx_aborted_errors + c->tx_window_errors },
		{ "tx_fifo_errors", 0 },
		{ "tx_heartbeat_errors", 0 },
		{ "tx_packets", st->tx_packets },
		{ "tx_window_errors", c->tx_window_errors },
	};

	sysfs_file_add(files, "addr_len", "6\n");
	sysfs_file_add(files, "address", "%s\n", mac_format(dev->mac, mac));
	sysfs_file_add(files, "broadcast", "%s\n", mac_format(mac_broadcast, mac));
	if (running) {
		sysfs_file_add(files, "carrier", "%d\n", dev->carrier ? 1 : 0);
		sysfs_file_add(files, "duplex", "%s\n", duplex);
		sysfs_file_add(files, "speed", "%d\n", speed_mbps);
	}
	sysfs_file_add(files, "mtu", "1500\n");
	sysfs_file_add(files, "operstate", "%s\n", running && dev->carrier ? "up" : "down");
	sysfs_file_add(files, "type", "1\n");
	for (size_t i = 0; i < G_N_ELEMENTS(stats); i++) {
		char name[64];

		g_snprintf(name, sizeof(name), "statistics/%s", stats[i].name);
		sysfs_file_add(files, name, "%" G_GUINT64_FORMAT "\n", (guint64)stats[i].v);
	}
}

void netdev_proc_net_dev_header(GString *out)
{
	g_string_append(out, "Inter-|   Receive                                                |  Transmit\n"
			     " face |bytes    packets errs drop fifo frame compressed multicast|"
			     "bytes    packets errs drop fifo colls carrier compressed\n");
}

void netdev_proc_net_dev_line(const struct netdev *dev, const struct hdx_counters *errs,
			      GString *out)
{
	const struct netdev_stats *st = &dev->stats;
	const struct hdx_counters none = { 0 }, *c = errs ? errs : &none;
	guint64 z = 0;

	g_string_append_printf(out,
			       "%6s:%8" G_GUINT64_FORMAT " %7" G_GUINT64_FORMAT " %4" G_GUINT64_FORMAT
			       " %4" G_GUINT64_FORMAT " %4" G_GUINT64_FORMAT " %5" G_GUINT64_FORMAT
			       " %10" G_GUINT64_FORMAT " %9" G_GUINT64_FORMAT,
			       dev->name, (guint64)st->rx_bytes, (guint64)st->rx_packets,
			       (guint64)c->rx_crc_errors, (guint64)st->rx_dropped, z, z, z, z);
	g_string_append_printf(out,
			       " %8" G_GUINT64_FORMAT " %7" G_GUINT64_FORMAT " %4" G_GUINT64_FORMAT
			       " %4" G_GUINT64_FORMAT " %4" G_GUINT64_FORMAT " %5" G_GUINT64_FORMAT
			       " %7" G_GUINT64_FORMAT " %10" G_GUINT64_FORMAT "\n",
			       (guint64)st->tx_bytes, (guint64)st->tx_packets,
			       (guint64)(c->tx_aborted_errors + c->tx_window_errors),
			       (guint64)st->tx_dropped, z, (guint64)c->collisions, z, z);
}
