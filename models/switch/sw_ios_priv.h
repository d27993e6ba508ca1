/*
 * sw_ios_priv.h - what sw_ios.c (the reader, interface names) shares with
 * sw_ios_if.c (the interface-mode commands) and sw_ios_global.c (the
 * global commands).
 */
#ifndef BONDSIM_SW_IOS_PRIV_H
#define BONDSIM_SW_IOS_PRIV_H

#include "sw_ios.h"

#define SW_IOS_MAX_GROUP 4096
#define SW_IOS_MAX_IFS 4096		/* interfaces per config */
#define SW_IOS_MAX_DESCRIPTION 240

struct sw_ios_reader {
	const char *file;
	int line;
	struct sw_ios *c;
	GPtrArray *cur;		/* struct sw_ios_if * in interface mode, else NULL */
	char *cur_text;		/* "interface GigabitEthernet0/1" */
	bool ended;
	const char *text;	/* the line being read */
	GHashTable *by_name;	/* name -> struct sw_ios_if * of c->ifs (lookup only) */
	bool in_domain;		/* in "vpc domain N" or "mlag configuration" (c->domain) */
	enum sw_ios_peering_kind sub;	/* in "vlan N" (VLAN) or "interface VlanN" (SVI) */
	uint16_t sub_vlan;		/* 0: in a "vlan LIST" of several VLANs */
	const char *sub_line;		/* that "vlan LIST" line (c->peering keeps it) */
};

/* "file:line: message" into @error; FALSE. */
gboolean sw_ios_fail(struct sw_ios_reader *r, GError **error, const char *fmt, ...)
	G_GNUC_PRINTF(3, 4);
/* @word is keyword @kw (any case). */
bool sw_ios_is(const char *word, const char *kw);
/*
 * What may follow "spanning-tree portfast" under an interface: nothing,
 * "edge", "trunk" or "edge trunk" (IOS 15.2's words, and the older ones).
 */
static inline bool portfast_words(char **w, int n)
{
	int k = n > 0 && sw_ios_is(w[0], "edge") ? 1 : 0;

	return n == k || (n == k + 1 && sw_ios_is(w[k], "trunk"));
}
/* A whole number from @lo to @hi, digits only. */
bool sw_ios_number(const char *w, guint64 lo, guint64 hi, guint64 *out);
/* The command has @want words (@n), else an error with @example. */
gboolean sw_ios_want_words(struct sw_ios_reader *r, int n, int want, const char *cmd,
			   const char *example, GError **error);
gboolean sw_ios_num_arg(struct sw_ios_reader *r, const char *w, guint64 lo, guint64 hi,
			const char *what, guint64 *out, GError **error);
/* Back to global mode. */
void sw_ios_leave(struct sw_ios_reader *r);
/* "Port-Channel10", "Ethernet1/1": bondsim's short name ("Po10") into *@name. */
gboolean sw_ios_port_name(struct sw_ios_reader *r, const char *text, char **name, bool *is_po,
			  GError **error);
/* A warning at the line being read, for the scenario loader to print. */
void sw_ios_note(struct sw_ios_reader *r, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

/*
 * sw_ios_vpc.c: "feature", "vpc domain N", "mlag configuration" (global:
 * sw_ios_domain_global) and the commands under the two (sw_ios_domain_cmd);
 * *@known false when the line is not one.  sw_ios_domain_check() runs once
 * the text is read (what one config must have: a peer link, a keepalive).
 */
extern const char *const sw_ios_vpc_commands[], *const sw_ios_eos_commands[];
extern const char *const sw_ios_vpc_words[], *const sw_ios_eos_words[];	/* first words */
gboolean sw_ios_domain_global(struct sw_ios_reader *r, char **w, int n, bool *known,
			      GError **error);
gboolean sw_ios_domain_cmd(struct sw_ios_reader *r, char **w, int n, bool *known,
			   GError **error);
gboolean sw_ios_domain_check(struct sw_ios_reader *r, GError **error);
void sw_ios_domain_free(struct sw_ios_domain *d);
/* The domain's lines of "show running-config": @head after the hostname, else the block. */
void sw_ios_domain_running(const struct sw_ios *c, bool head, GString *out);

/*
 * sw_ios_peering.c: the peer link's VLAN lines, kept as read and judged by
 * sw_ios_peering_check() once the domain is (a warning each, or refused).
 * sw_ios_peering_trunk(): a trunk "switchport" line or "spanning-tree port
 * type network" in interface mode;
 * sw_ios_peering_svi(): "interface VlanN" (@rest after "interface");
 * sw_ios_peering_global(): "vlan N", "no spanning-tree vlan-id N";
 * sw_ios_peering_cmd(): a line under "vlan N" or "interface VlanN".
 * Each sets *@known false when the line is not one.
 */
gboolean sw_ios_peering_trunk(struct sw_ios_reader *r, char **w, int n, bool *known,
			      GError **error);
gboolean sw_ios_peering_svi(struct sw_ios_reader *r, const char *rest, bool *known,
			    GError **error);
gboolean sw_ios_peering_global(struct sw_ios_reader *r, char **w, int n, bool *known,
			       GError **error);
gboolean sw_ios_peering_cmd(struct sw_ios_reader *r, char **w, int n, bool *known,
			    GError **error);
gboolean sw_ios_peering_check(struct sw_ios_reader *r, GError **error);
/* What "vlan N" or "interface VlanN" takes under it, for an unknown line there. */
const char *sw_ios_peering_commands(const struct sw_ios_reader *r);
void sw_ios_peering_free(GPtrArray *peering);

/*
 * sw_ios_if.c: @w (@n words, @line the whole line) as an interface-mode
 * command for the interfaces in r->cur.  *@known is false (and nothing
 * set) when it is not one: the caller tries it as a global command.
 */
gboolean sw_ios_iface(struct sw_ios_reader *r, char **w, int n, const char *line, bool *known,
		      GError **error);

/*
 * sw_ios_vlan.c: a switchport VLAN line in interface mode (*@known false
 * when it is none); sw_ios_vlan_apply() builds the ports' VLANs and the
 * VLANs "vlan N" defines; sw_ios_vlan_running() writes a port's lines back.
 */
gboolean sw_ios_vlan_iface(struct sw_ios_reader *r, char **w, int n, bool *known,
			   GError **error);
gboolean sw_ios_vlan_apply(const struct sw_ios *c, struct sw *sw, GError **error);
void sw_ios_vlan_running(const struct sw *sw, const char *name, const char *peer_link,
			 GString *out);
void sw_ios_vlan_running_global(const struct sw *sw, GString *out);
/* The peer link's VLANs are a trunk of all, native 1, as it is without any line. */
bool sw_ios_vlan_if_default_trunk(const struct sw_ios_if *i);

/* sw_ios_global.c: global commands, for sw_ios.c's global() */
gboolean sw_ios_cmd_load_balance(struct sw_ios_reader *r, const char *method, GError **error);
gboolean sw_ios_cmd_errdisable(struct sw_ios_reader *r, char **w, int n, GError **error);
gboolean sw_ios_cmd_mac(struct sw_ios_reader *r, char **w, int n, GError **error);
/* spanning-tree portfast default / vlan N forward-time: *known when it was one */
gboolean sw_ios_global_stp(struct sw_ios_reader *r, char **w, int n, bool *known, GError **error);
/* a line bondsim takes with a note, and *why it changes nothing */
bool sw_ios_ignored_global(char **w, int n, const char **why);

#endif
