/*
 * hash_cmd.c - `bondsim hash`: the xmit hash of one frame and the slave it picks.
 *
 * DOC: The frame comes either whole (--frame, hex from the destination MAC
 * on, exactly the bytes the bond is handed) or from fields (--smac, --dmac,
 * --ethertype, --src/--dst, --proto, ports...), from which we build a real
 * frame: IPv4 with a correct header checksum (or IPv6), UDP/TCP/ICMP with
 * correct checksums, ARP requests for --ethertype 0x0806.  --fragment makes
 * the first fragment of a datagram (MF set, offset 0, or an IPv6 fragment
 * header), which still carries the ports that the kernel then ignores.
 * --tag puts an 802.1Q tag into the bytes; --vlan is a tag carried outside
 * them (a VLAN device above the bond): vlan+srcmac hashes it, and for a
 * frame that also has a tag in its bytes the VLAN device changes the
 * skb->protocol the other policies start from (WIRE_DISSECT_VLAN_DEV).
 *
 * The result is bond_xmit_hash() and slave = hash % slaves, i.e. the index
 * into the bond's usable-slave array (enslave order, up slaves only), the
 * way balance-xor and 802.3ad pick.  The last line is always
 * `hash=<u32> slave=<n>` so scripts can take it with tail -1.
 *
 * Bad input never reaches the hash: every option is checked and a message
 * naming the option and its valid values goes to stderr, exit code 2.
 */
#if !defined(_GNU_SOURCE) && !defined(_POSIX_C_SOURCE)
#define _POSIX_C_SOURCE 200809L		/* inet_pton */
#endif

#include "sim.h"
#include "hash_cmd.h"
#include "option_hint.h"

#include <arpa/inet.h>
#include <errno.h>
#include <glib.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bond/bond_hash.h"
#include "wire/wire.h"

#define EXIT_USAGE 2
#define FRAME_MAX 65535

#define POLICY_CHOICES "layer2, layer3+4, layer2+3, encap2+3, encap3+4, vlan+srcmac, or 0-5"

struct hash_opts {
	gchar *policy, *slaves, *frame, *frames, *smac, *dmac, *ethertype, *vlan, *vlan_prio, *tag;
	gchar *src, *dst, *proto, *sport, *dport, *icmp_type, *icmp_id, *skb_hash;
	gboolean fragment, verbose, help;
};

/* Room for any --frame; built frames are small (Ethernet+tag+IPv6+fragment+TCP: 86). */
struct fbuf {
	uint8_t b[FRAME_MAX];
	size_t len;
};

struct l3addr {
	int family;		/* 0 (none), 4 or 6 */
	uint8_t src[16], dst[16];
};

static int fail(const char *fmt, ...) G_GNUC_PRINTF(1, 2);

static int fail(const char *fmt, ...)
{
	va_list ap;

	fputs("bondsim hash: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\nTry 'bondsim hash --help'.\n", stderr);
	return EXIT_USAGE;
}

/* Decimal, or hex with 0x; no sign, no spaces, nothing after the number. */
static bool parse_num(const char *s, uint64_t max, uint64_t *out)
{
	unsigned long long v;
	const char *digits = s;
	char *end;
	int base = 10;

	if (s == NULL)
		return false;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		digits = s + 2;
		base = 16;
	}
	if (!g_ascii_isxdigit(digits[0]))
		return false;
	errno = 0;
	v = strtoull(digits, &end, base);
	if (errno != 0 || *end != '\0' || v > max)
		return false;
	*out = v;
	return true;
}

/* "xx:xx:xx:xx:xx:xx" (or with '-'), two hex digits per octet. */
static bool parse_mac(const char *s, uint8_t mac[6])
{
	for (int i = 0; i < 6; i++) {
		const char *p = s + 3 * i;

		if (!g_ascii_isxdigit(p[0]) || !g_ascii_isxdigit(p[1]))
			return false;
		if (i < 5 ? (p[2] != ':' && p[2] != '-') : p[2] != '\0')
			return false;
		mac[i] = (uint8_t)(g_ascii_xdigit_value(p[0]) << 4 | g_ascii_xdigit_value(p[1]));
	}
	return true;
}

/* Hex digits, optionally "0x" first and spaces or ':' '-' '.' between bytes. */
/* @where names the input in messages: "--frame", or "FILE:LINE" for --frames. */
static int parse_hex_frame(const char *s, struct fbuf *f, const char *where)
{
	size_t digits = 0;
	int hi = 0;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	f->len = 0;
	for (size_t i = 0; s[i] != '\0'; i++) {
		char c = s[i];

		/* "..." is an example's ellipsis pasted as it is, not a separator */
		if (c == '.' && s[i + 1] == '.')
			return fail("%s: '...' at position %zu: give the whole frame, every byte, as "
				    "tcpdump -xx or tshark -x prints it", where, i + 1);
		if (c == ' ' || c == '\t' || c == '\n' || c == ':' || c == '-' || c == '.')
			continue;
		if (!g_ascii_isxdigit(c))
			return fail("%s: '%c' at position %zu is not a hex digit", where, c, i + 1);
		if (digits % 2 == 0) {
			hi = g_ascii_xdigit_value(c);
		} else {
			if (f->len == FRAME_MAX)
				return fail("%s: longer than %d bytes", where, FRAME_MAX);
			f->b[f->len++] = (uint8_t)(hi << 4 | g_ascii_xdigit_value(c));
		}
		digits++;
	}
	if (digits == 0)
		return fail("%s: no hex digits", where);
	if (digits % 2 != 0)
		return fail("%s: odd number of hex digits (%zu): each byte takes two", where,
			    digits);
	/* the hash reads the ethertype at least: less is no frame the bond is handed */
	if (f->len < WIRE_ETH_HLEN)
		return fail("%s: %zu byte%s, shorter than an Ethernet header (%d bytes: destination "
			    "MAC, source MAC, ethertype); give the whole frame from the destination "
			    "MAC on", where, f->len, f->len == 1 ? "" : "s", WIRE_ETH_HLEN);
	return 0;
}

static uint8_t *put(struct fbuf *f, size_t n)
{
	uint8_t *p = f->b + f->len;

	memset(p, 0, n);
	f->len += n;
	return p;
}

/* The TCP/UDP/ICMPv6 pseudo-header sum (RFC 768, RFC 8200 8.1), IPv4 or IPv6. */
static uint32_t pseudo_sum(const struct l3addr *a, unsigned proto, size_t len)
{
	size_t alen = a->family == 4 ? 4 : 16;
	uint32_t sum = 0;

	sum = wire_csum_add(sum, a->src, alen);
	sum = wire_csum_add(sum, a->dst, alen);
	return sum + proto + (uint32_t)len;
}

enum {
	PROTO_UDP = WIRE_IPPROTO_UDP,
	PROTO_TCP = WIRE_IPPROTO_TCP,
	PROTO_ICMP = WIRE_IPPROTO_ICMP,
	PROTO_ICMPV6 = WIRE_IPPROTO_ICMPV6,
};

struct l4spec {
	unsigned proto;		/* on the wire: ICMP becomes 58 over IPv6 */
	unsigned sport, dport;
	unsigned icmp_type, icmp_id;
	bool fragment;
};

static void build_l4(struct fbuf *f, const struct l3addr *a, const struct l4spec *l4)
{
	size_t off = f->len;
	size_t len;
	uint8_t *p;
	uint32_t sum;
	unsigned csum_at;

	switch (l4->proto) {
	case PROTO_UDP:
		p = put(f, WIRE_UDP_HLEN);
		wire_wr16(p, (uint16_t)l4->sport);
		wire_wr16(p + 2, (uint16_t)l4->dport);
		wire_wr16(p + WIRE_UDP_OFF_LEN, WIRE_UDP_HLEN);
		csum_at = WIRE_UDP_OFF_CSUM;
		break;
	case PROTO_TCP:
		p = put(f, WIRE_TCP_HLEN);
		wire_wr16(p, (uint16_t)l4->sport);
		wire_wr16(p + 2, (uint16_t)l4->dport);
		wire_wr16(p + 12, 0x5002);	/* 5 words, SYN */
		wire_wr16(p + 14, 65535);
		csum_at = WIRE_TCP_OFF_CSUM;
		break;
	default:		/* ICMP or ICMPv6 echo-style header */
		p = put(f, WIRE_ICMP_HLEN);
		p[0] = (uint8_t)l4->icmp_type;
		wire_wr16(p + WIRE_ICMP_OFF_ID, (uint16_t)l4->icmp_id);
		wire_wr16(p + WIRE_ICMP_OFF_SEQ, 1);
		csum_at = WIRE_ICMP_OFF_CSUM;
		break;
	}
	len = f->len - off;
	sum = l4->proto == PROTO_ICMP ? 0 : pseudo_sum(a, l4->proto, len);
	sum = wire_csum_fold(wire_csum_add(sum, p, len));
	/* UDP sends a computed 0 as 0xffff: 0 means "no checksum" */
	if (l4->proto == PROTO_UDP && sum == 0)
		sum = 0xffff;
	wire_wr16(p + csum_at, (uint16_t)sum);
}

static void build_ipv4(struct fbuf *f, const struct l3addr *a, const struct l4spec *l4)
{
	uint8_t *iph = put(f, WIRE_IPV4_HLEN);
	size_t start = f->len;

	build_l4(f, a, l4);
	iph[0] = 0x45;
	wire_wr16(iph + WIRE_IPV4_OFF_TOT_LEN, (uint16_t)(WIRE_IPV4_HLEN + f->len - start));
	/* MF, offset 0: a first fragment */
	wire_wr16(iph + WIRE_IPV4_OFF_FRAG, l4->fragment ? WIRE_IP_MF : 0);
	iph[8] = 64;
	iph[9] = (uint8_t)l4->proto;
	memcpy(iph + 12, a->src, 4);
	memcpy(iph + 16, a->dst, 4);
	wire_wr16(iph + WIRE_IPV4_OFF_CSUM, wire_csum_fold(wire_csum_add(0, iph, WIRE_IPV4_HLEN)));
}

static void build_ipv6(struct fbuf *f, const struct l3addr *a, const struct l4spec *l4)
{
	uint8_t *ip6h = put(f, WIRE_IPV6_HLEN);
	size_t start = f->len;

	ip6h[0] = 0x60;
	ip6h[6] = (uint8_t)l4->proto;
	ip6h[7] = 64;
	memcpy(ip6h + 8, a->src, 16);
	memcpy(ip6h + 24, a->dst, 16);
	if (l4->fragment) {
		uint8_t *fh = put(f, WIRE_IPV6_FRAG_HLEN);

		ip6h[WIRE_IPV6_OFF_NEXTHDR] = WIRE_IPPROTO_FRAGMENT;
		fh[0] = (uint8_t)l4->proto;
		wire_wr16(fh + 2, 0x0001);	/* offset 0, M set */
		fh[7] = 1;		/* identification */
	}
	build_l4(f, a, l4);
	wire_wr16(ip6h + 4, (uint16_t)(f->len - start));
}

static void build_arp(struct fbuf *f, const uint8_t smac[6], const struct l3addr *a)
{
	uint8_t *p = put(f, WIRE_ARP_LEN);

	wire_wr16(p + WIRE_ARP_OFF_HTYPE, WIRE_ARPHRD_ETHER);
	wire_wr16(p + WIRE_ARP_OFF_PTYPE, WIRE_ETH_P_IP);
	p[WIRE_ARP_OFF_HLEN] = WIRE_ETH_ALEN;
	p[WIRE_ARP_OFF_PLEN] = 4;
	wire_wr16(p + WIRE_ARP_OFF_OP, WIRE_ARP_OP_REQUEST);
	memcpy(p + WIRE_ARP_OFF_SHA, smac, WIRE_ETH_ALEN);
	memcpy(p + WIRE_ARP_OFF_SPA, a->src, 4);
	memcpy(p + WIRE_ARP_OFF_TPA, a->dst, 4);
}

static int parse_addr(const char *opt, const char *s, int *family, uint8_t out[16])
{
	if (inet_pton(AF_INET, s, out) == 1) {
		*family = 4;
		return 0;
	}
	if (inet_pton(AF_INET6, s, out) == 1) {
		*family = 6;
		return 0;
	}
	return fail("%s: '%s' is not an IPv4 or IPv6 address", opt, s);
}

static int parse_u(const char *opt, const char *s, uint64_t max, const char *what, uint64_t *out)
{
	if (!parse_num(s, max, out))
		return fail("%s: '%s' is not %s", opt, s, what);
	return 0;
}

/* Field mode: validate the options and build the frame they describe. */
static int build_from_fields(const struct hash_opts *o, enum bond_xmit_policy policy,
			     struct fbuf *f)
{
	uint8_t smac[6], dmac[6];
	struct l3addr a = { 0 };
	struct l4spec l4 = { .proto = PROTO_UDP };
	uint64_t v, ethertype;
	bool is_ip;
	int rc;

	if (o->smac == NULL || o->dmac == NULL)
		return fail("%s is required without --frame (format xx:xx:xx:xx:xx:xx)",
			    o->smac == NULL ? "--smac" : "--dmac");
	if (!parse_mac(o->smac, smac))
		return fail("--smac: '%s' is not a MAC address (format xx:xx:xx:xx:xx:xx)",
			    o->smac);
	if (!parse_mac(o->dmac, dmac))
		return fail("--dmac: '%s' is not a MAC address (format xx:xx:xx:xx:xx:xx)",
			    o->dmac);

	if ((o->src == NULL) != (o->dst == NULL))
		return fail("--src and --dst go together: give both or neither");
	if (o->src != NULL) {
		int fam_dst = 0;

		if ((rc = parse_addr("--src", o->src, &a.family, a.src)) != 0 ||
		    (rc = parse_addr("--dst", o->dst, &fam_dst, a.dst)) != 0)
			return rc;
		if (fam_dst != a.family)
			return fail("--src and --dst: one is IPv4, the other IPv6");
	}

	ethertype = a.family == 6 ? WIRE_ETH_P_IPV6 : WIRE_ETH_P_IP;
	if (o->ethertype != NULL &&
	    (rc = parse_u("--ethertype", o->ethertype, 0xffff,
			  "an ethertype 0x0000-0xffff (e.g. 0x0800, 0x86dd, 0x0806)",
			  &ethertype)) != 0)
		return rc;
	if (ethertype == WIRE_ETH_P_8021Q || ethertype == WIRE_ETH_P_8021AD)
		return fail("--ethertype 0x%04" PRIx64 ": use --tag N for a tag in the frame bytes "
			    "or --vlan N for one outside them", ethertype);
	if (a.family == 4 && ethertype != WIRE_ETH_P_IP && ethertype != WIRE_ETH_P_ARP)
		return fail("--ethertype 0x%04" PRIx64 " cannot carry IPv4 --src/--dst "
			    "(valid: 0x0800 IPv4, 0x0806 ARP)", ethertype);
	if (a.family == 6 && ethertype != WIRE_ETH_P_IPV6)
		return fail("--ethertype 0x%04" PRIx64 " cannot carry IPv6 --src/--dst "
			    "(valid: 0x86dd)", ethertype);
	is_ip = ethertype == WIRE_ETH_P_IP || ethertype == WIRE_ETH_P_IPV6;

	if (!is_ip || a.family == 0) {
		const char *l4opt = o->proto ? "--proto" : o->sport ? "--sport" :
				    o->dport ? "--dport" : o->icmp_type ? "--icmp-type" :
				    o->icmp_id ? "--icmp-id" : o->fragment ? "--fragment" : NULL;

		if (l4opt != NULL)
			return fail("%s needs an IP frame: give --src and --dst "
				    "(and --ethertype 0x0800 or 0x86dd)", l4opt);
	}
	/* an IP ethertype with no IP header would silently become layer2 */
	if (is_ip && a.family == 0 && policy != BOND_XMIT_POLICY_LAYER2 &&
	    policy != BOND_XMIT_POLICY_VLAN_SRCMAC)
		return fail("--src and --dst are required for an IP frame under policy %s",
			    bond_xmit_policy_name(policy));

	if (o->proto != NULL) {
		if (strcmp(o->proto, "udp") == 0)
			l4.proto = PROTO_UDP;
		else if (strcmp(o->proto, "tcp") == 0)
			l4.proto = PROTO_TCP;
		else if (strcmp(o->proto, "icmp") == 0)
			l4.proto = a.family == 6 ? PROTO_ICMPV6 : PROTO_ICMP;
		else
			return fail("--proto: unknown protocol '%s' (valid: udp, tcp, icmp)",
				    o->proto);
	}
	if (l4.proto == PROTO_ICMP || l4.proto == PROTO_ICMPV6) {
		if (o->sport != NULL || o->dport != NULL)
			return fail("%s: ICMP has no ports (use --icmp-id)",
				    o->sport ? "--sport" : "--dport");
		l4.icmp_type = l4.proto == PROTO_ICMP ? 8 : 128;	/* echo request */
		if (o->icmp_type != NULL) {
			if ((rc = parse_u("--icmp-type", o->icmp_type, 255,
					  "an ICMP type 0-255", &v)) != 0)
				return rc;
			l4.icmp_type = (unsigned)v;
		}
		if (o->icmp_id != NULL) {
			if ((rc = parse_u("--icmp-id", o->icmp_id, 65535,
					  "an ICMP identifier 0-65535", &v)) != 0)
				return rc;
			l4.icmp_id = (unsigned)v;
		}
	} else {
		if (o->icmp_type != NULL || o->icmp_id != NULL)
			return fail("%s needs --proto icmp",
				    o->icmp_type ? "--icmp-type" : "--icmp-id");
		if (o->sport != NULL) {
			if ((rc = parse_u("--sport", o->sport, 65535, "a port 0-65535", &v)) != 0)
				return rc;
			l4.sport = (unsigned)v;
		}
		if (o->dport != NULL) {
			if ((rc = parse_u("--dport", o->dport, 65535, "a port 0-65535", &v)) != 0)
				return rc;
			l4.dport = (unsigned)v;
		}
	}
	l4.fragment = o->fragment;

	f->len = 0;
	memcpy(put(f, 6), dmac, 6);
	memcpy(put(f, 6), smac, 6);
	if (o->tag != NULL) {
		if ((rc = parse_u("--tag", o->tag, 4095, "a VLAN id 0-4095", &v)) != 0)
			return rc;
		wire_wr16(put(f, 2), WIRE_ETH_P_8021Q);
		wire_wr16(put(f, 2), (uint16_t)v);
	}
	wire_wr16(put(f, 2), (uint16_t)ethertype);
	if (ethertype == WIRE_ETH_P_ARP)
		build_arp(f, smac, &a);
	else if (a.family == 4)
		build_ipv4(f, &a, &l4);
	else if (a.family == 6)
		build_ipv6(f, &a, &l4);
	return 0;
}

static bool any_field_option(const struct hash_opts *o)
{
	return o->smac || o->dmac || o->ethertype || o->tag || o->src || o->dst || o->proto ||
	       o->sport || o->dport || o->icmp_type || o->icmp_id || o->fragment;
}

/*
 * --frames FILE ("-": standard input): one frame in hex per line, blank
 * lines and '#' comments skipped; one "hash=N slave=M" line per frame, in
 * order.  Made for checking thousands of frames against a real kernel.
 * Nothing is printed unless every line is a valid frame.
 */
static int hash_frames(const struct hash_opts *o, enum bond_xmit_policy policy,
		       uint64_t slaves, struct bond_hash_input *in)
{
	bool from_stdin = strcmp(o->frames, "-") == 0;
	char *text = NULL, **lines;
	GString *out = g_string_new(NULL);
	struct fbuf *f = g_new(struct fbuf, 1);
	GError *error = NULL;
	int rc = 0, n = 0;

	if (from_stdin) {
		GString *all = g_string_new(NULL);
		char buf[4096];
		size_t got;

		while ((got = fread(buf, 1, sizeof(buf), stdin)) > 0 && all->len <= SIM_INPUT_MAX)
			g_string_append_len(all, buf, (gssize)got);
		if (all->len > SIM_INPUT_MAX) {
			g_string_free(all, TRUE);
			rc = fail("--frames -: more than %" G_GSIZE_FORMAT " MiB on standard input",
				  SIM_INPUT_MAX >> 20);
			goto out;
		}
		if (!sim_text_check("<stdin>", all->str, &all->len, &error)) {
			g_string_free(all, TRUE);
			rc = fail("--frames -: %s", error->message);
			g_error_free(error);
			goto out;
		}
		text = g_string_free(all, FALSE);
	} else if (!sim_read_file(o->frames, SIM_INPUT_MAX, &text, NULL, &error)) {
		rc = fail("--frames: %s", error->message);
		g_error_free(error);
		goto out;
	}
	lines = g_strsplit(text, "\n", -1);
	for (char **l = lines; *l && rc == 0; l++) {
		char *line = g_strstrip(*l), where[512];

		n++;
		if (!*line || *line == '#')
			continue;
		g_snprintf(where, sizeof(where), "%s:%d", from_stdin ? "<stdin>" : o->frames, n);
		rc = parse_hex_frame(line, f, where);
		if (rc == 0) {
			uint32_t hash;

			in->data = f->b;
			in->len = f->len;
			hash = bond_xmit_hash(policy, in);
			g_string_append_printf(out, "hash=%" PRIu32 " slave=%" PRIu64 "\n", hash,
					       hash % slaves);
		}
	}
	g_strfreev(lines);
	if (rc == 0)
		fputs(out->str, stdout);
out:
	g_free(text);
	g_free(f);
	g_string_free(out, TRUE);
	return rc;
}

static int hash_run(const struct hash_opts *o)
{
	enum bond_xmit_policy policy = BOND_XMIT_POLICY_LAYER2;
	struct bond_hash_input in = { 0 };
	struct fbuf *f;
	uint64_t slaves, v;
	uint32_t hash;
	int rc;

	if (o->policy != NULL && !bond_xmit_policy_parse(o->policy, &policy))
		return fail("--policy: unknown policy '%s' (valid: " POLICY_CHOICES ")",
			    o->policy);
	if (o->slaves == NULL)
		return fail("--slaves is required: the number of usable slaves (1 or more)");
	if (!parse_num(o->slaves, UINT32_MAX, &slaves) || slaves == 0)
		return fail("--slaves: '%s' is not a number of slaves (1-4294967295)", o->slaves);

	if (o->vlan != NULL) {
		if ((rc = parse_u("--vlan", o->vlan, 4095, "a VLAN id 0-4095", &v)) != 0)
			return rc;
		in.vlan_present = true;
		in.vlan_tci = (uint16_t)v;
		if (o->vlan_prio != NULL) {
			if ((rc = parse_u("--vlan-prio", o->vlan_prio, 7,
					  "a priority 0-7", &v)) != 0)
				return rc;
			in.vlan_tci |= (uint16_t)(v << WIRE_VLAN_PRIO_SHIFT);
		}
	} else if (o->vlan_prio != NULL) {
		return fail("--vlan-prio needs --vlan");
	}
	if (o->skb_hash != NULL) {
		if ((rc = parse_u("--skb-hash", o->skb_hash, UINT32_MAX,
				  "a 32-bit hash (0-4294967295 or 0x...)", &v)) != 0)
			return rc;
		in.l4_hash = true;
		in.skb_hash = (uint32_t)v;
	}

	if (o->frames != NULL) {
		if (o->frame != NULL || any_field_option(o))
			return fail("--frames hashes whole frames, one per line: it cannot be "
				    "combined with --frame or the field options");
		return hash_frames(o, policy, slaves, &in);
	}
	f = g_new(struct fbuf, 1);
	if (o->frame != NULL) {
		if (any_field_option(o))
			rc = fail("--frame gives the whole frame: it cannot be combined with "
				  "--smac/--dmac/--ethertype/--tag/--src/--dst/--proto/--sport/"
				  "--dport/--icmp-type/--icmp-id/--fragment");
		else
			rc = parse_hex_frame(o->frame, f, "--frame");
	} else {
		rc = build_from_fields(o, policy, f);
	}
	if (rc != 0) {
		g_free(f);
		return rc;
	}

	in.data = f->b;
	in.len = f->len;
	hash = bond_xmit_hash(policy, &in);
	if (o->verbose) {
		printf("policy=%s slaves=%" PRIu64 " len=%zu frame=", bond_xmit_policy_name(policy),
		       slaves, f->len);
		for (size_t i = 0; i < f->len; i++)
			printf("%02x", f->b[i]);
		putchar('\n');
	}
	printf("hash=%" PRIu32 " slave=%" PRIu64 "\n", hash, hash % slaves);
	fflush(stdout);
	g_free(f);
	return 0;
}

static void hash_opts_free(struct hash_opts *o)
{
	gchar **strs[] = {
		&o->policy, &o->slaves, &o->frame, &o->frames, &o->smac, &o->dmac, &o->ethertype, &o->vlan,
		&o->vlan_prio, &o->tag, &o->src, &o->dst, &o->proto, &o->sport, &o->dport,
		&o->icmp_type, &o->icmp_id, &o->skb_hash,
	};

	for (size_t i = 0; i < G_N_ELEMENTS(strs); i++)
		g_clear_pointer(strs[i], g_free);
}

static const char hash_cmd_description[] =
	"Policies (xmit_hash_policy): " POLICY_CHOICES ".\n"
	"The slave is hash % slaves: the index into the bond's usable slaves, in\n"
	"enslave order, as balance-xor and 802.3ad choose.  The last output line is\n"
	"always 'hash=<u32> slave=<n>'.  Bad input exits with status 2.\n"
	"\n"
	"Notes: the L4 protocol is not hashed (TCP and UDP with equal ports collide);\n"
	"fragments hash without ports; ICMP errors hash on the packet they quote\n"
	"(give such frames whole with --frame); a tag in the bytes (--tag) sends\n"
	"every policy but vlan+srcmac to the layer2 rule, unless --vlan says the\n"
	"frame came through a VLAN device: that device takes the protocol from\n"
	"inside the tag, and the tag is then read as the IP header (Linux 6.1).\n"
	"--vlan's id is hashed by vlan+srcmac; --skb-hash only matters to encap3+4.\n"
	"\n"
	"Examples:\n"
	"  bondsim hash --policy layer3+4 --slaves 3 --smac 02:00:00:00:01:00 \\\n"
	"      --dmac 02:00:00:00:0a:01 --src 10.0.0.1 --dst 10.0.0.2 --proto udp \\\n"
	"      --sport 1000 --dport 2000\n"
	"  bondsim hash --policy encap3+4 --slaves 4 --frame 020000000a01020000000100...\n"
	"  bondsim hash --policy layer3+4 --slaves 2 --frames captured-frames.txt\n";

int hash_cmd_main(int argc, char **argv)
{
	struct hash_opts o = { 0 };
	const GOptionEntry entries[] = {
		{ "policy", 'p', 0, G_OPTION_ARG_STRING, &o.policy,
		  "xmit_hash_policy (default layer2, as the kernel)", "POLICY" },
		{ "slaves", 'n', 0, G_OPTION_ARG_STRING, &o.slaves,
		  "number of usable slaves (required)", "N" },
		{ "frame", 'f', 0, G_OPTION_ARG_STRING, &o.frame,
		  "the whole Ethernet frame in hex, from the destination MAC on", "HEX" },
		{ "frames", 0, 0, G_OPTION_ARG_FILENAME, &o.frames,
		  "one hex frame per line (\"-\": standard input): one result line each", "FILE" },
		{ "smac", 0, 0, G_OPTION_ARG_STRING, &o.smac, "source MAC", "MAC" },
		{ "dmac", 0, 0, G_OPTION_ARG_STRING, &o.dmac, "destination MAC", "MAC" },
		{ "ethertype", 0, 0, G_OPTION_ARG_STRING, &o.ethertype,
		  "0x0800 (default), 0x86dd (default for IPv6 addresses), 0x0806 (ARP), ...",
		  "TYPE" },
		{ "tag", 0, 0, G_OPTION_ARG_STRING, &o.tag,
		  "an 802.1Q tag with this VLAN id inside the frame bytes", "VID" },
		{ "vlan", 0, 0, G_OPTION_ARG_STRING, &o.vlan,
		  "a tag carried outside the bytes (VLAN device above the bond)", "VID" },
		{ "vlan-prio", 0, 0, G_OPTION_ARG_STRING, &o.vlan_prio,
		  "priority bits of that outside tag (0-7)", "PRIO" },
		{ "src", 0, 0, G_OPTION_ARG_STRING, &o.src, "source IPv4 or IPv6 address", "IP" },
		{ "dst", 0, 0, G_OPTION_ARG_STRING, &o.dst, "destination address", "IP" },
		{ "proto", 0, 0, G_OPTION_ARG_STRING, &o.proto,
		  "udp (default), tcp or icmp (ICMPv6 over IPv6)", "PROTO" },
		{ "sport", 0, 0, G_OPTION_ARG_STRING, &o.sport, "source port", "PORT" },
		{ "dport", 0, 0, G_OPTION_ARG_STRING, &o.dport, "destination port", "PORT" },
		{ "icmp-type", 0, 0, G_OPTION_ARG_STRING, &o.icmp_type,
		  "ICMP type (default echo request: 8, or 128 for ICMPv6)", "TYPE" },
		{ "icmp-id", 0, 0, G_OPTION_ARG_STRING, &o.icmp_id,
		  "ICMP echo identifier (default 0, which the kernel hashes as 1)", "ID" },
		{ "fragment", 0, 0, G_OPTION_ARG_NONE, &o.fragment,
		  "make it the first fragment of a datagram", NULL },
		{ "skb-hash", 0, 0, G_OPTION_ARG_STRING, &o.skb_hash,
		  "the socket's flow hash (skb->l4_hash set): encap3+4 returns it", "HASH" },
		{ "verbose", 'v', 0, G_OPTION_ARG_NONE, &o.verbose,
		  "also print the frame that was hashed", NULL },
		{ "help", 'h', 0, G_OPTION_ARG_NONE, &o.help, "show this help", NULL },
		{ NULL, 0, 0, 0, NULL, NULL, NULL },
	};
	GOptionContext *ctx;
	GError *error = NULL;
	char **args;
	int nargs = argc > 0 ? argc : 1;
	int rc;

	/* our own copy: parsing removes entries, and usage reads "bondsim hash" */
	args = g_new0(char *, (gsize)nargs + 1);
	args[0] = (char *)"bondsim hash";
	for (int i = 1; i < argc; i++)
		args[i] = argv[i];

	ctx = g_option_context_new("- which slave the bonding xmit hash picks for a frame");
	/* GLib's built-in --help would call exit(); ours returns */
	g_option_context_set_help_enabled(ctx, FALSE);
	g_option_context_add_main_entries(ctx, entries, NULL);
	g_option_context_set_description(ctx, hash_cmd_description);

	if (!g_option_context_parse(ctx, &nargs, &args, &error)) {
		char *hint = option_hint(entries, error);

		rc = fail("%s%s", error->message, hint);
		g_free(hint);
		g_error_free(error);
	} else if (o.help) {
		gchar *help = g_option_context_get_help(ctx, TRUE, NULL);

		fputs(help, stdout);
		g_free(help);
		rc = 0;
	} else if (nargs > 1) {
		rc = fail("unexpected argument '%s'", args[1]);
	} else {
		rc = hash_run(&o);
	}

	g_option_context_free(ctx);
	g_free(args);
	hash_opts_free(&o);
	return rc;
}
