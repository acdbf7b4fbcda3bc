package io.github.camelwolkvox.cluster;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.spi.OnCamelContextInitializing;
import org.apache.camel.spi.OnCamelContextStarting;
import org.apache.camel.spi.OnCamelContextStopped;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.camelwolkvox.component.TurnGate;
import io.github.camelwolkvox.queue.RequestQueue;

/**
 * Cluster mode ({@code wolkvox.cluster.enabled=true}): several instances on one PostgreSQL. While
 * the CamelContext initialises, before any route or endpoint exists, it checks the database is
 * PostgreSQL (the start fails naming the setting otherwise), settles this process's unique name,
 * registers its heartbeat row, binds the cluster-wide token guard ({@link TurnGate}) in the
 * registry, and switches the report schedule to Quartz's clustered store. Then, every heartbeat
 * interval, it writes its heartbeat and resolves the rows dead instances left IN_FLIGHT.
 * Disabled (the default) it does nothing at all.
 */
public class ClusterMembership implements OnCamelContextInitializing, OnCamelContextStarting, OnCamelContextStopped {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterMembership.class);
    static final String GATE_BEAN = "wolkvoxClusterTokenGate";

    private boolean enabled;
    private DataSource dataSource;
    private String instanceName;
    private long heartbeatInterval = 5_000;
    private long lease = 30_000;
    private int guardConnections = 10;
    private long callLimit = 60_000;

    private ScheduledExecutorService heartbeat;
    private AdvisoryLockTokenGate gate;
    private StrandedRequestSweep sweep;

    @Override
    public void onContextInitializing(CamelContext context) {
        if (!enabled) {
            return;
        }
        if (lease < 2 * heartbeatInterval) {
            throw new IllegalArgumentException("wolkvox.cluster.lease (WOLKVOX_CLUSTER_LEASE) must be at least twice"
                    + " wolkvox.cluster.heartbeat-interval: " + lease + " < 2 x " + heartbeatInterval);
        }
        requirePostgres();
        String name = getInstanceName();
        ClusterSchema.create(dataSource);
        warnIfNameInUse(name);
        beat("INSERT INTO wolkvox_cluster_instance (instance_name) VALUES (?) ON CONFLICT (instance_name) DO UPDATE"
                + " SET started_at = CURRENT_TIMESTAMP, heartbeat_at = CURRENT_TIMESTAMP, stopped_at = NULL");
        // claimed_by of every request row this process claims is its cluster name: the sweep of the
        // other instances finds them by it
        for (RequestQueue queue : context.getRegistry().findByType(RequestQueue.class)) {
            queue.setInstanceName(name);
        }
        gate = AdvisoryLockTokenGate.on(dataSource, guardConnections, name, callLimit);
        context.getRegistry().bind(GATE_BEAN, TurnGate.class, gate);
        ClusteredSchedule.configure(context, dataSource, name, heartbeatInterval);
        sweep = new StrandedRequestSweep(dataSource, name, lease, context.getRegistry().findSingleByType(MeterRegistry.class));
        LOG.info("Cluster mode: instance {} on PostgreSQL; heartbeat every {} ms, lease {} ms", name, heartbeatInterval, lease);
    }

    @Override
    public void onContextStarting(CamelContext context) {
        if (!enabled) {
            return;
        }
        heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "wolkvox-cluster-heartbeat");
            t.setDaemon(true);
            return t;
        });
        heartbeat.scheduleWithFixedDelay(this::tick, 0, heartbeatInterval, TimeUnit.MILLISECONDS);
    }

    /** One heartbeat, then one sweep of the rows dead instances left IN_FLIGHT. */
    void tick() {
        try {
            beat("UPDATE wolkvox_cluster_instance SET heartbeat_at = CURRENT_TIMESTAMP WHERE instance_name = ?");
            sweep.sweep();
            // rows of processes gone for a week: every name is new per process by default
            beat("DELETE FROM wolkvox_cluster_instance WHERE instance_name <> ? AND heartbeat_at < CURRENT_TIMESTAMP - INTERVAL '7 days'");
        } catch (RuntimeException | SQLException e) {
            LOG.warn("Cluster heartbeat of {} failed (trying again in {} ms): {}", getInstanceName(), heartbeatInterval, e.getMessage());
        }
    }

    @Override
    public void onContextStopped(CamelContext context) {
        if (!enabled) {
            return;
        }
        if (heartbeat != null) {
            heartbeat.shutdownNow();
        }
        // Every route has stopped: this instance owns nothing any more, another may resolve its rows at once.
        try {
            beat("UPDATE wolkvox_cluster_instance SET stopped_at = CURRENT_TIMESTAMP WHERE instance_name = ?");
        } catch (RuntimeException e) {
            LOG.warn("Cluster: could not record the stop of {} (the lease covers it): {}", getInstanceName(), e.getMessage());
        }
        if (gate != null) {
            gate.close();
        }
    }

    /** A name whose heartbeat is still fresh belongs to a live process: two with one name would resolve each other's rows. */
    private void warnIfNameInUse(String name) {
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement("SELECT 1 FROM wolkvox_cluster_instance"
                + " WHERE instance_name = ? AND stopped_at IS NULL AND heartbeat_at >= CURRENT_TIMESTAMP - ? * INTERVAL '1 millisecond'")) {
            st.setString(1, name);
            st.setLong(2, lease);
            if (st.executeQuery().next()) {
                LOG.warn("Cluster: instance name {} has a heartbeat younger than the lease: if another process runs under this"
                        + " name, give each its own wolkvox.cluster.instance-name (WOLKVOX_CLUSTER_INSTANCE_NAME), or leave it"
                        + " empty for host name + process id", name);
            }
        } catch (SQLException e) {
            throw new RuntimeCamelException("Cluster: cannot read wolkvox_cluster_instance: " + e.getMessage(), e);
        }
    }

    private void beat(String sql) {
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            st.setString(1, getInstanceName());
            st.executeUpdate();
        } catch (SQLException e) {
            throw new RuntimeCamelException("Cluster heartbeat row of " + getInstanceName() + ": " + e.getMessage(), e);
        }
    }

    private void requirePostgres() {
        String product;
        try (Connection c = dataSource.getConnection()) {
            product = c.getMetaData().getDatabaseProductName();
        } catch (SQLException e) {
            throw new RuntimeCamelException("wolkvox.cluster.enabled=true: cannot reach the database (wolkvox.db.url): " + e.getMessage(), e);
        }
        if (!"PostgreSQL".equalsIgnoreCase(product)) {
            throw new IllegalArgumentException("wolkvox.cluster.enabled=true (WOLKVOX_CLUSTER_ENABLED) needs PostgreSQL, but"
                    + " wolkvox.db.url (WOLKVOX_DB_URL) is " + product + ": point every instance at one PostgreSQL database,"
                    + " or set wolkvox.cluster.enabled=false");
        }
    }

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public DataSource getDataSource() {
        return dataSource;
    }

    public void setDataSource(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** This process's name in the cluster: as set, else host name + process id (two processes on one host differ). */
    public synchronized String getInstanceName() {
        if (instanceName == null || instanceName.isBlank()) {
            String host;
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                host = "localhost";
            }
            instanceName = host + "-" + ProcessHandle.current().pid();
        }
        return instanceName;
    }

    public synchronized void setInstanceName(String instanceName) {
        this.instanceName = instanceName == null ? null : instanceName.strip();
    }

    public long getHeartbeatInterval() {
        return heartbeatInterval;
    }

    public void setHeartbeatInterval(long heartbeatInterval) {
        this.heartbeatInterval = heartbeatInterval;
    }

    public long getLease() {
        return lease;
    }

    public void setLease(long lease) {
        this.lease = lease;
    }

    public long getCallLimit() {
        return callLimit;
    }

    /** The longest Wolkvox can be busy with one call (the read timeout): the turn of a holder that died mid-call lasts that long. */
    public void setCallLimit(long callLimit) {
        this.callLimit = callLimit;
    }

    public int getGuardConnections() {
        return guardConnections;
    }

    public void setGuardConnections(int guardConnections) {
        this.guardConnections = guardConnections;
    }
}
