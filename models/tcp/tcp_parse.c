/*
 * tcp_parse.c - the TCP header and its options (RFC 9293 3.1, RFC 7323,
 * RFC 2018).
 *
 * DOC: Follows Linux's tcp_parse_options(): EOL ends the list, NOP is one
 * byte, every other option has a length byte that must be at least 2 and
 * must not run past the header.  An option whose length is not the one its
 * kind defines (MSS 4, window scale 3, SACK-permitted 2, timestamps 10,
 * SACK 2 + 8n) is skipped, as Linux skips it; only one that overruns the
 * header makes the segment malformed.  A window scale above 14 is taken as
 * 14 (RFC 7323 2.3).
 */
#include "tcp_priv.h"

static void parse_one(uint8_t kind, const uint8_t *p, uint8_t len, struct tcp_seg *out)
{
	switch (kind) {
	case 2:
		if (len == 4)
			out->mss = wire_rd16(p + 2);
		break;
	case 3:
		if (len == 3)
			out->wscale = (int8_t)(p[2] > TCP_MAX_WSCALE ? TCP_MAX_WSCALE : p[2]);
		break;
	case 4:
		if (len == 2)
			out->sack_ok = true;
		break;
	case 8:
		if (len == 10) {
			out->has_ts = true;
			out->tsval = wire_rd32(p + 2);
			out->tsecr = wire_rd32(p + 6);
		}
		break;
	case 5:
		if (len >= 10 && (len - 2) % 8 == 0) {
			uint8_t n = (uint8_t)((len - 2) / 8);

			out->n_sack = n > 4 ? 4 : n;
			for (uint8_t i = 0; i < out->n_sack; i++) {
				out->sack[i][0] = wire_rd32(p + 2 + 8 * i);
				out->sack[i][1] = wire_rd32(p + 6 + 8 * i);
			}
		}
		break;
	}
}

static bool parse_options(const uint8_t *p, uint32_t n, struct tcp_seg *out, const char **why)
{
	uint32_t i = 0;

	while (i < n) {
		uint8_t kind = p[i];

		if (kind == 0)
			break;
		if (kind == 1) {
			i++;
			continue;
		}
		if (i + 1 >= n) {
			*why = "option length past the header";
			return false;
		}
		if (p[i + 1] < 2 || i + p[i + 1] > n) {
			*why = p[i + 1] < 2 ? "option length below 2" : "option runs past the header";
			return false;
		}
		parse_one(kind, p + i, p[i + 1], out);
		i += p[i + 1];
	}
	return true;
}

bool tcp_parse(const struct frame *f, uint16_t off, uint32_t l4_len, struct tcp_seg *out,
	       const char **why)
{
	const char *dummy;
	const uint8_t *p;
	uint32_t doff;

	if (!why)
		why = &dummy;
	memset(out, 0, sizeof(*out));
	out->wscale = -1;
	if (l4_len < WIRE_TCP_HLEN || (uint32_t)off + WIRE_TCP_HLEN > f->hdr_len) {
		*why = "short header";
		return false;
	}
	p = f->data + off;
	doff = (uint32_t)(p[12] >> 4) * 4;
	if (doff < WIRE_TCP_HLEN || doff > l4_len || off + doff > f->hdr_len) {
		*why = "data offset out of range";
		return false;
	}
	out->sport = wire_rd16(p);
	out->dport = wire_rd16(p + 2);
	out->seq = wire_rd32(p + 4);
	out->ack = wire_rd32(p + 8);
	out->flags = p[13] & 0x3f;
	out->window = wire_rd16(p + 14);
	out->payload = l4_len - doff;
	return parse_options(p + WIRE_TCP_HLEN, doff - WIRE_TCP_HLEN, out, why);
}
