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
