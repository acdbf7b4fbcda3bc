package io.github.camelwolkvox.cluster;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One owner per file of an inbox: the repository of Camel's {@code readLock=idempotent-changed}.
 * In cluster mode a claim is a row in {@code wolkvox_file_claim}, taken in one atomic statement
 * only when the file is unclaimed or its owner is dead (heartbeat older than the lease, or
 * stopped), so two instances can never both own a file. Camel's JDBC orphan-lock-aware repository
 * is not used: it decides "orphan" by a keep-alive age and takes the row over in a separate
 * statement, which two instances can both do. Alone (cluster mode off), the claim is in memory.
 */
public class FileClaims extends ServiceSupport implements IdempotentRepository, CamelContextAware {

    private static final Logger LOG = LoggerFactory.getLogger(FileClaims.class);

    private CamelContext camelContext;
    private final Set<String> local = ConcurrentHashMap.newKeySet();
    private volatile ClusterMembership cluster;

    private ClusterMembership cluster() {
        ClusterMembership c = cluster;
        if (c == null) {
            c = camelContext.getRegistry().findSingleByType(ClusterMembership.class);
            cluster = c;
        }
        return c != null && c.isEnabled() ? c : null;
    }

    @Override
    public boolean add(String key) {
        ClusterMembership c = cluster();
        if (c == null) {
            return local.add(key);
        }
        try (Connection conn = c.getDataSource().getConnection()) {
            String previous = null;
            try (PreparedStatement st = conn.prepareStatement("SELECT owner FROM wolkvox_file_claim WHERE file_key = ?")) {
                st.setString(1, key);
                try (ResultSet rs = st.executeQuery()) {
                    if (rs.next()) {
                        previous = rs.getString(1);
                    }
                }
            }
            int claimed;
            try (PreparedStatement st = conn.prepareStatement("INSERT INTO wolkvox_file_claim (file_key, owner) VALUES (?, ?)"
                    + " ON CONFLICT (file_key) DO UPDATE SET owner = EXCLUDED.owner, claimed_at = CURRENT_TIMESTAMP"
                    + " WHERE wolkvox_file_claim.owner = EXCLUDED.owner OR NOT EXISTS (SELECT 1 FROM wolkvox_cluster_instance i"
                    + " WHERE i.instance_name = wolkvox_file_claim.owner AND i.stopped_at IS NULL"
                    + " AND i.heartbeat_at >= CURRENT_TIMESTAMP - ? * INTERVAL '1 millisecond')")) {
                st.setString(1, key);
                st.setString(2, c.getInstanceName());
                st.setLong(3, c.getLease());
                claimed = st.executeUpdate();
            }
            if (claimed == 1 && previous != null && !previous.equals(c.getInstanceName())) {
                LOG.warn("File {} was being worked on by instance {}, whose heartbeat stopped: {} takes it over and"
                        + " resumes it from its progress record", key, previous, c.getInstanceName());
            }
            return claimed == 1;
        } catch (SQLException e) {
            // not claimed: the file stays in the inbox for the next poll
            LOG.warn("Cannot claim file {} (tried again at the next poll): {}", key, e.getMessage());
            return false;
        }
    }

    @Override
    public boolean contains(String key) {
        ClusterMembership c = cluster();
        if (c == null) {
            return local.contains(key);
        }
        return run(c, "SELECT 1 FROM wolkvox_file_claim WHERE file_key = ? AND owner = ?", key, true);
    }

    @Override
    public boolean remove(String key) {
        ClusterMembership c = cluster();
        if (c == null) {
            return local.remove(key);
        }
        return run(c, "DELETE FROM wolkvox_file_claim WHERE file_key = ? AND owner = ?", key, false);
    }

    private static boolean run(ClusterMembership c, String sql, String key, boolean query) {
        try (Connection conn = c.getDataSource().getConnection(); PreparedStatement st = conn.prepareStatement(sql)) {
            st.setString(1, key);
            st.setString(2, c.getInstanceName());
            if (query) {
                try (ResultSet rs = st.executeQuery()) {
                    return rs.next();
                }
            }
            return st.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new RuntimeCamelException("File claim of " + key + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean confirm(String key) {
        return true;
    }

    @Override
    public void clear() {
        local.clear();
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
    }
}
