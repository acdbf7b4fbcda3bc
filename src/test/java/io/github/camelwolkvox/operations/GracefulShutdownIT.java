package io.github.camelwolkvox.operations;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;

import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.camelwolkvox.TestApplication;
import io.github.camelwolkvox.sandbox.WolkvoxSandboxSupport;
import io.github.camelwolkvox.component.WolkvoxComponent;
import io.github.camelwolkvox.sandbox.WolkvoxSandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Stopping the job lets the call in flight finish and record its outcome, and leaves the work that
 * had not started where it came from: nothing is marked done that was not done.
 */
class GracefulShutdownIT {

    @TempDir
    Path data;

    @Test
    void theCallInFlightFinishesAndQueuedRowsStayPending() throws Exception {
        Map<String, String> settings = TestApplication.isolatedSettings(data);
        settings.put("wolkvox.sandbox.tour", "false");
        settings.put("wolkvox.reports.cron", "0 0 3 1 1 ?");
        settings.put("wolkvox.queue.poll-interval", "100");
        settings.put("wolkvox.queue.batch-size", "1");
        Main main = TestApplication.start(settings);
        WolkvoxSandbox sandbox = WolkvoxSandboxSupport.of(main.getCamelContext()).running().orElseThrow();
        sandbox.setLatencyMillis(2000);
        DataSource ds = main.getCamelContext().getRegistry().lookupByNameAndType("wolkvoxDataSource", DataSource.class);
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO wolkvox_dial_request (agent_id, customer_phone) VALUES ('1001', '3005550001')");
            st.executeUpdate("INSERT INTO wolkvox_dial_request (agent_id, customer_phone) VALUES ('1001', '3005550002')");
        }
        await().until(() -> sandbox.inFlight() == 1);

        main.stop(); // returns once Camel's graceful shutdown is over

        assertThat(sandbox.dials()).hasSize(1);
        // The pool closed with the context: read the outcome with a connection of our own.
        try (HikariDataSource own = new HikariDataSource()) {
            own.setJdbcUrl(settings.get("wolkvox.db.url"));
            own.setUsername("sa");
            Map<String, String> status = new LinkedHashMap<>();
            try (Connection c = own.getConnection(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT customer_phone, status, conn_id FROM wolkvox_dial_request ORDER BY id")) {
                while (rs.next()) {
                    status.put(rs.getString(1), rs.getString(2) + (rs.getString(3) == null ? "" : " with conn_id"));
                }
            }
            assertThat(status).containsExactly(Map.entry("3005550001", "DONE with conn_id"), Map.entry("3005550002", "PENDING"));
        }
    }
}
