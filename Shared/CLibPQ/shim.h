#ifndef CLIBPQ_SHIM_H
#define CLIBPQ_SHIM_H

#include <libpq-fe.h>
#include <errno.h>
#include <poll.h>

// The PG_DIAG_* field codes are character macros; these wrappers give Swift plain functions.
static inline int clibpq_diag_sqlstate(void) { return PG_DIAG_SQLSTATE; }
static inline int clibpq_diag_message_primary(void) { return PG_DIAG_MESSAGE_PRIMARY; }
static inline int clibpq_diag_constraint_name(void) { return PG_DIAG_CONSTRAINT_NAME; }

static inline void clibpq_ignore_notice(void *arg, const PGresult *res) {
    (void)arg;
    (void)res;
}

// libpq prints server notices (e.g. "relation already exists, skipping") to stderr by default; a library
// must not write there, and notices may quote values, so they are dropped.
static inline void clibpq_silence_notices(PGconn *conn) {
    PQsetNoticeReceiver(conn, clibpq_ignore_notice, NULL);
}

// Whether the connection's socket has bytes waiting, without blocking. An idle connection only receives
// unsolicited data when the server is about to close it (FATAL on termination, then EOF).
static inline int clibpq_socket_readable(const PGconn *conn) {
    int fd = PQsocket(conn);
    if (fd < 0) return 0;
    struct pollfd descriptor = { .fd = fd, .events = POLLIN, .revents = 0 };
    return poll(&descriptor, 1, 0) > 0 && (descriptor.revents & (POLLIN | POLLHUP | POLLERR)) != 0;
}

// Waits up to `timeout_ms` for the connection's socket to become readable (or writable when `for_write`).
// Returns 1 when ready (or in error, which the next libpq call reports), 0 on timeout, -1 without a socket.
static inline int clibpq_wait_socket(const PGconn *conn, int for_write, int timeout_ms) {
    int fd = PQsocket(conn);
    if (fd < 0) return -1;
    struct pollfd descriptor = { .fd = fd, .events = for_write ? POLLOUT : POLLIN, .revents = 0 };
    int ready;
    do {
        ready = poll(&descriptor, 1, timeout_ms);
    } while (ready < 0 && errno == EINTR);
    return ready > 0 ? 1 : (ready == 0 ? 0 : 1);
}

#endif
