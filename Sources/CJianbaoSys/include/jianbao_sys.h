#ifndef JIANBAO_SYS_H
#define JIANBAO_SYS_H

/// Swaps two paths in one atomic step (Linux renameat2 with RENAME_EXCHANGE).
/// Returns 0 on success, -1 with errno set otherwise (e.g. EINVAL where the file system cannot).
int jianbao_exchange_paths(const char *first, const char *second);

#endif
