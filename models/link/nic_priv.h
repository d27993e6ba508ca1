/*
 * nic_priv.h - what nic.c shares with its half-duplex MAC (nic_hdx.c).
 */
#ifndef BONDSIM_NIC_PRIV_H
#define BONDSIM_NIC_PRIV_H

#include "nic.h"

/*
 * After any change of q_len, cq_len or on_wire, before anything else runs
 * (a frame's tx completion may send the next at once): nic_xmit() reads
 * held, in the line it reads anyway, rather than the three.
 */
static inline void held_update(struct nic *nic)
{
	nic->held = nic->q_len + nic->cq_len + (nic->on_wire != NULL);
}

/* A frame the NIC took will never leave: its listener hears, before the drop. */
static inline void nic_unsent(struct nic *nic, const struct frame *f)
{
	if (nic->unsent_fn)
		nic->unsent_fn(nic->unsent_arg, f);
}

/* nic.c: the next frame queued onto the wire, if the wire is the NIC's. */
void nic_start_next(struct nic *nic);

/* nic_hdx.c: the MAC of an end of a cable with a half-duplex end. */
void nic_hdx_attach(struct netdev *dev, struct hdx_end *hdx);
/* on_wire is set: send it when carrier sense lets us (tx_done at its end). */
void nic_hdx_send(struct nic *nic);
/* tx_done: the frame on the wire went out whole. */
void nic_hdx_done(struct nic *nic);
void nic_hdx_carrier_lost(struct nic *nic);

#endif
