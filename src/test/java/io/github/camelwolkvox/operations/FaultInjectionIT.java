package io.github.camelwolkvox.operations;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import org.apache.camel.main.Main;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.camelwolkvox.TestApplication;
import io.github.camelwolkvox.sandbox.WolkvoxSandboxSupport;
import io.github.camelwolkvox.component.WolkvoxComponent;
import io.github.camelwolkvox.sandbox.SandboxCall;
import io.github.camelwolkvox.sandbox.SandboxFault;
import io.github.camelwolkvox.sandbox.WolkvoxSandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole job against a Wolkvox that misbehaves on one call in five (HTTP 500, garbage, an error
 * inside HTTP 200, a hang past the read timeout), with a CSV file, dial rows and interaction rows
 * all competing for one token: every activity code ends up created, every request ends in a
 * terminal state, no call overlaps another on the token, and no customer is dialled twice.
 */
class FaultInjectionIT {

    private static final int CODES = 60;
    private static final int DIALS = 40;
    private static final int INTERACTIONS = 10;

    @TempDir
    Path data;

    private Main main;

    @AfterEach
    void stop() {
        if (main != null) {
            main.stop();
        }
    }

    @Test
    void underTwentyPercentFaultsNothingIsLostAndNobodyIsDialledTwice() throws Exception {
        Path inbox = data.resolve("inbox");
        Files.createDirectories(inbox);
        Map<String, String> settings = TestApplication.isolatedSettings(data);
        settings.put("wolkvox.sandbox.tour", "false");
        settings.put("wolkvox.reports.cron", "0 0 3 1 1 ?");
        settings.put("wolkvox.read-timeout", "400");
        // a hung call keeps its token's turn until Wolkvox is done with it: here the 800 ms hang
        settings.put("wolkvox.server-call-limit", "1000");
        settings.put("wolkvox.retry.max-redeliveries", "10");
        settings.put("wolkvox.retry.initial-delay", "10");
        settings.put("wolkvox.retry.max-delay", "50");
        settings.put("wolkvox.activity-codes.inbox", inbox.toString());
        settings.put("wolkvox.activity-codes.poll-delay", "200");
        settings.put("wolkvox.activity-codes.read-lock-check-interval", "100");
        settings.put("wolkvox.queue.poll-interval", "100");
        main = TestApplication.start(settings);
        WolkvoxSandbox sandbox = WolkvoxSandboxSupport.of(main.getCamelContext()).running().orElseThrow();
        sandbox.setHangMillis(800);
        sandbox.setFaults(0.2, Set.of(SandboxFault.SERVER_ERROR, SandboxFault.GARBAGE, SandboxFault.ERROR_IN_200,
                SandboxFault.HANG), 20261121);

        DataSource ds = main.getCamelContext().getRegistry().lookupByNameAndType("wolkvoxDataSource", DataSource.class);
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            for (int i = 0; i < DIALS; i++) {
                st.executeUpdate("INSERT INTO wolkvox_dial_request (agent_id, customer_phone) VALUES ('1001', '30055500" + (10 + i) + "')");
            }
            for (int i = 0; i < INTERACTIONS; i++) {
                st.executeUpdate("INSERT INTO wolkvox_interaction_request (\"from\", \"to\", subject, body, rp_id)"
                        + " VALUES ('c" + i + "@example.com', 'care@example.com', 'Case " + i + "', 'Body', '102')");
            }
        }
        StringBuilder csv = new StringBuilder("type_code;cod_act;description_cod_act;hit;rpc\r\n");
        for (int i = 0; i < CODES; i++) {
            csv.append("VENTAS;F-").append(i).append(";Código de falla ").append(i).append(";sí;no\r\n");
        }
        Files.writeString(inbox.resolve("codes.csv.tmp"), csv, StandardCharsets.UTF_8);
        Files.move(inbox.resolve("codes.csv.tmp"), inbox.resolve("codes.csv"));

        // Every activity code is created in the end: the file is done, each row created.
        Path result = inbox.resolve("done").resolve("codes.csv.result.csv");
        Path failed = inbox.resolve("error").resolve("codes.csv.result.csv");
        await().atMost(Duration.ofSeconds(120)).until(() -> Files.exists(result) || Files.exists(failed));
        assertThat(failed).as("the file went to error/: some row failed for good").doesNotExist();
        List<String> resultRows = Files.readAllLines(result, StandardCharsets.UTF_8);
        assertThat(resultRows).hasSize(CODES + 1);
        assertThat(resultRows.subList(1, resultRows.size())).allMatch(r -> r.contains(";created;") || r.contains(";updated;")); // in the file's dialect
        for (int i = 0; i < CODES; i++) {
            assertThat(sandbox.activityCodes()).containsKey("VENTAS|F-" + i);
        }

        // Every request ends in a terminal state.
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            await().atMost(Duration.ofSeconds(120)).until(() -> pending(st, "wolkvox_dial_request") == 0
                    && pending(st, "wolkvox_interaction_request") == 0);
            Map<String, String> dialStatus = new HashMap<>();
            try (ResultSet rs = st.executeQuery("SELECT customer_phone, status FROM wolkvox_dial_request")) {
                while (rs.next()) {
                    dialStatus.put(rs.getString(1), rs.getString(2));
                }
            }
            assertThat(dialStatus).hasSize(DIALS);
            assertThat(dialStatus.values()).allMatch(s -> Set.of("DONE", "UNKNOWN", "FAILED").contains(s));
            assertThat(dialStatus.values()).contains("DONE");

            // No customer dialled twice; a DONE row was dialled exactly once.
            Map<String, Long> dialsByPhone = sandbox.dials().stream()
                    .collect(Collectors.groupingBy(d -> d.query().get("customer_phone"), Collectors.counting()));
            assertThat(dialsByPhone.values()).allMatch(n -> n == 1);
            dialStatus.forEach((phone, status) -> {
                if (status.equals("DONE")) {
                    assertThat(dialsByPhone).containsEntry(phone, 1L);
                }
            });
            Map<String, Long> interactionsBySender = sandbox.interactions().stream()
                    .collect(Collectors.groupingBy(SandboxCall::body, Collectors.counting()));
            assertThat(interactionsBySender.values()).allMatch(n -> n == 1);
        }
        assertThat(sandbox.overlaps()).isZero();
    }

    private static long pending(Statement st, String table) throws Exception {
        try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + table + " WHERE status IN ('PENDING', 'IN_FLIGHT')")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
