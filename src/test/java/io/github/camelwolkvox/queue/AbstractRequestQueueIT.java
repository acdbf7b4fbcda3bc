package io.github.camelwolkvox.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.github.camelwolkvox.component.CallPriority;
import io.github.camelwolkvox.component.TokenGuard;
import io.github.camelwolkvox.component.TokenLane;
import io.github.camelwolkvox.component.AccountCircuit;
import io.github.camelwolkvox.component.WolkvoxComponent;
import io.github.camelwolkvox.sandbox.SandboxCall;
import io.github.camelwolkvox.sandbox.SandboxFault;
import io.github.camelwolkvox.sandbox.WolkvoxSandbox;

/**
 * The request-queue lifecycle end to end: the real app (Camel Main, application.properties, the two
 * route files), a real database, the sandbox over real HTTP. Run once per database (H2, PostgreSQL).
 */
abstract class AbstractRequestQueueIT {

    static final String DIALS = "wolkvox_dial_request";
    static final String INTERACTIONS = "wolkvox_interaction_request";
    static final Duration WAIT = Duration.ofSeconds(20);

    WolkvoxSandbox sandbox;
    TestDatabase db;
    private final List<QueueApp> apps = new ArrayList<>();

    /** The database of this run; may skip the test (JUnit assumption) when it is not available. */
    abstract TestDatabase openDatabase();

    @BeforeEach
    void startSandboxAndDatabase() {
        db = openDatabase();
        db.clear();
        sandbox = new WolkvoxSandbox(0);
        sandbox.start();
    }

    @AfterEach
    void stopEverything() {
        apps.forEach(QueueApp::close);
        if (sandbox != null) {
            sandbox.stop();
        }
        if (db != null) {
            db.close();
        }
    }

    QueueApp app(String instance, String... settings) {
        Map<String, String> all = new HashMap<>(db.settings());
        all.put("wolkvox.sandbox.enabled", "false");
        all.put("wolkvox.token", "queue-test-token");
        all.put("wolkvox.base-url", sandbox.baseUrl());
        all.put("wolkvox.accounts.bogota.token", "queue-test-token-bogota");
        all.put("wolkvox.accounts.bogota.base-url", sandbox.baseUrl());
        all.put("wolkvox.queue.instance-name", instance);
        for (int i = 0; i < settings.length; i += 2) {
            all.put(settings[i], settings[i + 1]);
        }
        QueueApp app = new QueueApp(all);
        apps.add(app);
        return app.start();
    }

    String status(String table, long id) {
        return (String) db.row(table, id).get("status");
    }

    void awaitStatus(String table, long id, String status) {
        await().atMost(WAIT).untilAsserted(() -> assertThat(status(table, id)).as(table + " row " + id).isEqualTo(status));
    }

    List<String> dialledPhones() {
        return sandbox.dials().stream().map(c -> c.query().get("customer_phone")).toList();
    }

    @Test
    void dialsAndInteractionsAreCarriedOutOnceInIdOrder() {
        List<Long> dials = List.of(db.dial(null, "1001", "3001000001"), db.dial(null, "1002", "3001000002"),
                db.dial(null, "1003", "3001000003"));
        long care = db.interaction(null, "ana@example.com", "Invoice question", "102");
        long sales = db.interaction(null, "luis@example.com", "New plan", "101");

        app("queue-a");
        dials.forEach(id -> awaitStatus(DIALS, id, "DONE"));
        awaitStatus(INTERACTIONS, care, "DONE");
        awaitStatus(INTERACTIONS, sales, "DONE");
        // A row written while the app runs is picked up by the next poll.
        long later = db.dial(null, "1004", "3001000004");
        awaitStatus(DIALS, later, "DONE");

        assertThat(dialledPhones()).containsExactly("3001000001", "3001000002", "3001000003", "3001000004");
        for (long id : dials) {
            Map<String, Object> row = db.row(DIALS, id);
            assertThat(row.get("conn_id")).as("conn_id").isNotNull();
            assertThat(row).containsEntry("attempts", 1).containsEntry("claimed_by", "queue-a").containsEntry("last_error", null);
        }
        assertThat(db.row(INTERACTIONS, care).get("result_msg")).asString().contains("Customer care routing point was executed");
        assertThat(sandbox.interactions()).extracting(SandboxCall::body)
                .satisfiesExactly(b -> assertThat(b).contains("\"from\":\"ana@example.com\"", "\"rp_id\":\"102\""),
                        b -> assertThat(b).contains("\"from\":\"luis@example.com\"", "\"rp_id\":\"101\""));
        assertThat(sandbox.overlaps()).isZero();
    }

    @Test
    void invalidRowsAreRejectedWithoutACall() {
        long badPhone = db.dial(null, "1001", "12ab");
        long noAgent = db.dial(null, null, "3001000001");
        long unknownAccount = db.dial("nowhere", "1001", "3001000002");
        long otherAccount = db.dial("bogota", "1001", "3001000003");
        long noSubject = db.interaction(null, "ana@example.com", null, "102");
        long unknownRoutingPoint = db.interaction(null, "ana@example.com", "Hello", "999");

        app("queue-a");
        awaitStatus(DIALS, badPhone, "REJECTED");
        awaitStatus(DIALS, noAgent, "REJECTED");
        awaitStatus(DIALS, unknownAccount, "REJECTED");
        awaitStatus(DIALS, otherAccount, "DONE");
        awaitStatus(INTERACTIONS, noSubject, "REJECTED");
        awaitStatus(INTERACTIONS, unknownRoutingPoint, "FAILED");

        assertThat(db.row(DIALS, badPhone).get("last_error")).asString().contains("customer_phone", "12ab");
        assertThat(db.row(DIALS, noAgent).get("last_error")).asString().contains("agent_id: is required");
        assertThat(db.row(DIALS, unknownAccount).get("last_error")).asString().contains("account", "'nowhere'");
        assertThat(db.row(INTERACTIONS, noSubject).get("last_error")).asString().contains("subject: is required");
        assertThat(db.row(INTERACTIONS, unknownRoutingPoint).get("last_error")).asString()
                .contains("REJECTED", "Routing point 999 does not exist");
        // Every request that ended without being carried out is also a dead letter.
        assertThat(db.query("SELECT source, operation FROM wolkvox_dead_letter ORDER BY id")).extracting(r -> r.get("source"))
                .containsExactlyInAnyOrder(DIALS + " " + badPhone, DIALS + " " + noAgent, DIALS + " " + unknownAccount,
                        INTERACTIONS + " " + noSubject, INTERACTIONS + " " + unknownRoutingPoint);
        // Only the valid dial and the interaction Wolkvox refused reached the server.
        assertThat(dialledPhones()).containsExactly("3001000003");
        assertThat(sandbox.interactions()).isEmpty();
    }

    @Test
    void aReadTimeoutLeavesTheDialUnknownAndItIsNeverSentAgain() {
        sandbox.setLatency(call -> "3009999999".equals(call.query().get("customer_phone")) ? 1500 : 0);
        long slow = db.dial(null, "1001", "3009999999");
        long next = db.dial(null, "1002", "3001000001");

        app("queue-a", "wolkvox.read-timeout", "300", "wolkvox.server-call-limit", "2000");
        awaitStatus(DIALS, slow, "UNKNOWN");
        // The server did carry it out, after the client had stopped waiting...
        await().atMost(WAIT).until(() -> dialledPhones().contains("3009999999"));
        awaitStatus(DIALS, next, "DONE");
        // ...and the module never sends it again.
        await().during(Duration.ofMillis(1000)).atMost(Duration.ofSeconds(3))
                .until(() -> dialledPhones().stream().filter("3009999999"::equals).count() == 1);
        Map<String, Object> row = db.row(DIALS, slow);
        assertThat(row).containsEntry("status", "UNKNOWN").containsEntry("attempts", 1).containsEntry("conn_id", null);
        assertThat(row.get("last_error")).asString().contains("outcome unknown, not retried", "OUTCOME_UNKNOWN");
        assertThat(dialledPhones()).containsExactlyInAnyOrder("3009999999", "3001000001");
    }

    @Test
    void anAnswerThatIsNotAnEnvelopeLeavesTheRequestUnknown() {
        // Wolkvox carries the request out, then the answer is an HTML error page.
        sandbox.setFaults(1.0, Set.of(SandboxFault.GARBAGE), 7);
        long dial = db.dial(null, "1001", "3001000001");
        long interaction = db.interaction(null, "ana@example.com", "Hello", "102");

        app("queue-a");
        awaitStatus(DIALS, dial, "UNKNOWN");
        awaitStatus(INTERACTIONS, interaction, "UNKNOWN");
        assertThat(db.row(DIALS, dial).get("last_error")).asString().contains("MALFORMED_RESPONSE");
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
                .until(() -> sandbox.dials().size() == 1 && sandbox.interactions().size() == 1);
    }

    @Test
    void aCallThatCannotHaveReachedWolkvoxGoesBackToPendingWithBackOff() {
        sandbox.setMaxConcurrentPerToken(0); // every call is answered "simultaneous requests": nothing done
        long id = db.dial(null, "1001", "3001000001");

        app("queue-a", "wolkvox.queue.retry.initial-delay", "60000");
        await().atMost(WAIT).untilAsserted(() -> assertThat(db.row(DIALS, id))
                .containsEntry("status", "PENDING").containsEntry("attempts", 1));
        assertThat(db.row(DIALS, id).get("last_error")).asString().contains("did not reach Wolkvox", "TOKEN_BUSY");
        assertThat(db.count("SELECT COUNT(*) FROM " + DIALS
                + " WHERE id = ? AND next_attempt_at > CURRENT_TIMESTAMP + INTERVAL '50' SECOND", id)).isEqualTo(1);
        assertThat(sandbox.dials()).isEmpty();

        // The back-off is over (as if a minute had passed) and the token is free again.
        sandbox.setMaxConcurrentPerToken(1);
        db.update("UPDATE " + DIALS + " SET next_attempt_at = CURRENT_TIMESTAMP WHERE id = ?", id);
        awaitStatus(DIALS, id, "DONE");
        assertThat(db.row(DIALS, id)).containsEntry("attempts", 2).containsEntry("last_error", null);
        assertThat(dialledPhones()).containsExactly("3001000001");
    }

    @Test
    void aRequestThatNeverGetsThroughFailsAfterMaxAttempts() {
        sandbox.setMaxConcurrentPerToken(0); // the token is always busy: nothing is ever done
        long dial = db.dial(null, "1001", "3001000001");
        long interaction = db.interaction(null, "ana@example.com", "Hello", "102");

        app("queue-a", "wolkvox.queue.max-attempts", "3", "wolkvox.queue.retry.initial-delay", "50");
        awaitStatus(DIALS, dial, "FAILED");
        awaitStatus(INTERACTIONS, interaction, "FAILED");
        for (Map<String, Object> row : List.of(db.row(DIALS, dial), db.row(INTERACTIONS, interaction))) {
            assertThat(row).containsEntry("attempts", 3);
            assertThat(row.get("last_error")).asString().contains("gave up after 3 attempts", "TOKEN_BUSY");
        }
    }

    @Test
    void whileWolkvoxCannotBeReachedRowsWaitAndResumeByThemselves() {
        int port = sandbox.port();
        QueueApp app = app("queue-a", "wolkvox.queue.retry.initial-delay", "50", "wolkvox.circuit.probe-interval", "200");
        sandbox.stop(); // the host goes away after the start-up check
        long dial = db.dial(null, "1001", "3001000001");
        long interaction = db.interaction(null, "ana@example.com", "Hello", "102");

        // The account's circuit opens at the first refused connection: rows wait, none is given up.
        WolkvoxComponent wolkvox = app.context().getComponent("wolkvox", WolkvoxComponent.class);
        AccountCircuit circuit = wolkvox.getCircuit(wolkvox.getLanes().get("default"));
        await().atMost(WAIT).until(() -> circuit.state() == AccountCircuit.State.OPEN);
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5)).until(() ->
                List.of("PENDING", "IN_FLIGHT").contains(status(DIALS, dial))
                        && List.of("PENDING", "IN_FLIGHT").contains(status(INTERACTIONS, interaction)));
        assertThat((Integer) db.row(DIALS, dial).get("attempts")).isLessThanOrEqualTo(2);

        sandbox = new WolkvoxSandbox(port); // Wolkvox is back: a probe finds it, the work resumes
        sandbox.start();
        awaitStatus(DIALS, dial, "DONE");
        awaitStatus(INTERACTIONS, interaction, "DONE");
        assertThat(dialledPhones()).containsExactly("3001000001");
    }

    @Test
    void rowsLeftInFlightByACrashBecomeUnknownAtStartUp() {
        long crashed1 = db.dial(null, "1001", "3001000001");
        long crashed2 = db.dial(null, "1002", "3001000002");
        long otherInstance = db.dial(null, "1003", "3001000003");
        long pending = db.dial(null, "1004", "3001000004");
        long crashedInteraction = db.interaction(null, "ana@example.com", "Hello", "102");
        // What a crash of queue-a during these calls leaves behind.
        db.update("UPDATE " + DIALS + " SET status = 'IN_FLIGHT', attempts = 1, claimed_by = 'queue-a' WHERE id IN (?, ?)", crashed1, crashed2);
        db.update("UPDATE " + DIALS + " SET status = 'IN_FLIGHT', attempts = 1, claimed_by = 'queue-b' WHERE id = ?", otherInstance);
        db.update("UPDATE " + INTERACTIONS + " SET status = 'IN_FLIGHT', attempts = 1, claimed_by = 'queue-a' WHERE id = ?", crashedInteraction);

        app("queue-a");
        awaitStatus(DIALS, pending, "DONE");
        assertThat(status(DIALS, crashed1)).isEqualTo("UNKNOWN");
        assertThat(status(DIALS, crashed2)).isEqualTo("UNKNOWN");
        assertThat(status(INTERACTIONS, crashedInteraction)).isEqualTo("UNKNOWN");
        assertThat(db.row(DIALS, crashed1).get("last_error")).asString().contains("queue-a stopped during the call");
        // Another instance's call may still be under way: not ours to judge.
        assertThat(status(DIALS, otherInstance)).isEqualTo("IN_FLIGHT");
        assertThat(dialledPhones()).containsExactly("3001000004");
        assertThat(sandbox.interactions()).isEmpty();
    }

    /**
     * wolkvox.queue.dials.enabled=false switches the dial table off and only it: its rows (and those a
     * crash left IN_FLIGHT) stay as they are, while the interaction table is polled and recovered.
     */
    @Test
    void withDialsSwitchedOffInteractionsStillRun() {
        long dial = db.dial(null, "1001", "3001000001");
        long crashedDial = db.dial(null, "1002", "3001000002");
        long interaction = db.interaction(null, "ana@example.com", "Invoice question", "102");
        long crashedInteraction = db.interaction(null, "luis@example.com", "Hello", "101");
        db.update("UPDATE " + DIALS + " SET status = 'IN_FLIGHT', attempts = 1, claimed_by = 'queue-a' WHERE id = ?", crashedDial);
        db.update("UPDATE " + INTERACTIONS + " SET status = 'IN_FLIGHT', attempts = 1, claimed_by = 'queue-a' WHERE id = ?", crashedInteraction);

        QueueApp app = app("queue-a", "wolkvox.queue.dials.enabled", "false");
        awaitStatus(INTERACTIONS, interaction, "DONE");
        assertThat(status(INTERACTIONS, crashedInteraction)).isEqualTo("UNKNOWN");
        assertThat(app.context().getRouteController().getRouteStatus("wolkvox-dial-queue")).isEqualTo(ServiceStatus.Stopped);
        assertThat(app.context().getRouteController().getRouteStatus("wolkvox-interaction-queue")).isEqualTo(ServiceStatus.Started);
        assertThat(status(DIALS, dial)).isEqualTo("PENDING");
        assertThat(status(DIALS, crashedDial)).isEqualTo("IN_FLIGHT");
        assertThat(sandbox.dials()).isEmpty();
    }

    /** And the other way round; wolkvox.queue.enabled stays the default of both. */
    @Test
    void withInteractionsSwitchedOffDialsStillRun() {
        long dial = db.dial(null, "1001", "3001000001");
        long interaction = db.interaction(null, "ana@example.com", "Invoice question", "102");

        QueueApp app = app("queue-a", "wolkvox.queue.interactions.enabled", "false");
        awaitStatus(DIALS, dial, "DONE");
        assertThat(app.context().getRouteController().getRouteStatus("wolkvox-interaction-queue")).isEqualTo(ServiceStatus.Stopped);
        assertThat(status(INTERACTIONS, interaction)).isEqualTo("PENDING");
        assertThat(sandbox.interactions()).isEmpty();
        assertThat(app.context().resolvePropertyPlaceholders("{{wolkvox.queue.dials.enabled}}")).isEqualTo("true");
    }

    @Test
    void stoppingMidBatchLeavesTheRestPendingAndNothingIsDialledTwice() {
        sandbox.setLatencyMillis(200);
        List<Long> ids = IntStream.rangeClosed(1, 6).mapToObj(i -> db.dial(null, "1001", "300100000" + i)).toList();

        QueueApp first = app("queue-a");
        await().atMost(WAIT).until(() -> sandbox.dials().size() >= 2);
        first.close();

        long done = db.count("SELECT COUNT(*) FROM " + DIALS + " WHERE status = 'DONE'");
        assertThat(db.count("SELECT COUNT(*) FROM " + DIALS + " WHERE status = 'IN_FLIGHT'")).isZero();
        assertThat(done).isEqualTo(sandbox.dials().size()).isLessThan(6);
        assertThat(db.count("SELECT COUNT(*) FROM " + DIALS + " WHERE status = 'PENDING'")).isEqualTo(6 - done);

        app("queue-a");
        ids.forEach(id -> awaitStatus(DIALS, id, "DONE"));
        assertThat(dialledPhones()).hasSize(6).doesNotHaveDuplicates();
    }

    @Test
    void aPoolWithoutAutoCommitStillMakesOneCallPerRow() {
        List<Long> dials = IntStream.range(0, 8).mapToObj(i -> db.dial(null, "1001", String.valueOf(3003000000L + i))).toList();
        List<Long> interactions = IntStream.range(0, 4).mapToObj(i -> db.interaction(null, "p" + i + "@example.com", "Hello", "102")).toList();

        // A host's pool (or this setting) with auto-commit off: a claim that is not committed would be
        // rolled back when its connection goes back to the pool, and the next poll would dial again.
        app("queue-a", "camel.beans.wolkvoxDataSource.autoCommit", "false");
        dials.forEach(id -> awaitStatus(DIALS, id, "DONE"));
        interactions.forEach(id -> awaitStatus(INTERACTIONS, id, "DONE"));
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3))
                .until(() -> sandbox.dials().size() == dials.size() && sandbox.interactions().size() == interactions.size());
        System.out.printf("[figure] %s, pool without auto-commit: %d rows -> %d calls%n", getClass().getSimpleName(),
                dials.size() + interactions.size(), sandbox.dials().size() + sandbox.interactions().size());
        assertThat(dialledPhones()).hasSize(8).doesNotHaveDuplicates();
        assertThat(db.count("SELECT COUNT(*) FROM " + DIALS + " WHERE attempts <> 1 OR conn_id IS NULL")).isZero();
    }

    @Test
    void aWaitForTheTokenThatTimesOutLeavesTheRowPendingWithoutCountingAnAttempt() throws InterruptedException {
        TokenLane lane = TokenGuard.laneFor("queue-test-token", "default", 1);
        long id;
        try (TokenLane.Turn held = lane.acquire(CallPriority.interactive, Duration.ofSeconds(5))) {
            app("queue-a", "wolkvox.token-wait-timeout", "200", "wolkvox.queue.retry.initial-delay", "60000");
            id = db.interaction(null, "ana@example.com", "Hello", "102");
            await().atMost(WAIT).untilAsserted(() -> assertThat(db.row(INTERACTIONS, id).get("last_error")).asString()
                    .contains("not sent", "without getting it"));
            assertThat(db.row(INTERACTIONS, id)).containsEntry("status", "PENDING").containsEntry("attempts", 0);
        }
        db.update("UPDATE " + INTERACTIONS + " SET next_attempt_at = CURRENT_TIMESTAMP WHERE id = ?", id);
        awaitStatus(INTERACTIONS, id, "DONE");
        assertThat(db.row(INTERACTIONS, id)).containsEntry("attempts", 1);
        assertThat(sandbox.interactions()).hasSize(1);
    }

    @Test
    void aShutdownDuringTheWaitForTheTokenLeavesTheRowPendingNotUnknown() throws InterruptedException {
        TokenLane lane = TokenGuard.laneFor("queue-test-token", "default", 1);
        long id;
        try (TokenLane.Turn held = lane.acquire(CallPriority.interactive, Duration.ofSeconds(5))) {
            QueueApp app = app("queue-a", "camel.main.shutdown-timeout", "1");
            id = db.interaction(null, "ana@example.com", "Hello", "102");
            await().atMost(WAIT).until(() -> lane.queueDepth() == 1); // its call waits for the token the test holds
            app.close(); // graceful shutdown times out, then Camel forces the routes down
            assertThat(db.row(INTERACTIONS, id)).containsEntry("status", "PENDING").containsEntry("attempts", 0)
                    .containsEntry("claimed_by", null);
        }
        assertThat(sandbox.interactions()).isEmpty();
        app("queue-a");
        awaitStatus(INTERACTIONS, id, "DONE");
        assertThat(sandbox.interactions()).hasSize(1);
    }

    @Test
    void aConnIdLongerThanItsColumnIsCutToFitAndTheDialStaysDone() {
        sandbox.setConnIds(call -> "C".repeat(450));
        long id = db.dial(null, "1001", "3001000001");

        app("queue-a");
        awaitStatus(DIALS, id, "DONE");
        Map<String, Object> row = db.row(DIALS, id);
        assertThat(row.get("conn_id")).asString().hasSize(200).isEqualTo("C".repeat(200));
        assertThat(row.get("last_error")).asString().contains("conn_id of 450 characters cut");
        assertThat(sandbox.dials()).hasSize(1);
    }

    @Test
    void theOutcomeIsPostedSignedToTheRowsCallbackUrlAndRetriedUntilAccepted() throws Exception {
        List<String[]> received = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            received.add(new String[] {new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8),
                    exchange.getRequestHeaders().getFirst("X-Wolkvox-Signature")});
            exchange.sendResponseHeaders(received.size() == 1 ? 500 : 204, -1); // the first try is refused
            exchange.close();
        });
        receiver.start();
        try {
            long id = db.insert("INSERT INTO " + DIALS + " (agent_id, customer_phone, external_ref, callback_url) VALUES (?, ?, ?, ?)",
                    "1001", "3001000077", "order-77", "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook");

            app("queue-a", "wolkvox.queue.callback.secret", "hook-secret");
            await().atMost(WAIT).untilAsserted(() -> assertThat(db.row(DIALS, id)).containsEntry("callback_status", "SENT"));
            Map<String, Object> row = db.row(DIALS, id);
            assertThat(row).containsEntry("status", "DONE").containsEntry("callback_attempts", 2).containsEntry("callback_error", null);
            assertThat(received).hasSize(2);
            String body = received.get(1)[0];
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec("hook-secret".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            assertThat(received.get(1)[1]).isEqualTo("sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8))));
            JsonNode outcome = new ObjectMapper().readTree(body);
            assertThat(outcome.path("id").asText()).isEqualTo("dial-" + id);
            assertThat(outcome.path("status").asText()).isEqualTo("DONE");
            assertThat(outcome.path("conn_id").asText()).isEqualTo(row.get("conn_id"));
            assertThat(outcome.path("external_ref").asText()).isEqualTo("order-77");
            assertThat(body).doesNotContain("hook-secret");
            // The CRM's own id is unique: the same order inserted twice is refused by the database.
            assertThatThrownBy(() -> db.insert("INSERT INTO " + DIALS + " (agent_id, customer_phone, external_ref) VALUES (?, ?, ?)",
                    "1001", "3001000077", "order-77")).hasRootCauseInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e.getCause()).getSQLState()).isEqualTo("23505"));
            assertThat(dialledPhones()).containsExactly("3001000077");
        } finally {
            receiver.stop(0);
        }
    }

    @Test
    void twoInstancesOnOneTableProcessEveryRowExactlyOnce() {
        sandbox.setLatencyMillis(5);
        app("queue-a", "wolkvox.queue.batch-size", "5");
        app("queue-b", "wolkvox.queue.batch-size", "5");
        // Written while both poll, so both see the same rows and race for each claim.
        List<Long> dials = IntStream.range(0, 60).mapToObj(i -> db.dial(null, "1001", String.valueOf(3002000000L + i))).toList();
        List<Long> interactions = IntStream.range(0, 10).mapToObj(i -> db.interaction(null, "c" + i + "@example.com", "Hello", "102")).toList();

        await().atMost(WAIT).until(() -> db.count("SELECT COUNT(*) FROM " + DIALS + " WHERE status = 'DONE'") == 60
                && db.count("SELECT COUNT(*) FROM " + INTERACTIONS + " WHERE status = 'DONE'") == 10);
        assertThat(dialledPhones()).hasSize(60).doesNotHaveDuplicates();
        assertThat(sandbox.interactions()).hasSize(10);
        assertThat(db.count("SELECT COUNT(*) FROM " + DIALS + " WHERE attempts <> 1")).isZero();
        assertThat(db.query("SELECT DISTINCT claimed_by FROM " + DIALS)).extracting(r -> r.get("claimed_by"))
                .containsExactlyInAnyOrder("queue-a", "queue-b");
        assertThat(dials).hasSize(60);
        assertThat(interactions).hasSize(10);
    }
}
