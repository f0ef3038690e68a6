import Redis

/// The Lua scripts that make each state change of a job atomic. Every key they touch shares the queue's
/// hash tag and is declared in KEYS, never built from ARGV inside a script: a Redis Cluster routes a script
/// by its declared keys (and answers `-ASK` only for those while a slot migrates). Where the job ids are only
/// known on the server (due delayed jobs, abandoned deliveries), the caller reads them first and the script
/// checks that each is still in the state it was read in.
enum JobScripts {
    /// Enqueue with explicit ids and/or a due time, de-duplicated atomically by job id.
    /// KEYS: stream, delayed, counters, job key × n. ARGV: now, n, stream max length, state retention ms, then
    /// per job: id, name, max, created, corr, account, payload, due. Returns per job {kind, detail}: waiting+sid,
    /// delayed, or duplicate+state. The stream is trimmed to about its max length; each new state hash expires
    /// the retention after its last change (a delayed one after its due time).
    static let enqueue = RedisScript(
        name: "enqueue",
        source: """
            local now = tonumber(ARGV[1])
            local n = tonumber(ARGV[2])
            local maxlen, ttl = ARGV[3], tonumber(ARGV[4])
            local out = {}
            local added = 0
            for i = 1, n do
              local b = 4 + (i - 1) * 8
              local id, name, max, created = ARGV[b + 1], ARGV[b + 2], ARGV[b + 3], ARGV[b + 4]
              local corr, account, payload, due = ARGV[b + 5], ARGV[b + 6], ARGV[b + 7], tonumber(ARGV[b + 8])
              local jk = KEYS[3 + i]
              local existing = redis.call('HGET', jk, 'state')
              if existing then
                out[i] = {'duplicate', existing}
              elseif due > now then
                redis.call('HSET', jk, 'state', 'delayed', 'name', name, 'attempt', '1', 'max', max, 'created', created,
                  'corr', corr, 'account', account, 'payload', payload, 'updated', now)
                redis.call('PEXPIRE', jk, due - now + ttl)
                redis.call('ZADD', KEYS[2], due, id)
                out[i] = {'delayed', ''}
                added = added + 1
              else
                local sid = redis.call('XADD', KEYS[1], 'MAXLEN', '~', maxlen, '*', 'id', id, 'name', name,
                  'attempt', '1', 'max', max, 'created', created, 'corr', corr, 'account', account, 'payload', payload)
                redis.call('HSET', jk, 'state', 'waiting', 'sid', sid, 'name', name, 'attempt', '1', 'max', max, 'updated', now)
                redis.call('PEXPIRE', jk, ttl)
                out[i] = {'waiting', sid}
                added = added + 1
              end
            end
            if added > 0 then redis.call('HINCRBY', KEYS[3], 'enqueued', added) end
            return out
            """)

    /// Settles successful deliveries this consumer still owns. KEYS: stream, counters, then the state hash of
    /// each tracked job (one with an explicit id, a retry or a dead-letter history). ARGV: group, now, retention
    /// ms, consumer, lowest and highest stream id of the batch, then the stream id of each tracked job in KEYS
    /// order, then the stream ids of untracked jobs. Ownership is read in one `XPENDING` over the batch's range
    /// for this consumer: a delivery another consumer took over (a reclaim while this one was slow) is left to
    /// its new owner, and one already settled (XACK = 0) is not counted again. Returns the count settled.
    /// Settled entries are not deleted one by one (XDEL is the costliest step); ``trim`` drops them in bulk.
    static let complete = RedisScript(
        name: "complete",
        source: """
            local tracked = #KEYS - 2
            local retention = tonumber(ARGV[3])
            local group = ARGV[1]
            local owned = {}
            for _, p in ipairs(redis.call('XPENDING', KEYS[1], group, ARGV[5], ARGV[6], 1000000, ARGV[4])) do
              owned[p[1]] = true
            end
            local settled = 0
            for i = 1, tracked do
              local sid = ARGV[6 + i]
              if owned[sid] and redis.call('XACK', KEYS[1], group, sid) == 1 then
                settled = settled + 1
                if retention > 0 then
                  redis.call('HSET', KEYS[2 + i], 'state', 'completed', 'sid', sid, 'updated', ARGV[2])
                  redis.call('PEXPIRE', KEYS[2 + i], retention)
                else
                  redis.call('DEL', KEYS[2 + i])
                end
              end
            end
            local mine = {}
            for i = 7 + tracked, #ARGV do
              if owned[ARGV[i]] then mine[#mine + 1] = ARGV[i] end
            end
            if #mine > 0 then settled = settled + redis.call('XACK', KEYS[1], group, unpack(mine)) end
            if settled > 0 then redis.call('HINCRBY', KEYS[2], 'completed', settled) end
            return settled
            """)

    /// Settles a failed delivery: retry later or dead-letter. KEYS: stream, delayed, dead, counters, job key.
    /// ARGV: group, sid, now, decision (retry|dead), due, error, id, name, next attempt, max, created, corr,
    /// account, payload, counted (1 when the retry uses up an attempt), consumer, dead-letter max length, state
    /// retention ms (the hash expires that long after the due time, or after the failure). Returns 0 (already
    /// settled, or the delivery now belongs to another consumer, which settles it), 1 (retry) or the dead-letter id.
    static let fail = RedisScript(
        name: "fail",
        source: """
            if redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[2], ARGV[2], 1, ARGV[16])[1] == nil then return 0 end
            if redis.call('XACK', KEYS[1], ARGV[1], ARGV[2]) == 0 then return 0 end
            if ARGV[4] == 'retry' then
              redis.call('HSET', KEYS[5], 'state', 'delayed', 'name', ARGV[8], 'attempt', ARGV[9], 'max', ARGV[10],
                'created', ARGV[11], 'corr', ARGV[12], 'account', ARGV[13], 'payload', ARGV[14], 'error', ARGV[6],
                'updated', ARGV[3])
              redis.call('PEXPIRE', KEYS[5], math.max(0, tonumber(ARGV[5]) - tonumber(ARGV[3])) + tonumber(ARGV[18]))
              redis.call('ZADD', KEYS[2], ARGV[5], ARGV[7])
              if ARGV[15] == '1' then redis.call('HINCRBY', KEYS[4], 'retried', 1) end
              return 1
            end
            local did = redis.call('XADD', KEYS[3], 'MAXLEN', '~', ARGV[17], '*', 'id', ARGV[7], 'name', ARGV[8],
              'attempt', ARGV[9], 'max', ARGV[10], 'created', ARGV[11], 'corr', ARGV[12], 'account', ARGV[13],
              'payload', ARGV[14], 'error', ARGV[6], 'failed', ARGV[3])
            redis.call('HSET', KEYS[5], 'state', 'failed', 'dead', did, 'name', ARGV[8], 'attempt', ARGV[9],
              'max', ARGV[10], 'error', ARGV[6], 'updated', ARGV[3])
            redis.call('HDEL', KEYS[5], 'payload', 'sid')
            redis.call('PEXPIRE', KEYS[5], ARGV[18])
            redis.call('HINCRBY', KEYS[4], 'failed', 1)
            return did
            """)

    /// Moves due jobs from the delayed set into the stream. KEYS: delayed, stream, job key × n. ARGV: now,
    /// state retention ms, stream max length, id × n (read by the caller with ZRANGEBYSCORE; one another worker
    /// promoted meanwhile is skipped). Returns {moved, next due score or -1}.
    static let promote = RedisScript(
        name: "promote",
        source: """
            local moved = 0
            for i = 4, #ARGV do
              local id, jk = ARGV[i], KEYS[i - 1]
              local score = redis.call('ZSCORE', KEYS[1], id)
              if score and tonumber(score) <= tonumber(ARGV[1]) then
                moved = moved + 1
                redis.call('ZREM', KEYS[1], id)
                local f = redis.call('HMGET', jk, 'name', 'attempt', 'max', 'created', 'corr', 'account', 'payload')
                if f[1] then
                  local sid = redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[3], '*', 'id', id, 'name', f[1],
                    'attempt', f[2] or '1', 'max', f[3] or '1', 'created', f[4] or '0', 'corr', f[5] or '',
                    'account', f[6] or '', 'payload', f[7] or '')
                  redis.call('HSET', jk, 'state', 'waiting', 'sid', sid, 'updated', ARGV[1])
                  redis.call('HDEL', jk, 'payload')
                  redis.call('PEXPIRE', jk, ARGV[2])
                end
              end
            end
            local nxt = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
            local nextDue = -1
            if nxt[2] then nextDue = tonumber(nxt[2]) end
            return {moved, nextDue}
            """)

    /// Claims deliveries idle longer than the visibility timeout (their consumer died). A job that stalled
    /// more than `maxStalls` times is dead-lettered instead (it may be what kills its consumers).
    /// KEYS: stream, dead, counters, job key × n. ARGV: group, consumer, min idle ms, max stalls, now, dead-letter
    /// max length, state retention ms, sid × n
    /// (candidates the caller found with `XPENDING … IDLE`; `XCLAIM` with the minimum idle time takes only
    /// those still abandoned, and drops deleted entries from the pending list). Returns {claimed entries,
    /// dead-lettered entries}.
    static let reclaim = RedisScript(
        name: "reclaim",
        source: """
            local claimed, dead = {}, {}
            for i = 8, #ARGV do
              local jk = KEYS[i - 4]
              local e = redis.call('XCLAIM', KEYS[1], ARGV[1], ARGV[2], ARGV[3], ARGV[i])[1]
              local sid, fields = nil, nil
              if e then sid, fields = e[1], e[2] end
              if fields then
                local id = sid
                for k = 1, #fields, 2 do
                  if fields[k] == 'id' and fields[k + 1] ~= '' then id = fields[k + 1] end
                end
                local stalls = redis.call('HINCRBY', jk, 'stalls', 1)
                if redis.call('HEXISTS', jk, 'state') == 0 then redis.call('PEXPIRE', jk, ARGV[7]) end
                if stalls > tonumber(ARGV[4]) then
                  redis.call('XACK', KEYS[1], ARGV[1], sid)
                  local args = {'XADD', KEYS[2], 'MAXLEN', '~', ARGV[6], '*'}
                  for k = 1, #fields do args[#args + 1] = fields[k] end
                  if id == sid then args[#args + 1] = 'id'; args[#args + 1] = id end
                  args[#args + 1] = 'error'; args[#args + 1] = 'stalled: its consumer stopped too many times'
                  args[#args + 1] = 'failed'; args[#args + 1] = ARGV[5]
                  local did = redis.call(unpack(args))
                  redis.call('HSET', jk, 'state', 'failed', 'dead', did, 'error', 'stalled', 'updated', ARGV[5])
                  redis.call('PEXPIRE', jk, ARGV[7])
                  redis.call('HINCRBY', KEYS[3], 'failed', 1)
                  dead[#dead + 1] = {did, fields}
                else
                  claimed[#claimed + 1] = e
                end
              end
            end
            return {claimed, dead}
            """)

    /// Hands deliveries back to the queue now (graceful shutdown): each entry is re-added as a fresh waiting
    /// entry and its old delivery acknowledged, if this consumer still owns it. KEYS: stream, job key × n.
    /// ARGV: group, now, consumer, state retention ms, sid × n (in KEYS order).
    static let release = RedisScript(
        name: "release",
        source: """
            local released = 0
            for i = 5, #ARGV do
              local sid = ARGV[i]
              local found = redis.call('XRANGE', KEYS[1], sid, sid)
              local mine = redis.call('XPENDING', KEYS[1], ARGV[1], sid, sid, 1, ARGV[3])[1] ~= nil
              if found[1] and mine and redis.call('XACK', KEYS[1], ARGV[1], sid) == 1 then
                local fields = found[1][2]
                local id = sid
                local args = {'XADD', KEYS[1], '*'}
                for k = 1, #fields, 2 do
                  if fields[k] == 'id' and fields[k + 1] ~= '' then id = fields[k + 1] end
                  args[#args + 1] = fields[k]; args[#args + 1] = fields[k + 1]
                end
                if id == sid then args[#args + 1] = 'id'; args[#args + 1] = id end
                local nsid = redis.call(unpack(args))
                redis.call('HSET', KEYS[i - 3], 'state', 'waiting', 'sid', nsid, 'updated', ARGV[2])
                redis.call('PEXPIRE', KEYS[i - 3], ARGV[4])
                released = released + 1
              end
            end
            return released
            """)

    /// Resets the idle time of deliveries this consumer still owns, and only those: an entry another consumer
    /// reclaimed meanwhile (this one looked dead) stays with it. KEYS: stream. ARGV: group, consumer, sid × n.
    /// Returns the stream ids this consumer no longer owns.
    static let keepAlive = RedisScript(
        name: "keep-alive",
        source: """
            local lost = {}
            for i = 3, #ARGV do
              local sid = ARGV[i]
              if redis.call('XPENDING', KEYS[1], ARGV[1], sid, sid, 1, ARGV[2])[1] then
                redis.call('XCLAIM', KEYS[1], ARGV[1], ARGV[2], 0, sid, 'JUSTID')
              else
                lost[#lost + 1] = sid
              end
            end
            return lost
            """)

    /// Puts a dead letter back on the queue with fresh attempts. KEYS: dead, stream, counters, job key (of the
    /// job id the caller read from the letter). ARGV: dead-letter id, that job id, now, state retention ms.
    /// Returns the new stream id, or false when not found (or when the letter names another job).
    static let replay = RedisScript(
        name: "replay",
        source: """
            local found = redis.call('XRANGE', KEYS[1], ARGV[1], ARGV[1])
            if not found[1] then return false end
            local fields = found[1][2]
            local args = {'XADD', KEYS[2], '*'}
            local id = ''
            for k = 1, #fields, 2 do
              local f, v = fields[k], fields[k + 1]
              if f == 'id' then id = v end
              if f == 'attempt' then v = '1' end
              if f ~= 'error' and f ~= 'failed' then args[#args + 1] = f; args[#args + 1] = v end
            end
            if id ~= '' and id ~= ARGV[2] then return false end
            local sid = redis.call(unpack(args))
            redis.call('XDEL', KEYS[1], ARGV[1])
            if id ~= '' then
              redis.call('DEL', KEYS[4])
              redis.call('HSET', KEYS[4], 'state', 'waiting', 'sid', sid, 'attempt', '1', 'updated', ARGV[3])
              redis.call('PEXPIRE', KEYS[4], ARGV[4])
            end
            redis.call('HINCRBY', KEYS[3], 'enqueued', 1)
            return sid
            """)

    /// Drops settled entries from the head of the stream in whole nodes: everything older than the oldest
    /// pending delivery, or than the next undelivered entry when nothing is pending. KEYS: stream.
    /// ARGV: group. Returns the number of entries removed.
    static let trim = RedisScript(
        name: "trim",
        source: """
            local ok, groups = pcall(redis.call, 'XINFO', 'GROUPS', KEYS[1])
            if not ok then return 0 end
            local lastDelivered
            for _, g in ipairs(groups) do
              local name, last
              for k = 1, #g, 2 do
                if g[k] == 'name' then name = g[k + 1] end
                if g[k] == 'last-delivered-id' then last = g[k + 1] end
              end
              if name == ARGV[1] then lastDelivered = last end
            end
            if not lastDelivered or lastDelivered == '0-0' then return 0 end
            local pending = redis.call('XPENDING', KEYS[1], ARGV[1])
            local minid
            if pending[1] > 0 then
              minid = pending[2]
            else
              local dash = string.find(lastDelivered, '-', 1, true)
              minid = string.sub(lastDelivered, 1, dash) .. (tonumber(string.sub(lastDelivered, dash + 1)) + 1)
            end
            return redis.call('XTRIM', KEYS[1], 'MINID', '~', minid)
            """)

    /// Token bucket. KEYS: bucket. ARGV: capacity, refill per second, cost. Uses the server clock so that
    /// every process agrees. Returns 0 when allowed, else the milliseconds to wait.
    static let takeToken = RedisScript(
        name: "take-token",
        source: """
            local cap, rate, cost = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            local s = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
            local tokens = tonumber(s[1]) or cap
            local ts = tonumber(s[2]) or now
            tokens = math.min(cap, tokens + math.max(0, now - ts) * rate / 1000)
            local wait = 0
            if tokens >= cost then tokens = tokens - cost else wait = math.ceil((cost - tokens) * 1000 / rate) end
            redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', now)
            redis.call('PEXPIRE', KEYS[1], math.ceil(cap * 1000 / rate) + 1000)
            return wait
            """)
}
