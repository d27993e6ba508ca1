/*
 * frame.c - the frame pool.
 *
 * DOC: Frames are carved from chunks of FRAME_CHUNK and recycled through a
 * free list; the pool grows when it runs dry and never shrinks during a run,
 * so a steady-state simulation allocates nothing per packet.  pool->live is
 * the number of frames not yet returned: tests assert it is 0 at the end,
 * which catches every missing frame_unref().
 */
#include "sim.h"

#define FRAME_CHUNK 1024

void frame_pool_init(struct frame_pool *p)
{
	memset(p, 0, sizeof(*p));
}

void frame_pool_fini(struct frame_pool *p)
{
	for (uint32_t i = 0; i < p->nchunks; i++)
		g_aligned_free(p->chunks[i]);
	g_free(p->chunks);
	if (p->tx_owners)
		g_array_free(p->tx_owners, TRUE);
	memset(p, 0, sizeof(*p));
}

static void pool_grow(struct frame_pool *p)
{
	struct frame *chunk = g_aligned_alloc(FRAME_CHUNK, sizeof(*chunk), 64);

	p->chunks = g_renew(void *, p->chunks, p->nchunks + 1);
	p->chunks[p->nchunks++] = chunk;
	for (int i = FRAME_CHUNK - 1; i >= 0; i--) {
		chunk[i].pool = p;
		chunk[i].next_free = p->free;
		p->free = &chunk[i];
	}
	p->total += FRAME_CHUNK;
}

struct frame *frame_alloc(struct frame_pool *p)
{
	struct frame *f;

	if (!p->free)
		pool_grow(p);
	f = p->free;
	p->free = f->next_free;
	f->next_free = NULL;
	f->ref = 1;
	f->id = ++p->next_id;
	f->hdr_len = 0;
	f->len = 0;
	memset(&f->meta, 0, sizeof(f->meta));
	f->gso_id = 0;
	f->tx_owner = 0;
	f->priority = 0;
	f->vlan_present = false;
	f->vlan_tci = 0;
	f->hw_tag_len = 0;
	f->flooded = 0;
	p->live++;
	return f;
}

uint32_t frame_tx_owner_add(struct frame_pool *p, frame_tx_done_fn fn, void *arg)
{
	struct frame_tx_owner o = { fn, arg };

	if (!p->tx_owners)
		p->tx_owners = g_array_new(FALSE, FALSE, sizeof(struct frame_tx_owner));
	g_array_append_val(p->tx_owners, o);
	return p->tx_owners->len;
}

void frame_tx_owner_remove(struct frame_pool *p, uint32_t id)
{
	if (p->tx_owners && id && id <= p->tx_owners->len)
		g_array_index(p->tx_owners, struct frame_tx_owner, id - 1).fn = NULL;
}

void frame_tx_done(struct frame *f)
{
	uint32_t id = f->tx_owner;
	const struct frame_tx_owner *o;

	if (!id)
		return;
	f->tx_owner = 0;
	o = &g_array_index(f->pool->tx_owners, struct frame_tx_owner, id - 1);
	if (o->fn)
		o->fn(o->arg, f);
}

void frame_unref(struct frame *f)
{
	g_assert(f->ref > 0);
	if (--f->ref)
		return;
	if (f->tx_owner)
		frame_tx_done(f);
	f->next_free = f->pool->free;
	f->pool->free = f;
	f->pool->live--;
}

struct frame *frame_copy_private(struct frame *f)
{
	struct frame *c = frame_alloc(f->pool);

	c->hdr_len = f->hdr_len;
	c->len = f->len;
	c->meta = f->meta;
	c->gso_id = f->gso_id;
	c->priority = f->priority;
	c->vlan_present = f->vlan_present;
	c->vlan_tci = f->vlan_tci;
	c->hw_tag_len = f->hw_tag_len;
	c->flooded = f->flooded;
	memcpy(c->data, f->data, f->hdr_len);
	frame_unref(f);
	return c;
}
