#define _GNU_SOURCE
#include <spawn.h>
#include "jianbao_sys.h"

int jianbao_spawn_close_from(void *actions, int lowest) {
    return posix_spawn_file_actions_addclosefrom_np((posix_spawn_file_actions_t *)actions, lowest);
}

int jianbao_spawn_chdir(void *actions, const char *folder) {
    return posix_spawn_file_actions_addchdir_np((posix_spawn_file_actions_t *)actions, folder);
}
