/*
 * sysfs_out.c - each host's /sys/class/net and /proc/net under --out.
 *
 * DOC: Monitoring agents read files, so bondsim leaves the files a real host
 * would have, in the kernel's exact formats (bond_sysfs.c, netdev_sysfs.c,
 * bond_proc.c), one tree per host, shaped so that a collector pointed at it
 * (node_exporter --path.sysfs=out/sysfs/server) reads it as it reads /sys:
 *
 *   sysfs/HOST/class/net/bonding_masters        "bond0\n" (hosts with bonds)
 *   sysfs/HOST/class/net/BOND -> ../../devices/virtual/net/BOND
 *   sysfs/HOST/class/net/NIC -> ../../devices/pci0000:00/0000:00:03.0/net/NIC
 *   DEVDIR/{operstate,carrier,address,speed,...}, DEVDIR/statistics/...
 *   devices/virtual/net/BOND/bonding/{mode,slaves,active_slave,...}
 *   devices/virtual/net/BOND/lower_NIC -> ../../../pci0000:00/0000:00:03.0/net/NIC
 *   NICDIR/{master,upper_BOND} -> ../../../../virtual/net/BOND
 *   NICDIR/device -> ../../../0000:00:03.0 (what scripts test to tell a
 *                     physical NIC from a virtual device)
 *   NICDIR/bonding_slave/{state,mii_status,...}
 *   proc/HOST/net/dev
 *   proc/HOST/net/bonding/BOND
 *
 * A bond is a virtual device; a host's NICs are PCI functions 0000:00:03.0,
 * 0000:00:04.0, ... in the order they were made, as a virtual machine's
 * NICs usually are.  The symlinks are relative, as the kernel's are, so
 * the tree can be moved.
 *
 * "TIME snapshot" in [faults] renders the same tree at that moment, kept in
 * memory until the end, written as sysfs@2.000s/HOST and proc@2.000s/HOST.
 */
#include <string.h>
#include "sysfs_out.h"
#include "link/hdx.h"
#include "link/vlan_dev.h"

static void entry_free(void *p)
{
	struct sysfs_entry *e = p;

	g_free(e->rel);
	g_free(e->text);
	g_free(e->target);
	g_free(e);
}

GPtrArray *sysfs_tree_new(void)
{
	return g_ptr_array_new_with_free_func(entry_free);
}

static void add_file(GPtrArray *tree, char *rel, const char *text)
{
	struct sysfs_entry *e = g_new0(struct sysfs_entry, 1);

	e->rel = rel;
	e->text = g_strdup(text);
	g_ptr_array_add(tree, e);
}

static void add_link(GPtrArray *tree, char *rel, char *target)
{
	struct sysfs_entry *e = g_new0(struct sysfs_entry, 1);

	e->rel = rel;
	e->target = target;
	g_ptr_array_add(tree, e);
}

/* @files (struct sysfs_file) under @dir. */
static void add_files(GPtrArray *tree, const char *dir, GPtrArray *files)
{
	for (guint i = 0; i < files->len; i++) {
		const struct sysfs_file *f = g_ptr_array_index(files, i);

		add_file(tree, g_strdup_printf("%s/%s", dir, f->name), f->text);
	}
}

/* The PCI function of a host's @i-th NIC: slot 3 on, 32 slots a bus. */
static char *nic_pci(guint i)
{
	return g_strdup_printf("0000:%02x:%02x.0", (i + 3) / 32, (i + 3) % 32);
}

/* Where @dev sits under devices/ (the part after "devices/"). */
static char *dev_path(const struct world_host *h, const struct netdev *dev)
{
	for (guint i = 0; i < h->nics->len; i++) {
		if (g_ptr_array_index(h->nics, i) == (const void *)dev) {
			char *pci = nic_pci(i);
			char *p = g_strdup_printf("pci0000:00/%s/net/%s", pci, dev->name);

			g_free(pci);
			return p;
		}
	}
	return g_strdup_printf("virtual/net/%s", dev->name);
}

/*
 * A VLAN device: virtual, with its real device's speed and duplex (the
 * 8021q module asks the real device's ethtool), lower_<real> and, in the
 * real device's folder, upper_<vlan>.
 */
static void vlan_tree(struct world_host *h, struct vlan_dev *v, const char *sys,
		      const char *devices, GPtrArray *files, GPtrArray *tree)
{
	char *path = dev_path(h, &v->dev);
	char *real_path = dev_path(h, v->real);
	char *dir = g_strdup_printf("%s/%s", devices, path);
	struct bond *b = world_find_bond(h, v->real->name);
	int speed;
	const char *duplex;

	g_ptr_array_set_size(files, 0);
	if (b)
		bond_ethtool(b, &speed, &duplex);
	else
		netdev_ethtool(v->real, &speed, &duplex);
	netdev_sysfs_show(&v->dev, true, speed, duplex, NULL, files);
	add_files(tree, dir, files);
	add_link(tree, g_strdup_printf("%s/lower_%s", dir, v->real->name),
		 g_strdup_printf("../../../%s", real_path));
	add_link(tree, g_strdup_printf("%s/%s/upper_%s", devices, real_path, v->dev.name),
		 g_strdup_printf("../../../%s", path));
	add_link(tree, g_strdup_printf("%s/%s/class/net/%s", sys, h->name, v->dev.name),
		 g_strdup_printf("../../devices/%s", path));
	g_free(dir);
	g_free(real_path);
	g_free(path);
}

static void host_tree(struct world_host *h, const char *sys, const char *proc, GPtrArray *tree)
{
	char *devices = g_strdup_printf("%s/%s/devices", sys, h->name);
	GPtrArray *files = sysfs_files_new();
	GString *s = g_string_new(NULL);

	if (h->bonds->len) {
		for (guint i = 0; i < h->bonds->len; i++)
			g_string_append_printf(s, "%s ",
					       ((struct bond *)g_ptr_array_index(h->bonds, i))->dev.name);
		s->str[s->len - 1] = '\n';
		add_file(tree, g_strdup_printf("%s/%s/class/net/bonding_masters", sys, h->name),
			 s->str);
	}
	/* the NICs, then the bonds: the order they were made in, as ifindex */
	for (guint i = 0; i < h->nics->len + h->bonds->len; i++) {
		bool is_bond = i >= h->nics->len;
		struct netdev *dev = is_bond ? g_ptr_array_index(h->bonds, i - h->nics->len)
					     : g_ptr_array_index(h->nics, i);
		char *path = dev_path(h, dev);
		char *dir = g_strdup_printf("%s/%s", devices, path);
		int speed;
		const char *duplex;

		g_ptr_array_set_size(files, 0);
		if (is_bond) {
			struct bond *b = (struct bond *)dev;

			struct hdx_counters errs;

			bond_ethtool(b, &speed, &duplex);
			netdev_sysfs_show(dev, b->up, speed, duplex,
					  bond_error_counters(b, &errs) ? &errs : NULL, files);
			bond_sysfs_show(b, files);
			for (guint k = 0; k < b->slaves->len; k++) {
				const struct netdev *sl = bond_slave(b, k)->dev;
				char *sl_path = dev_path(h, sl);

				add_link(tree, g_strdup_printf("%s/lower_%s", dir, sl->name),
					 g_strdup_printf("../../../%s", sl_path));
				g_free(sl_path);
			}
		} else {
			char *pci = nic_pci(i);

			netdev_ethtool(dev, &speed, &duplex);
			netdev_sysfs_show(dev, true, speed, duplex, dev->hdx_stats, files);
			add_link(tree, g_strdup_printf("%s/device", dir),
				 g_strdup_printf("../../../%s", pci));
			g_free(pci);
			if (dev->master) {
				struct bond *b = (struct bond *)dev->master;
				const struct slave *sl = bond_find_slave(b, dev->name);

				if (sl)
					bond_sysfs_slave_show(b, sl, files);
				add_link(tree, g_strdup_printf("%s/master", dir),
					 g_strdup_printf("../../../../virtual/net/%s", b->dev.name));
				add_link(tree, g_strdup_printf("%s/upper_%s", dir, b->dev.name),
					 g_strdup_printf("../../../../virtual/net/%s", b->dev.name));
			}
		}
		add_files(tree, dir, files);
		add_link(tree, g_strdup_printf("%s/%s/class/net/%s", sys, h->name, dev->name),
			 g_strdup_printf("../../devices/%s", path));
		g_free(path);
		g_free(dir);
	}
	for (guint i = 0; h->vlans && i < h->vlans->len; i++)
		vlan_tree(h, g_ptr_array_index(h->vlans, i), sys, devices, files, tree);
	g_string_truncate(s, 0);
	netdev_proc_net_dev_header(s);
	for (guint i = 0; i < h->nics->len; i++) {
		const struct netdev *dev = g_ptr_array_index(h->nics, i);

		netdev_proc_net_dev_line(dev, dev->hdx_stats, s);
	}
	for (guint i = 0; i < h->bonds->len; i++) {
		const struct bond *b = g_ptr_array_index(h->bonds, i);
		struct hdx_counters errs;

		netdev_proc_net_dev_line(&b->dev, bond_error_counters(b, &errs) ? &errs : NULL, s);
	}
	for (guint i = 0; h->vlans && i < h->vlans->len; i++)
		netdev_proc_net_dev_line(&((const struct vlan_dev *)g_ptr_array_index(h->vlans, i))->dev,
					 NULL, s);
	add_file(tree, g_strdup_printf("%s/%s/net/dev", proc, h->name), s->str);
	if (h->vlans) {
		/* vlanproc.c's config file, VLAN_NAME_TYPE_RAW_PLUS_VID_NO_PAD */
		g_string_assign(s, "VLAN Dev name\t | VLAN ID\n"
				   "Name-Type: VLAN_NAME_TYPE_RAW_PLUS_VID_NO_PAD\n");
		for (guint i = 0; i < h->vlans->len; i++) {
			const struct vlan_dev *v = g_ptr_array_index(h->vlans, i);

			g_string_append_printf(s, "%-15s| %d  | %s\n", v->dev.name, v->vid,
					       v->real->name);
		}
		add_file(tree, g_strdup_printf("%s/%s/net/vlan/config", proc, h->name), s->str);
	}
	for (guint i = 0; i < h->bonds->len; i++) {
		struct bond *b = g_ptr_array_index(h->bonds, i);

		g_string_truncate(s, 0);
		bond_proc_dump(b, s);
		add_file(tree, g_strdup_printf("%s/%s/net/bonding/%s", proc, h->name, b->dev.name),
			 s->str);
	}
	g_string_free(s, TRUE);
	g_ptr_array_free(files, TRUE);
	g_free(devices);
}

void sysfs_tree_world(struct world *w, const char *sys, const char *proc, GPtrArray *tree)
{
	for (guint i = 0; i < w->hosts->len; i++)
		host_tree(g_ptr_array_index(w->hosts, i), sys, proc, tree);
}

char *sysfs_dir_at(const char *base, sim_time_t at)
{
	if (at % SIM_MS == 0)
		return g_strdup_printf("%s@%" G_GINT64_FORMAT ".%03" G_GINT64_FORMAT "s", base,
				       (gint64)(at / SIM_S), (gint64)(at % SIM_S / SIM_MS));
	return g_strdup_printf("%s@%" G_GINT64_FORMAT ".%09" G_GINT64_FORMAT "s", base,
			       (gint64)(at / SIM_S), (gint64)(at % SIM_S));
}

void sysfs_take_snapshot(void *arg, struct fault *f)
{
	struct world *w = arg;
	GPtrArray *tree = g_ptr_array_index(w->sys_snapshots, f->count);
	char *sys = sysfs_dir_at("sysfs", f->at), *proc = sysfs_dir_at("proc", f->at);

	sysfs_tree_world(w, sys, proc, tree);
	g_free(sys);
	g_free(proc);
}

static gboolean write_tree(struct output *o, const GPtrArray *tree, GError **error)
{
	for (guint i = 0; i < tree->len; i++) {
		const struct sysfs_entry *e = g_ptr_array_index(tree, i);

		if (e->target ? !output_add_symlink(o, e->rel, e->target, error)
			      : !output_add(o, e->rel, e->text, strlen(e->text), error))
			return FALSE;
	}
	return TRUE;
}

gboolean sysfs_write_out(struct world *w, struct output *o, GError **error)
{
	GPtrArray *tree = sysfs_tree_new();
	gboolean ok;

	sysfs_tree_world(w, "sysfs", "proc", tree);
	ok = write_tree(o, tree, error);
	g_ptr_array_free(tree, TRUE);
	for (guint i = 0; ok && i < w->sys_snapshots->len; i++)
		ok = write_tree(o, g_ptr_array_index(w->sys_snapshots, i), error);
	return ok;
}
