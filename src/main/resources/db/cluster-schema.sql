-- Cluster mode (wolkvox.cluster.enabled=true, PostgreSQL only): one row per instance process.
-- heartbeat_at is written with the database's clock every wolkvox.cluster.heartbeat-interval; an
-- instance whose heartbeat is older than wolkvox.cluster.lease, or which stopped (stopped_at), owns
-- nothing any more: a live instance resolves the request rows it left IN_FLIGHT.
CREATE TABLE IF NOT EXISTS wolkvox_cluster_instance (
    instance_name VARCHAR(200) PRIMARY KEY,
    started_at    TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
    heartbeat_at  TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL,
    stopped_at    TIMESTAMP WITH TIME ZONE
);
-- The last turn taken on each slot of the cluster-wide token guard (the lock itself is a PostgreSQL
-- advisory lock on lock_key). released_at stays NULL when the holder died during its call: Wolkvox
-- may still be working on that call, so the next holder waits until acquired_at + the call's limit.
CREATE TABLE IF NOT EXISTS wolkvox_token_turn (
    lock_key    BIGINT PRIMARY KEY,
    holder      VARCHAR(200) NOT NULL,
    acquired_at TIMESTAMP WITH TIME ZONE NOT NULL,
    released_at TIMESTAMP WITH TIME ZONE
);
-- Files of a shared inbox, each claimed by one instance while it works on it (file_key: name, size
-- and modification time). A claim whose owner's heartbeat stopped is taken over by another instance,
-- which resumes the file from its progress record.
CREATE TABLE IF NOT EXISTS wolkvox_file_claim (
    file_key   VARCHAR(1000) PRIMARY KEY,
    owner      VARCHAR(200) NOT NULL,
    claimed_at TIMESTAMP WITH TIME ZONE DEFAULT CURRENT_TIMESTAMP NOT NULL
);
