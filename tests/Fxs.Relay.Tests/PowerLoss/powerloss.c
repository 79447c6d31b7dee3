// Issue #12 item 7: power loss as flash sees it. An LD_PRELOAD shim that journals, per watched
// file, every write made since that file's last fsync/fdatasync, so that after the process is cut
// (SIGKILL) the harness can roll each file back to its last synced state: the writes the kernel
// had only in its page cache are lost, as on a board whose power rail goes down.
//
// Watched: every file whose path begins with $FXS_POWERLOSS_PREFIX (the outbox: outbox.db and its
// -wal), except the -shm (SQLite's wal-index, rebuilt by the first opener after a crash; the
// harness deletes it) and the shim's own undo logs.
//
// For each watched file F the shim keeps F.undo, written BEFORE each change reaches F:
//   record 'S' size     : F's size at its last sync (first record after each sync)
//   record 'B' off len  : the len bytes F held at off before a write or truncate replaced them
// On fsync/fdatasync of F (after the real call succeeded) F.undo is emptied. The harness's rollback
// (PowerLossRollback.cs) applies the 'B' records newest first and truncates F to the 'S' size: F is
// then byte for byte what it was at its last sync. A record cut short by the kill is ignored (its
// write had not happened yet: the record precedes it). Build: cc -shared -fPIC -O2 -o X.so powerloss.c -ldl
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

#define MAX_FDS 4096          // file descriptors tracked (the outbox uses a handful)
#define MAX_FILES 16          // watched paths (outbox.db, outbox.db-wal)
#define PATH_BYTES 4096       // longest path

typedef struct {
    char path[PATH_BYTES];
    int undo_fd;              // open F.undo, or -1 while F is clean (synced)
} watched_file;

static pthread_mutex_t lock = PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP;
static int fd_file[MAX_FDS];  // fd -> index in files + 1 (0: not watched)
static watched_file files[MAX_FILES];
static int file_count;
static const char *prefix;
static size_t prefix_len;

static int (*real_open)(const char *, int, ...);
static int (*real_open64)(const char *, int, ...);
static int (*real_openat)(int, const char *, int, ...);
static ssize_t (*real_write)(int, const void *, size_t);
static ssize_t (*real_pwrite)(int, const void *, size_t, off_t);
static ssize_t (*real_pwrite64)(int, const void *, size_t, off_t);
static ssize_t (*real_pread)(int, void *, size_t, off_t);
static int (*real_ftruncate)(int, off_t);
static int (*real_ftruncate64)(int, off_t);
static int (*real_fsync)(int);
static int (*real_fdatasync)(int);
static int (*real_close)(int);

static void init(void) {
    real_open = dlsym(RTLD_NEXT, "open");
    real_open64 = dlsym(RTLD_NEXT, "open64");
    real_openat = dlsym(RTLD_NEXT, "openat");
    real_write = dlsym(RTLD_NEXT, "write");
    real_pwrite = dlsym(RTLD_NEXT, "pwrite");
    real_pwrite64 = dlsym(RTLD_NEXT, "pwrite64");
    real_pread = dlsym(RTLD_NEXT, "pread");
    real_ftruncate = dlsym(RTLD_NEXT, "ftruncate");
    real_ftruncate64 = dlsym(RTLD_NEXT, "ftruncate64");
    real_fsync = dlsym(RTLD_NEXT, "fsync");
    real_fdatasync = dlsym(RTLD_NEXT, "fdatasync");
    real_close = dlsym(RTLD_NEXT, "close");
    prefix = getenv("FXS_POWERLOSS_PREFIX");
    prefix_len = prefix ? strlen(prefix) : 0;
}

__attribute__((constructor)) static void start(void) { init(); }

static int ends_with(const char *s, const char *suffix) {
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

static int is_watched_path(const char *path) {
    return prefix_len > 0 && path && strncmp(path, prefix, prefix_len) == 0 && !ends_with(path, "-shm") && !ends_with(path, ".undo")
        && strlen(path) + 6 < PATH_BYTES;
}

// Writes all of buf to fd (the undo log), or aborts: a journal that cannot be kept makes the test meaningless.
static void put(int fd, const void *buf, size_t n) {
    const char *p = buf;
    while (n > 0) {
        ssize_t w = real_write(fd, p, n);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) { fprintf(stderr, "powerloss: cannot write an undo log: %s\n", strerror(errno)); abort(); }
        p += w;
        n -= (size_t)w;
    }
}

static void track(int fd, const char *path) {
    if (fd < 0 || fd >= MAX_FDS || !is_watched_path(path)) return;
    pthread_mutex_lock(&lock);
    int i;
    for (i = 0; i < file_count; i++) if (strcmp(files[i].path, path) == 0) break;
    if (i == file_count && file_count < MAX_FILES) {
        strcpy(files[i].path, path);
        files[i].undo_fd = -1;
        file_count++;
    }
    if (i < file_count) fd_file[fd] = i + 1;
    pthread_mutex_unlock(&lock);
}

// The undo log of fd's file, opened (with its 'S' record) at the first change since the last sync; NULL when fd is not watched.
static watched_file *dirty(int fd) {
    if (fd < 0 || fd >= MAX_FDS || fd_file[fd] == 0) return NULL;
    watched_file *f = &files[fd_file[fd] - 1];
    if (f->undo_fd < 0) {
        char undo[PATH_BYTES + 8];
        snprintf(undo, sizeof undo, "%s.undo", f->path);
        f->undo_fd = real_open(undo, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
        if (f->undo_fd < 0) { fprintf(stderr, "powerloss: cannot open %s: %s\n", undo, strerror(errno)); abort(); }
        struct stat st;
        if (fstat(fd, &st) != 0) abort();
        char tag = 'S';
        int64_t size = st.st_size;
        put(f->undo_fd, &tag, 1);
        put(f->undo_fd, &size, 8);
    }
    return f;
}

// Journals the bytes [off, off + len) that fd's file holds now (those beyond its end need no record: the 'S' size cuts them).
static void save(int fd, off_t off, size_t len) {
    watched_file *f = dirty(fd);
    if (!f || len == 0) return;
    struct stat st;
    if (fstat(fd, &st) != 0) abort();
    if (off >= st.st_size) return;
    if ((off_t)(off + len) > st.st_size) len = (size_t)(st.st_size - off);
    char *old = malloc(len);
    if (!old) abort();
    size_t got = 0;
    while (got < len) {
        ssize_t r = real_pread(fd, old + got, len - got, off + (off_t)got);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) break;
        got += (size_t)r;
    }
    char tag = 'B';
    int64_t o = off, n = (int64_t)got;
    // One write per record, so a kill leaves a whole record or a short tail the rollback ignores.
    size_t rec = 1 + 8 + 8 + got;
    char *buf = malloc(rec);
    if (!buf) abort();
    memcpy(buf, &tag, 1);
    memcpy(buf + 1, &o, 8);
    memcpy(buf + 9, &n, 8);
    memcpy(buf + 17, old, got);
    put(f->undo_fd, buf, rec);
    free(buf);
    free(old);
}

static void synced(int fd) {
    if (fd < 0 || fd >= MAX_FDS || fd_file[fd] == 0) return;
    watched_file *f = &files[fd_file[fd] - 1];
    if (f->undo_fd >= 0) {
        real_close(f->undo_fd); // F's content is on the medium: nothing to undo any more
        f->undo_fd = -1;
        char undo[PATH_BYTES + 8];
        snprintf(undo, sizeof undo, "%s.undo", f->path);
        unlink(undo);
    }
}

static mode_t mode_arg(int flags, va_list ap) {
    return (flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE ? (mode_t)va_arg(ap, int) : 0;
}

int open(const char *path, int flags, ...) {
    if (!real_close) init(); // called before the constructor ran (another library's constructor)
    va_list ap;
    va_start(ap, flags);
    mode_t mode = mode_arg(flags, ap);
    va_end(ap);
    int fd = real_open(path, flags, mode);
    track(fd, path);
    return fd;
}

int open64(const char *path, int flags, ...) {
    if (!real_close) init(); // called before the constructor ran (another library's constructor)
    va_list ap;
    va_start(ap, flags);
    mode_t mode = mode_arg(flags, ap);
    va_end(ap);
    int fd = real_open64(path, flags, mode);
    track(fd, path);
    return fd;
}

int openat(int dirfd, const char *path, int flags, ...) {
    if (!real_close) init(); // called before the constructor ran (another library's constructor)
    va_list ap;
    va_start(ap, flags);
    mode_t mode = mode_arg(flags, ap);
    va_end(ap);
    int fd = real_openat(dirfd, path, flags, mode);
    if (path && path[0] == '/') track(fd, path);
    return fd;
}

ssize_t write(int fd, const void *buf, size_t n) {
    if (!real_close) init(); // called before the constructor ran (another library's constructor)
    if (fd < 0 || fd >= MAX_FDS || fd_file[fd] == 0) return real_write(fd, buf, n);
    pthread_mutex_lock(&lock);
    save(fd, lseek(fd, 0, SEEK_CUR), n);
    ssize_t w = real_write(fd, buf, n);
    pthread_mutex_unlock(&lock);
    return w;
}

ssize_t pwrite(int fd, const void *buf, size_t n, off_t off) {
    if (!real_close) init(); // called before the constructor ran (another library's constructor)
    if (fd < 0 || fd >= MAX_FDS || fd_file[fd] == 0) return real_pwrite(fd, buf, n, off);
    pthread_mutex_lock(&lock);
    save(fd, off, n);
    ssize_t w = real_pwrite(fd, buf, n, off);
    pthread_mutex_unlock(&lock);
    return w;
}

ssize_t pwrite64(int fd, const void *buf, size_t n, off_t off) {
    if (!real_close) init(); // called before the constructor ran (another library's constructor)
    if (fd < 0 || fd >= MAX_FDS || fd_file[fd] == 0) return real_pwrite64(fd, buf, n, off);
    pthread_mutex_lock(&lock);
    save(fd, off, n);
    ssize_t w = real_pwrite64(fd, buf, n, off);
    pthread_mutex_unlock(&lock);
    return w;
}

static int truncate_watched(int fd, off_t len, int (*real)(int, off_t)) {
    if (!real) { errno = ENOSYS; return -1; }
    if (fd < 0 || fd >= MAX_FDS || fd_file[fd] == 0) return real(fd, len);
    pthread_mutex_lock(&lock);
    struct stat st;
    if (fstat(fd, &st) == 0) {
        if (len < st.st_size) save(fd, len, (size_t)(st.st_size - len));
        else dirty(fd); // growing: the 'S' size undoes it
    }
    int r = real(fd, len);
    pthread_mutex_unlock(&lock);
    return r;
}

int ftruncate(int fd, off_t len) { if (!real_close) init(); return truncate_watched(fd, len, real_ftruncate); }

int ftruncate64(int fd, off_t len) { if (!real_close) init(); return truncate_watched(fd, len, real_ftruncate64); }

int fsync(int fd) {
    if (!real_close) init(); // called before the constructor ran (another library's constructor)
    int r = real_fsync(fd);
    if (r == 0) { pthread_mutex_lock(&lock); synced(fd); pthread_mutex_unlock(&lock); }
    return r;
}

int fdatasync(int fd) {
    if (!real_close) init(); // called before the constructor ran (another library's constructor)
    int r = real_fdatasync(fd);
    if (r == 0) { pthread_mutex_lock(&lock); synced(fd); pthread_mutex_unlock(&lock); }
    return r;
}

int close(int fd) {
    if (!real_close) init(); // called before the constructor ran (another library's constructor)
    if (fd >= 0 && fd < MAX_FDS && fd_file[fd] != 0) {
        pthread_mutex_lock(&lock);
        fd_file[fd] = 0; // the undo log stays with the path: closing syncs nothing
        pthread_mutex_unlock(&lock);
    }
    return real_close(fd);
}
