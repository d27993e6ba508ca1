/*
 * hash_cmd.h - `bondsim hash`: which slave would Linux pick for this frame?
 */
#ifndef BONDSIM_HASH_CMD_H
#define BONDSIM_HASH_CMD_H

/*
 * argv[0] is "hash".  Prints `hash=<u32> slave=<n>` as the last line and
 * returns 0; bad input: a message on stderr and 2.  Never calls exit().
 */
int hash_cmd_main(int argc, char **argv);

#endif /* BONDSIM_HASH_CMD_H */
