#ifndef JIANBAO_SYS_H
#define JIANBAO_SYS_H

/// Swaps two paths in one atomic step (Linux renameat2 with RENAME_EXCHANGE).
/// Returns 0 on success, -1 with errno set otherwise (e.g. EINVAL where the file system cannot).
int jianbao_exchange_paths(const char *first, const char *second);

/// Adds to `actions` (a posix_spawn_file_actions_t) the closing of every descriptor from `lowest`
/// up in the child (glibc's posix_spawn_file_actions_addclosefrom_np, which Swift's Glibc module
/// does not show). Returns 0 on success, an error number otherwise.
int jianbao_spawn_close_from(void *actions, int lowest);

/// Adds to `actions` a change of the child's working folder to `folder` (glibc's
/// posix_spawn_file_actions_addchdir_np). Returns 0 on success, an error number otherwise.
int jianbao_spawn_chdir(void *actions, const char *folder);

/// Renames `source` to `destination` only when `destination` does not exist (renameat2 with
/// RENAME_NOREPLACE, else a hard link and an unlink). Returns 0, or -1 with errno (EEXIST when taken).
int jianbao_rename_noreplace(const char *source, const char *destination);

/// Import's clean-up on Ctrl-C (SIGINT), SIGTERM and SIGHUP: the running converter's process group is
/// killed and the half-written file removed, then the signal ends the process as it would have.
void jianbao_guard_install(void);
/// The process group of the converter now running; 0 when none.
void jianbao_guard_child(int group);
/// The temporary file now being written (copied); NULL when none.
void jianbao_guard_file(const char *path);

#endif
