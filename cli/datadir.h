#ifndef BONDSIM_DATADIR_H
#define BONDSIM_DATADIR_H

/*
 * Where bondsim's own files are: @what ("plots", "scenarios") beside the
 * binary (a build tree), else PREFIX/share/bondsim/@what found from the
 * binary's own place (PREFIX/bin/bondsim: whatever prefix it was installed
 * under), else the prefix it was built for.  @argv0: the binary's name when
 * /proc/self/exe cannot be read (NULL: the current folder).
 */
char *data_dir_find(const char *argv0, const char *what);
/* The gnuplot scripts: $BONDSIM_PLOTS, else data_dir_find(argv0, "plots"). */
char *data_dir_plots(const char *argv0);

#endif
