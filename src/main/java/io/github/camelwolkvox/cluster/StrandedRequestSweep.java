package io.github.camelwolkvox.cluster;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

import javax.sql.DataSource;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves the request rows a dead instance left IN_FLIGHT: an instance whose heartbeat is older
 * than the lease, or which stopped, will never write their outcome, and their call may have reached
 * Wolkvox. They become UNKNOWN (never re-sent), each with a log line and a count in the metric
 * {@code wolkvox_cluster_stranded_rows_total}. Plain SQL on the queue tables: one UPDATE per table,
 * safe to run on several instances at once (a row changes once).
 */
final class StrandedRequestSweep {

    private static final Logger LOG = LoggerFactory.getLogger(StrandedRequestSweep.class);
    static final List<String> TABLES = List.of("wolkvox_dial_request", "wolkvox_interaction_request");

    private final DataSource dataSource;
    private final String self;
    private final long leaseMillis;
    private final MeterRegistry meters;

    StrandedRequestSweep(DataSource dataSource, String self, long leaseMillis, MeterRegistry meters) {
        this.dataSource = dataSource;
        this.self = self;
        this.leaseMillis = leaseMillis;
        this.meters = meters;
    }

    /** One sweep of both tables; returns the rows resolved. */
    int sweep() throws SQLException {
        int total = 0;
        for (String table : TABLES) {
            String sql = "UPDATE " + table + " r SET status = 'UNKNOWN', updated_at = CURRENT_TIMESTAMP,"
                    + " last_error = 'outcome unknown, not retried: instance ' || r.claimed_by || ' died during the call"
                    + " (resolved by ' || ? || '); check in Wolkvox before setting the row back to PENDING'"
                    + " FROM wolkvox_cluster_instance i WHERE r.status = 'IN_FLIGHT' AND r.claimed_by = i.instance_name"
                    + " AND i.instance_name <> ? AND (i.stopped_at IS NOT NULL"
                    + " OR i.heartbeat_at < CURRENT_TIMESTAMP - ? * INTERVAL '1 millisecond')"
                    + " RETURNING r.id, r.claimed_by";
            try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
                st.setString(1, self);
                st.setString(2, self);
                st.setLong(3, leaseMillis);
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        total++;
                        LOG.warn("{} row {} was IN_FLIGHT on instance {}, whose heartbeat stopped: now UNKNOWN, not re-sent"
                                + " (check it in Wolkvox)", table, rs.getLong(1), rs.getString(2));
                        if (meters != null) {
                            Counter.builder("wolkvox.cluster.stranded.rows")
                                    .description("Request rows a dead instance left IN_FLIGHT, resolved to UNKNOWN by a live one")
                                    .tag("table", table).register(meters).increment();
                        }
                    }
                }
            }
        }
        return total;
    }
}
