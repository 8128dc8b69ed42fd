#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>
#include "jianbao_sys.h"

#ifndef RENAME_NOREPLACE
#define RENAME_NOREPLACE (1 << 0)
#endif

int jianbao_rename_noreplace(const char *source, const char *destination) {
#if defined(__linux__) && defined(SYS_renameat2)
    int result = (int)syscall(SYS_renameat2, AT_FDCWD, source, AT_FDCWD, destination, RENAME_NOREPLACE);
    if (result == 0 || errno != EINVAL) return result;
#endif
    // A file system without renameat2 flags: a hard link fails when the destination exists too.
    if (link(source, destination) != 0) return -1;
    return unlink(source);
}

// What an interrupted import leaves to clean: the child's process group and the file being written.
static volatile sig_atomic_t guarded_group = 0;
static volatile sig_atomic_t guarded_file_set = 0;
static char guarded_file[4096];

static void jianbao_guard_handler(int sig) {
    if (guarded_group > 0) kill(-guarded_group, SIGKILL);
    if (guarded_file_set) unlink(guarded_file);
    signal(sig, SIG_DFL);
    raise(sig);
}

void jianbao_guard_install(void) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = jianbao_guard_handler;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, NULL);
    sigaction(SIGTERM, &action, NULL);
    sigaction(SIGHUP, &action, NULL);
}

void jianbao_guard_child(int group) {
    guarded_group = group;
}

void jianbao_guard_file(const char *path) {
    guarded_file_set = 0;
    if (path == NULL || strlen(path) >= sizeof guarded_file) return;
    strcpy(guarded_file, path);
    guarded_file_set = 1;
}
