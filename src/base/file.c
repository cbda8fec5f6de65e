/*
 * file.c - whole-file reads with a cap and atomic whole-file writes.
 *
 * Writes go to a temporary file in the same folder, are synced, then renamed over the target,
 * so a reader sees either the old content or the new one, never a torn file (keys!).
 */
#include "reco/base.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

reco_code reco_file_read(const char *path, size_t max, reco_buf *out, reco_error *err)
{
    reco_code rc = RECO_OK;
    bool is_stdin = strcmp(path, "-") == 0;
    int fd = is_stdin ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC);
    size_t start = out->len;
    const char *name = is_stdin ? "standard input" : path;
    if (fd < 0) {
        rc = reco_error_set(err, RECO_EIO, NULL, "cannot read %s: %s", name, strerror(errno));
        goto out;
    }
    /* The tighter of the caller's cap and the buffer's own. */
    if (max == 0 || max > out->max - start)
        max = out->max - start;
    for (;;) {
        size_t got = out->len - start;
        size_t want = max - got < 65536 ? max - got : 65536;
        ssize_t r;
        if (want == 0) {
            /* At the cap: one more byte means the file is too big, none means it fits. */
            char probe;
            r = read(fd, &probe, 1);
            if (r > 0) {
                rc = reco_error_set(err, RECO_ELIMIT, NULL, "%s exceeds the limit of %zu bytes",
                                    name, max);
                goto out;
            }
        } else {
            rc = reco_buf_reserve(out, want);
            if (rc) {
                rc = reco_error_set(err, rc, NULL, "out of memory reading %s", name);
                goto out;
            }
            r = read(fd, out->data + out->len, want);
        }
        if (r < 0) {
            if (errno == EINTR)
                continue;
            rc = reco_error_set(err, RECO_EIO, NULL, "cannot read %s: %s", name, strerror(errno));
            goto out;
        }
        if (r == 0)
            break;
        out->len += (size_t)r;
        out->data[out->len] = '\0';
    }
out:
    if (fd >= 0 && !is_stdin)
        close(fd);
    if (rc) {
        out->len = start;
        if (out->cap)
            out->data[start] = '\0';
    }
    return rc;
}

reco_code reco_file_write(const char *path, const void *p, size_t n, unsigned mode, reco_error *err)
{
    reco_code rc = RECO_OK;
    char tmp[4096];
    int fd = -1;
    bool created = false;
    int len = snprintf(tmp, sizeof tmp, "%s.tmpXXXXXX", path);
    if (len < 0 || (size_t)len >= sizeof tmp) {
        rc = reco_error_set(err, RECO_EINVAL, NULL, "path too long: %.60s...", path);
        goto out;
    }
    fd = mkstemp(tmp);
    if (fd < 0) {
        rc = reco_error_set(err, RECO_EIO, NULL, "cannot write %s: %s", path, strerror(errno));
        goto out;
    }
    created = true;
    if (fchmod(fd, (mode_t)(mode & 07777)) != 0) {
        rc = reco_error_set(err, RECO_EIO, NULL, "cannot write %s: %s", path, strerror(errno));
        goto out;
    }
    const char *c = p;
    size_t done = 0;
    while (done < n) {
        ssize_t w = write(fd, c + done, n - done);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            rc = reco_error_set(err, RECO_EIO, NULL, "cannot write %s: %s", path, strerror(errno));
            goto out;
        }
        done += (size_t)w;
    }
    if (fsync(fd) != 0) {
        rc = reco_error_set(err, RECO_EIO, NULL, "cannot write %s: %s", path, strerror(errno));
        goto out;
    }
    int cr = close(fd);
    fd = -1;
    if (cr != 0) {
        rc = reco_error_set(err, RECO_EIO, NULL, "cannot write %s: %s", path, strerror(errno));
        goto out;
    }
    if (rename(tmp, path) != 0) {
        rc = reco_error_set(err, RECO_EIO, NULL, "cannot write %s: %s", path, strerror(errno));
        goto out;
    }
    created = false;
out:
    if (fd >= 0)
        close(fd);
    if (created)
        unlink(tmp);
    return rc;
}
