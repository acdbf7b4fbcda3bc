package io.github.camelwolkvox.reports;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.github.camelwolkvox.db.WolkvoxDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The history and change log of an API report (records as JSON rows), on H2; the subclass runs it on PostgreSQL. */
class ApiReportHistoryTest {

    WolkvoxDataSource openDatabase() {
        WolkvoxDataSource ds = new WolkvoxDataSource();
        ds.setJdbcUrl("jdbc:h2:mem:api-history-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE");
        ds.setUsername("sa");
        ds.setSchemaScripts("classpath:db/reports-schema.sql");
        return ds;
    }

    @Test
    void changesOfAnApiReportAreLoggedByItsKeyAndLongValuesFit() throws Exception {
        try (WolkvoxDataSource ds = openDatabase()) {
            ReportHistory history = new ReportHistory();
            history.setDataSource(ds);
            // an account of its own: a shared database keeps rows of other tests
            history.setAccount("api-" + UUID.randomUUID());
            Report agents = Report.api("agents", "information.php", "agent_id", Set.of("last_use"));
            history.record(new Snapshot(agents, Instant.now().minusSeconds(60),
                    List.of(agent("1001", "ready", "10:00"), agent("1002", "logout", "10:00"))));
            String longStatus = "busy ".repeat(100);
            List<ReportChange> changes = history.record(new Snapshot(agents, Instant.now(),
                    List.of(agent("1001", longStatus, "10:05"), agent("1003", "ready", "10:05"))));
            assertThat(changes).extracting(ReportChange::toString).containsExactlyInAnyOrder(
                    "agents record 1001 agent_status: 'ready' -> '" + longStatus + "'",
                    "agents record 1003 appeared",
                    "agents record 1002 disappeared");
            // the third snapshot compares with the second one's rows, read back from their JSON
            assertThat(history.record(new Snapshot(agents, Instant.now().plusSeconds(60),
                    List.of(agent("1001", longStatus, "10:10"), agent("1003", "ready", "10:10"))))).isEmpty();
        }
    }

    private static Map<String, Object> agent(String id, String status, String lastUse) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("agent_id", id);
        a.put("agent_status", status);
        a.put("last_use", lastUse);
        return a;
    }
}
