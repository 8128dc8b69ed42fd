#ifndef JIANBAO_SYS_H
#define JIANBAO_SYS_H

/// Swaps two paths in one atomic step (Linux renameat2 with RENAME_EXCHANGE).
/// Returns 0 on success, -1 with errno set otherwise (e.g. EINVAL where the file system cannot).
int jianbao_exchange_paths(const char *first, const char *second);

/// Adds to `actions` (a posix_spawn_file_actions_t) the closing of every descriptor from `lowest`
/// up in the child (glibc's posix_spawn_file_actions_addclosefrom_np, which Swift's Glibc module
/// does not show). Returns 0 on success, an error number otherwise.
int jianbao_spawn_close_from(void *actions, int lowest);

#endif
