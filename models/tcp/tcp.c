/*
 * tcp.c - a host's TCP: sockets, the 4-tuple demux, open and close, the RTO.
 *
 * DOC: struct tcp_host hangs off struct host (h->tcp) and receives IP
 * protocol 6 through ip_set_proto_handler().  A socket is found by the
 * peer's address and port and our port (a host's addresses share one port
 * space, as a socket bound to 0.0.0.0).  Listeners are per port; each SYN
 * makes a socket in SYN_RECV at once (no SYN queue, no cookies).
 *
 * Deviations from Linux, all deliberate:
 *  - the ISN is a hash of the 4-tuple (Linux: keyed hash + clock, secure_tcp_seq),
 *    and ephemeral ports are taken in order from 32768 (Linux: randomised),
 *    so that every run with a seed is the same;
 *  - a socket is never freed before tcp_host_fini(): CLOSED and TIME_WAIT
 *    sockets stay in the table (TIME_WAIT has no 2MSL timer and answers
 *    retransmitted FINs);
 *  - the give-up rule counts RTOs (tcp_retries2, tcp_syn_retries) where
 *    Linux turns them into a time budget (retransmits_timed_out()).
 */
#include "tcp_priv.h"

static const char *const state_names[] = {
	[TCP_S_CLOSED] = "CLOSED", [TCP_S_LISTEN] = "LISTEN", [TCP_S_SYN_SENT] = "SYN_SENT",
	[TCP_S_SYN_RECV] = "SYN_RECV", [TCP_S_ESTABLISHED] = "ESTABLISHED",
	[TCP_S_FIN_WAIT1] = "FIN_WAIT1", [TCP_S_FIN_WAIT2] = "FIN_WAIT2",
	[TCP_S_CLOSING] = "CLOSING", [TCP_S_TIME_WAIT] = "TIME_WAIT",
	[TCP_S_CLOSE_WAIT] = "CLOSE_WAIT", [TCP_S_LAST_ACK] = "LAST_ACK",
};

static const char *const ca_state_names[] = {
	[TCP_CA_OPEN] = "Open", [TCP_CA_DISORDER] = "Disorder", [TCP_CA_CWR] = "CWR",
	[TCP_CA_RECOVERY] = "Recovery", [TCP_CA_LOSS] = "Loss",
};

const char *tcp_state_name(enum tcp_state s)
{
	return state_names[s];
}

const char *tcp_ca_state_name(enum tcp_ca_state s)
{
	return ca_state_names[s];
}

void tcp_params_default(struct tcp_params *p)
{
	*p = (struct tcp_params){
		.reordering = 3,
		.max_reordering = 300,
		.sack = true,
		.dsack = true,
		.timestamps = true,
		.window_scaling = true,
		.recovery = 1,
		.congestion_control = TCP_CC_CUBIC,
		.rmem_max = 6291456,
		.wmem_max = 4194304,
		.init_cwnd = 10,
		.rto_min = 200 * SIM_MS,
		.rto_init = 1 * SIM_S,
		.rto_max = 120 * SIM_S,
		.delack_min = 40 * SIM_MS,
		.syn_retries = 6,
		.retries2 = 15,
		.comp_sack_nr = 44,
		.comp_sack_delay = 1 * SIM_MS,
		.comp_sack_slack = 100 * SIM_US,
	};
}

static uint64_t tcp_key(uint32_t raddr, uint16_t rport, uint16_t lport)
{
	return (uint64_t)raddr << 32 | (uint32_t)rport << 16 | lport;
}

static void sock_free(gpointer p)
{
	struct tcp_sock *s = p;

	sim_timer_cancel(s->host->sim, &s->rto_timer);
	sim_timer_cancel(s->host->sim, &s->delack_timer);
	sim_timer_cancel(s->host->sim, &s->comp_sack_timer);
	tcp_tsq_fini(s);
	g_array_free(s->rtx, TRUE);
	tcp_rcv_fini(s);
	g_free(s);
}

void tcp_host_init(struct host *h, const struct tcp_params *p)
{
	struct tcp_host *th = g_new0(struct tcp_host, 1);

	g_assert(!h->tcp);
	th->host = h;
	if (p)
		th->p = *p;
	else
		tcp_params_default(&th->p);
	itab_init(&th->socks);
	th->listeners = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_free);
	th->all = g_ptr_array_new_with_free_func(sock_free);
	th->next_port = TCP_FIRST_EPHEMERAL;
	h->tcp = th;
	ip_set_proto_handler(h, WIRE_IPPROTO_TCP, tcp_rcv, th);
}

void tcp_host_fini(struct host *h)
{
	struct tcp_host *th = h->tcp;

	if (!th)
		return;
	ip_set_proto_handler(h, WIRE_IPPROTO_TCP, NULL, NULL);
	itab_fini(&th->socks);	/* the sockets are th->all's */
	g_hash_table_destroy(th->listeners);
	g_ptr_array_free(th->all, TRUE);
	g_free(th);
	h->tcp = NULL;
}

struct tcp_params *tcp_host_params(struct host *h)
{
	return &h->tcp->p;
}

sim_time_t tcp_now(const struct tcp_sock *s)
{
	return s->host->sim->now;
}

/* Linux's TSval clock ticks in milliseconds (tcp_time_stamp_ts). */
uint32_t tcp_tsval(const struct tcp_sock *s)
{
	return (uint32_t)(tcp_now(s) / SIM_MS) + 1;
}

/* A deterministic ISN: the 4-tuple mixed (splitmix64's finaliser). */
static uint32_t tcp_isn(uint32_t laddr, uint32_t raddr, uint16_t lport, uint16_t rport)
{
	uint64_t x = (uint64_t)laddr << 32 ^ raddr ^ (uint64_t)lport << 48 ^ (uint64_t)rport << 16;

	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ull;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebull;
	x ^= x >> 31;
	return (uint32_t)x;
}

/* The window scale that lets rmem_max be advertised (tcp_select_initial_window). */
static uint8_t rcv_wscale_for(uint32_t space)
{
	uint8_t ws = 0;

	while (ws < TCP_MAX_WSCALE && (65535u << ws) < space)
		ws++;
	return ws;
}

struct tcp_sock *tcp_sock_new(struct tcp_host *th, uint32_t laddr, uint32_t raddr,
			      uint16_t lport, uint16_t rport, const struct tcp_callbacks *cb,
			      void *owner)
{
	struct tcp_sock *s = g_new0(struct tcp_sock, 1);
	const struct tcp_params *p = &th->p;

	s->th = th;
	s->host = th->host;
	if (cb)
		s->cb = *cb;
	s->owner = owner;
	s->laddr = laddr;
	s->raddr = raddr;
	s->lport = lport;
	s->rport = rport;
	s->key = tcp_key(raddr, rport, lport);
	s->rtx = g_array_new(FALSE, FALSE, sizeof(struct tcp_skb));
	s->iss = tcp_isn(laddr, raddr, lport, rport);
	s->snd_una = s->snd_nxt = s->iss;
	s->mss = TCP_MSS_DEFAULT;
	s->rcv_wscale = p->window_scaling ? rcv_wscale_for(p->rmem_max) : 0;
	s->rcv_wnd = p->window_scaling ? p->rmem_max : MIN(p->rmem_max, 65535u);
	s->reordering = p->reordering;
	s->cwnd = p->init_cwnd;
	s->ssthresh = TCP_INFINITE_SSTHRESH;
	s->rto = p->rto_init;
	s->min_rtt = SIM_TIME_NEVER;
	s->syn_time = -1;
	s->lsndtime = -1;
	s->quick = TCP_MAX_QUICKACKS;
	sim_timer_init(&s->rto_timer, tcp_retransmit_timer, s);
	sim_timer_init(&s->delack_timer, tcp_delack_timer, s);
	sim_timer_init(&s->comp_sack_timer, tcp_comp_sack_timer, s);
	tcp_rcv_init(s);
	tcp_cong_init(s);
	tcp_rack_init(s);
	tcp_tsq_init(s);
	g_ptr_array_add(th->all, s);
	itab_insert(&th->socks, s->key, s);
	return s;
}

struct tcp_sock *tcp_lookup(struct tcp_host *th, uint32_t raddr, uint16_t rport, uint16_t lport)
{
	uint64_t k = tcp_key(raddr, rport, lport);

	return itab_lookup(&th->socks, k);
}

bool tcp_listen(struct host *h, uint16_t port, const struct tcp_callbacks *cb, void *owner)
{
	struct tcp_listener *l;

	g_assert(h->tcp);
	if (g_hash_table_contains(h->tcp->listeners, GUINT_TO_POINTER(port)))
		return false;
	l = g_new0(struct tcp_listener, 1);
	if (cb)
		l->cb = *cb;
	l->owner = owner;
	g_hash_table_insert(h->tcp->listeners, GUINT_TO_POINTER(port), l);
	return true;
}

static bool port_free(struct tcp_host *th, uint32_t dst, uint16_t port, uint16_t dport)
{
	struct tcp_sock *old = tcp_lookup(th, dst, dport, port);

	/* a closed socket keeps its counters, not its 4-tuple */
	if (old && old->state == TCP_S_CLOSED) {
		itab_remove(&th->socks, old->key);
		old = NULL;
	}
	return !g_hash_table_contains(th->listeners, GUINT_TO_POINTER(port)) && !old;
}

static uint16_t ephemeral_port(struct tcp_host *th, uint32_t dst, uint16_t dport)
{
	for (int i = 0; i <= TCP_LAST_EPHEMERAL - TCP_FIRST_EPHEMERAL; i++) {
		uint16_t port = th->next_port;

		th->next_port = port == TCP_LAST_EPHEMERAL ? TCP_FIRST_EPHEMERAL : port + 1;
		if (port_free(th, dst, port, dport))
			return port;
	}
	return 0;
}

struct tcp_sock *tcp_connect(struct host *h, uint16_t sport, uint32_t dst, uint16_t dport,
			     const struct tcp_callbacks *cb, void *owner)
{
	struct tcp_host *th = h->tcp;
	struct host_if *ifc;
	struct tcp_sock *s;

	g_assert(th);
	ifc = ip_route_nexthop(h, dst, &(uint32_t){ 0 });
	if (!sport)
		sport = ephemeral_port(th, dst, dport);
	if (!ifc || !sport || !port_free(th, dst, sport, dport))
		return NULL;
	s = tcp_sock_new(th, ifc->ip, dst, sport, dport, cb, owner);
	th->active_opens++;
	tcp_set_state(s, TCP_S_SYN_SENT);
	tcp_send_syn(s, false);
	return s;
}

void tcp_send(struct tcp_sock *s, uint64_t bytes)
{
	if (s->fin_queued || s->state == TCP_S_CLOSED)
		return;
	s->written = bytes > UINT64_MAX - s->written ? UINT64_MAX : s->written + bytes;
	tcp_write_xmit(s);
}

void tcp_close(struct tcp_sock *s)
{
	/* before the handshake ends, the FIN waits for it (and for the data) */
	if (s->fin_queued || s->state == TCP_S_CLOSED)
		return;
	/* an endless source stops here: what was sent is all there is */
	if (s->written == UINT64_MAX)
		s->written = s->sent_new;
	s->fin_queued = true;
	tcp_write_xmit(s);
}

void tcp_set_state(struct tcp_sock *s, enum tcp_state st)
{
	s->state = st;
}

void tcp_abort(struct tcp_sock *s, const char *why)
{
	sim_timer_cancel(s->host->sim, &s->rto_timer);
	sim_timer_cancel(s->host->sim, &s->delack_timer);
	sim_timer_cancel(s->host->sim, &s->comp_sack_timer);
	/* no kernel line: the application hears of it (the flow's report says when, why) */
	tcp_set_state(s, TCP_S_CLOSED);
	if (s->cb.aborted)
		s->cb.aborted(s->owner, s, why);
}

void tcp_get_info(const struct tcp_sock *s, struct tcp_info_snap *out)
{
	*out = (struct tcp_info_snap){
		.state = tcp_state_name(s->state),
		.ca_state = tcp_ca_state_name(s->ca_state),
		.mss = s->mss,
		.cwnd = s->cwnd,
		.ssthresh = s->ssthresh >= TCP_INFINITE_SSTHRESH ? UINT32_MAX : s->ssthresh,
		.reordering = s->reordering,
		.reord_seen = s->reord_seen,
		.packets_out = s->packets_out,
		.sacked_out = s->sacked_out,
		.lost_out = s->lost_out,
		.retrans_out = s->retrans_out,
		.rcv_wnd = s->rcv_wnd,
		.snd_wnd = s->snd_wnd,
		.srtt = s->srtt,
		.rttvar = s->rttvar,
		.rto = s->rto,
		.min_rtt = s->min_rtt == SIM_TIME_NEVER ? 0 : s->min_rtt,
		.unacked_bytes = s->snd_nxt - s->snd_una,
		.queued_bytes = tcp_queued(s),
	};
}

const struct tcp_stats *tcp_sock_stats(const struct tcp_sock *s)
{
	return &s->st;
}

uint16_t tcp_sock_sport(const struct tcp_sock *s)
{
	return s->lport;
}

uint16_t tcp_sock_dport(const struct tcp_sock *s)
{
	return s->rport;
}

uint32_t tcp_sock_peer(const struct tcp_sock *s)
{
	return s->raddr;
}
