/**
 * The Lua scripts of the Redis store: each write that must be all or nothing is one
 * script (Redis runs a script atomically). Keys are built from the prefix passed in
 * ARGV[1], so they suit one Redis server, not Redis Cluster.
 */
export const SCRIPTS = {
  /** ARGV: prefix, id, token hash, name, json, qr text, has webhook (1/0), version. */
  insert: `
local p = ARGV[1]
local key = p .. 'i:' .. ARGV[2]
if redis.call('EXISTS', key) == 1 then return 'id-taken' end
if redis.call('SADD', p .. 'names:' .. ARGV[3], ARGV[4]) == 0 then return 'name-taken' end
local seq = redis.call('INCR', p .. 'seq')
redis.call('HSET', key, 'v', ARGV[8], 'json', ARGV[5])
redis.call('ZADD', p .. 'ids', seq, ARGV[2])
redis.call('ZADD', p .. 't:' .. ARGV[3], seq, ARGV[2])
redis.call('SADD', p .. 'tokens', ARGV[3])
if ARGV[6] ~= '' then redis.call('SET', p .. 'qr:' .. ARGV[6], ARGV[2]) end
if ARGV[7] == '1' then redis.call('SADD', p .. 'hooks', ARGV[2]) end
return 'inserted'
`,
  /** ARGV: prefix, id, expected version, new version, json, previous qr text, new qr text. */
  replace: `
local p = ARGV[1]
local key = p .. 'i:' .. ARGV[2]
if redis.call('HGET', key, 'v') ~= ARGV[3] then return 0 end
redis.call('HSET', key, 'v', ARGV[4], 'json', ARGV[5])
if ARGV[6] ~= '' and ARGV[6] ~= ARGV[7] then redis.call('DEL', p .. 'qr:' .. ARGV[6]) end
if ARGV[7] ~= '' then redis.call('SET', p .. 'qr:' .. ARGV[7], ARGV[2]) end
return 1
`,
  /** A fixed window on the mock's clock. ARGV: key, now, window ms, real expiry ms. */
  hit: `
local now = tonumber(ARGV[2])
local ends = tonumber(redis.call('HGET', ARGV[1], 'e') or '0')
local hits
if ends <= now then
  ends = now + tonumber(ARGV[3])
  redis.call('HSET', ARGV[1], 'h', 1, 'e', ends)
  hits = 1
else
  hits = redis.call('HINCRBY', ARGV[1], 'h', 1)
end
redis.call('PEXPIRE', ARGV[1], ARGV[4])
return {hits, ends}
`,
  /** ARGV: key, entry, capacity. */
  append: `
redis.call('RPUSH', ARGV[1], ARGV[2])
redis.call('LTRIM', ARGV[1], -tonumber(ARGV[3]), -1)
return 1
`,
  /** Compare-and-set of a document. ARGV: key, expected version, json. */
  write: `
local version = tonumber(redis.call('HGET', ARGV[1], 'v') or '0')
if version ~= tonumber(ARGV[2]) then return 0 end
redis.call('HSET', ARGV[1], 'v', version + 1, 'json', ARGV[3])
return 1
`,
} as const;

export type ScriptName = keyof typeof SCRIPTS;
