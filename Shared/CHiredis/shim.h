#ifndef CHIREDIS_SHIM_H
#define CHIREDIS_SHIM_H
#include <hiredis/hiredis.h>
#include <sys/time.h>

/// redisCommandArgv and redisAppendCommandArgv are not variadic, but the reply comes back as void*;
/// these helpers keep the casts in one place.
static inline redisReply *chiredis_command_argv(redisContext *c, int argc, const char **argv, const size_t *argvlen) {
    return (redisReply *)redisCommandArgv(c, argc, argv, argvlen);
}

static inline int chiredis_get_reply(redisContext *c, redisReply **reply) {
    return redisGetReply(c, (void **)reply);
}

static inline redisContext *chiredis_connect_timeout(const char *ip, int port, long millis) {
    struct timeval tv = { millis / 1000, (millis % 1000) * 1000 };
    return redisConnectWithTimeout(ip, port, tv);
}

static inline int chiredis_set_timeout(redisContext *c, long millis) {
    struct timeval tv = { millis / 1000, (millis % 1000) * 1000 };
    return redisSetTimeout(c, tv);
}
#endif
