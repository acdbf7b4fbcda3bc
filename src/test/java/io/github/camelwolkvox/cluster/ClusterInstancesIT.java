package io.github.camelwolkvox.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.camelwolkvox.csv.ActivityCodeCsvFiles;
import io.github.camelwolkvox.sandbox.WolkvoxSandbox;

/**
 * Several instances of the job, each in a JVM of its own, on one PostgreSQL and one token, with the
 * sandbox in this (the test's) process so every call of every instance is counted in one place: an
 * overlap on the token is seen whichever instances made the two calls.
 */
class ClusterInstancesIT {

    private static final String TOKEN = "cluster-test-token";
    private static final String API_KEY = "cluster-test-key";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Pattern COD_ACT = Pattern.compile("\"cod_act\":\"([^\"]+)\"");

    @TempDir
    Path root;
    private ClusterDatabase db;
    private final WolkvoxSandbox sandbox = new WolkvoxSandbox(0);
    private final Map<String, AtomicInteger> dialsPerPhone = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> callsPerCode = new ConcurrentHashMap<>();
    private final List<Long> reportPulls = new CopyOnWriteArrayList<>();
    private final List<InstanceProcess> instances = new ArrayList<>();
    private volatile long dialLatency = 150;
    private volatile long codeLatency = 5;
    /** The phone of the latest dial the sandbox started answering. */
    private volatile String phoneInCall;

    @BeforeEach
    void setUp() throws Exception {
        db = new ClusterDatabase();
        try (var ds = db.dataSource("setup")) {
            ds.getConnection().close(); // the queue tables, before the rows go in
        }
        sandbox.setLatency(call -> {
            if ("dial".equals(call.api())) {
                phoneInCall = call.query().get("customer_phone");
                dialsPerPhone.computeIfAbsent(phoneInCall, k -> new AtomicInteger()).incrementAndGet();
                return dialLatency;
            }
            Matcher code = COD_ACT.matcher(call.body() == null ? "" : call.body());
            if (code.find()) {
                callsPerCode.computeIfAbsent(code.group(1), k -> new AtomicInteger()).incrementAndGet();
                return codeLatency;
            }
            if ("routing_points".equals(call.api())) {
                reportPulls.add(System.currentTimeMillis());
            }
            return 20;
        });
        sandbox.start();
    }

    @AfterEach
    void tearDown() throws Exception {
        for (InstanceProcess i : instances) {
            i.close();
        }
        sandbox.stop();
        db.close();
    }

    private InstanceProcess startInstance(String name) throws Exception {
        Path dir = root.resolve(name);
        Map<String, String> s = new HashMap<>(ClusterModeIT.settings(dir));
        // the whole job, as deployed: every route, the REST API included
        s.remove("camel.main.routes-include-pattern");
        s.remove("camel.main.routes-builder-classes");
        s.remove("camel.server.enabled");
        s.put("wolkvox.rest.api-keys", API_KEY);
        s.putAll(db.settings());
        s.put("wolkvox.token", TOKEN);
        s.put("wolkvox.base-url", sandbox.baseUrl());
        s.put("wolkvox.sandbox.enabled", "false");
        s.put("wolkvox.queue.poll-interval", "100");
        s.put("wolkvox.queue.retry.initial-delay", "200");
        s.put("wolkvox.cluster.heartbeat-interval", "500");
        s.put("wolkvox.cluster.lease", "3000");
        // the longest a call may last, and so how long Wolkvox may still work on a call whose client
        // was killed: the turn of an instance killed mid-call lasts that long
        s.put("wolkvox.read-timeout", "3000");
        s.put("wolkvox.call-timeout", "3000");
        s.put("wolkvox.server-call-limit", "3000");
        s.put("wolkvox.reports.cron", "0/2 * * * * ?");
        s.put("wolkvox.reports.allow-faster", "true");
        s.put("wolkvox.min-pull-interval", "0"); // every 2-second tick really pulls
        s.put("wolkvox.activity-codes.inbox", root.resolve("shared-inbox").toString());
        s.put("wolkvox.activity-codes.poll-delay", "100");
        s.put("wolkvox.activity-codes.read-lock-check-interval", "100");
        InstanceProcess instance = InstanceProcess.start(name, dir, s);
        instances.add(instance);
        return instance;
    }

    private void awaitStarted(InstanceProcess... started) {
        for (InstanceProcess i : started) {
            await().atMost(Duration.ofSeconds(120)).until(() -> {
                assertThat(i.isAlive()).as("%s is running; its output:%n%s", i.name, i.output()).isTrue();
                return i.started();
            });
        }
    }

    private static CompletableFuture<HttpResponse<String>> restDial(InstanceProcess instance, String phone) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + instance.settings.get("wolkvox.rest.port")
                        + "/api/v1/dials")).header("X-API-Key", API_KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"agent_id\":\"1001\",\"customer_phone\":\"" + phone + "\"}")).build();
        return HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }

    /** codes-{f}.csv with {@code rows} codes F{f}-1.., moved into the inbox complete. */
    private void dropCodes(Path inbox, int f, int rows) throws java.io.IOException {
        StringBuilder csv = new StringBuilder("type_code,cod_act,description_cod_act\n");
        for (int r = 1; r <= rows; r++) {
            csv.append("V,F").append(f).append('-').append(r).append(",Code ").append(r).append('\n');
        }
        Path tmp = root.resolve("codes-" + f + ".csv");
        Files.writeString(tmp, csv, StandardCharsets.UTF_8);
        Files.move(tmp, inbox.resolve(tmp.getFileName()));
    }

    private void queueDials(int n) throws Exception {
        for (int k = 1; k <= n; k++) {
            db.update("INSERT INTO wolkvox_dial_request (agent_id, customer_phone) VALUES ('1001', ?)", String.format("+5730000%05d", k));
        }
    }

    private long rows(String where) throws Exception {
        return db.count("SELECT COUNT(*) FROM wolkvox_dial_request WHERE " + where);
    }

    @Test
    void threeInstancesOnOneTokenNeverOverlapDialEveryRowOnceAndPullOncePerTick() throws Exception {
        InstanceProcess a = startInstance("a");
        InstanceProcess b = startInstance("b");
        InstanceProcess c = startInstance("c");
        awaitStarted(a, b, c);
        queueDials(40);
        // and interactive dials through the REST API of each instance, at the same time
        List<CompletableFuture<HttpResponse<String>>> rest = new ArrayList<>();
        for (InstanceProcess i : List.of(a, b, c)) {
            for (int k = 1; k <= 3; k++) {
                rest.add(restDial(i, String.format("+57310%s%06d", i.name.charAt(0) - 'a', k)));
            }
        }
        for (CompletableFuture<HttpResponse<String>> answer : rest) {
            assertThat(answer.get(60, java.util.concurrent.TimeUnit.SECONDS)).satisfies(r ->
                    assertThat(r.statusCode()).as(r.body()).isEqualTo(200)).extracting(HttpResponse::body).asString().contains("conn_id");
        }

        await().atMost(Duration.ofSeconds(120)).until(() -> rows("status IN ('PENDING', 'IN_FLIGHT')") == 0);
        assertThat(rows("source = 'table' AND status = 'DONE'")).isEqualTo(40);
        assertThat(rows("source = 'rest' AND status = 'DONE'")).as("every REST dial recorded too").isEqualTo(9);
        assertThat(db.count("SELECT COUNT(DISTINCT claimed_by) FROM wolkvox_dial_request"))
                .as("every instance took rows: the token was contended across processes").isEqualTo(3);
        assertThat(dialsPerPhone).hasSize(40 + 9);
        assertThat(dialsPerPhone.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
        assertThat(sandbox.overlaps()).as("calls that overlapped on the token, across the instances").isZero();
        assertThat(sandbox.maxConcurrentSeen()).isEqualTo(1);

        // The schedule (every 2 s on both instances) fired once per tick, cluster-wide.
        int pullsBefore = reportPulls.size();
        await().atMost(Duration.ofSeconds(30)).until(() -> reportPulls.size() >= pullsBefore + 4);
        assertOncePerTick();
    }

    /**
     * The schedule (every 2 s on every instance) pulled once per tick cluster-wide: never more pulls
     * than ticks between the first and the last, give or take one for a pull delayed by its wait for
     * the token (two instances each firing would make twice as many).
     */
    private void assertOncePerTick() {
        List<Long> pulls = new ArrayList<>(reportPulls);
        long ticks = (pulls.get(pulls.size() - 1) - pulls.get(0)) / 2000 + 1;
        assertThat(pulls.size()).as("report pulls over %d ticks", ticks).isLessThanOrEqualTo((int) ticks + 1);
    }

    @Test
    void aKilledInstanceReleasesTheTokenAtOnceItsRowInFlightBecomesUnknownAndTheOtherGoesOn() throws Exception {
        dialLatency = 400;
        InstanceProcess a = startInstance("a");
        InstanceProcess b = startInstance("b");
        awaitStarted(a, b);
        queueDials(30);
        // kill -9 "a" in the middle of one of its dials
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(() -> rows("status = 'DONE'") >= 4
                && sandbox.inFlight() == 1 && db.count("SELECT COUNT(*) FROM wolkvox_dial_request WHERE status = 'IN_FLIGHT'"
                        + " AND claimed_by = 'a' AND customer_phone = ?", phoneInCall) == 1);
        a.kill();
        long doneAtKill = rows("status = 'DONE'");
        int pullsAtKill = reportPulls.size();

        await().atMost(Duration.ofSeconds(120)).until(() -> rows("status IN ('PENDING', 'IN_FLIGHT')") == 0);
        assertThat(rows("status = 'UNKNOWN'")).as("only the row a was dialling when killed").isEqualTo(1);
        assertThat(rows("status = 'UNKNOWN' AND claimed_by = 'a' AND last_error LIKE '%instance a died during the call (resolved by b)%'"))
                .isEqualTo(1);
        assertThat(rows("status = 'DONE'")).isEqualTo(29);
        assertThat(rows("status = 'DONE' AND claimed_by = 'b'")).as("b carried on").isGreaterThan(29 - doneAtKill - 1);
        assertThat(dialsPerPhone.values()).as("no customer dialled twice").allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
        assertThat(dialsPerPhone).hasSize(30);
        assertThat(sandbox.overlaps()).isZero();
        assertThat(b.output()).contains("wolkvox_dial_request row", "was IN_FLIGHT on instance a, whose heartbeat stopped");
        // the schedule goes on without a
        await().atMost(Duration.ofSeconds(30)).until(() -> reportPulls.size() >= pullsAtKill + 2);
        assertOncePerTick();
    }

    @Test
    void aRollingUpgradeLosesNothingDialsNobodyTwiceAndNeverOverlaps() throws Exception {
        dialLatency = 300;
        codeLatency = 30;
        InstanceProcess old = startInstance("old");
        awaitStarted(old);
        queueDials(30);
        Path inbox = Files.createDirectories(root.resolve("shared-inbox"));
        dropCodes(inbox, 1, 150);
        await().atMost(Duration.ofSeconds(60)).until(() -> rows("status = 'DONE'") >= 3);
        InstanceProcess upgraded = startInstance("new");
        awaitStarted(upgraded);
        await().atMost(Duration.ofSeconds(60)).until(() -> rows("status = 'DONE' AND claimed_by = 'new'") >= 1);
        // SIGTERM the old one mid-work: it finishes its call, writes it, and stops
        assertThat(old.terminate()).isTrue();

        await().atMost(Duration.ofSeconds(120)).until(() -> rows("status IN ('PENDING', 'IN_FLIGHT')") == 0);
        assertThat(rows("status = 'DONE'")).as("nothing lost, nothing in doubt").isEqualTo(30);
        assertThat(dialsPerPhone).hasSize(30);
        assertThat(dialsPerPhone.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
        // the file the old instance was working on is finished, by it or by the new one
        await().atMost(Duration.ofSeconds(120)).until(() -> Files.exists(inbox.resolve("done/codes-1.csv.result.csv")));
        assertThat(ActivityCodeCsvFiles.result(inbox.resolve("done/codes-1.csv.result.csv"))).hasSize(150)
                .extracting(r -> r.get("status")).isSubsetOf("created", "updated");
        assertThat(callsPerCode).hasSize(150);
        assertThat(callsPerCode.values().stream().mapToInt(AtomicInteger::get).sum()).isBetween(150, 151);
        assertThat(sandbox.overlaps()).isZero();
        assertOncePerTick();
    }

    @Test
    void aSharedInboxHasOneOwnerPerFileAndTheFileOfAKilledOwnerIsFinishedByTheOther() throws Exception {
        // the whole picture: files, queued dials and REST dials on both, one token, one kill -9
        InstanceProcess a = startInstance("a");
        InstanceProcess b = startInstance("b");
        awaitStarted(a, b);
        queueDials(40);
        List<CompletableFuture<HttpResponse<String>>> rest = new ArrayList<>();
        for (int k = 1; k <= 3; k++) {
            rest.add(restDial(a, String.format("+573200%06d", k)));
            rest.add(restDial(b, String.format("+573201%06d", k)));
        }
        Path inbox = Files.createDirectories(root.resolve("shared-inbox"));
        int rows = 200;
        for (int f = 1; f <= 3; f++) {
            dropCodes(inbox, f, rows);
        }
        // kill -9 the owner of a file half-way through it
        String[] owner = new String[1];
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(50)).until(() -> {
            try (var c = db.connect(); var st = c.createStatement();
                    var rs = st.executeQuery("SELECT owner, file_key FROM wolkvox_file_claim ORDER BY claimed_at")) {
                while (rs.next()) {
                    String file = rs.getString(2).substring(0, rs.getString(2).indexOf(".csv") + 4);
                    Path progress = inbox.resolve("." + file + ".progress");
                    if (Files.exists(progress) && Files.readAllLines(progress).size() > 30) {
                        owner[0] = rs.getString(1);
                        return true;
                    }
                }
            }
            return false;
        });
        for (CompletableFuture<HttpResponse<String>> answer : rest) {
            assertThat(answer.get(60, java.util.concurrent.TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }
        InstanceProcess victim = owner[0].equals("a") ? a : b;
        InstanceProcess survivor = victim == a ? b : a;
        victim.kill();
        assertThat(restDial(survivor, "+573202000001").get(60, java.util.concurrent.TimeUnit.SECONDS).statusCode()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(180)).until(() -> Files.exists(inbox.resolve("done/codes-1.csv.result.csv"))
                && Files.exists(inbox.resolve("done/codes-2.csv.result.csv")) && Files.exists(inbox.resolve("done/codes-3.csv.result.csv")));
        for (int f = 1; f <= 3; f++) {
            var result = ActivityCodeCsvFiles.result(inbox.resolve("done/codes-" + f + ".csv.result.csv"));
            assertThat(result).hasSize(rows);
            assertThat(result).extracting(r -> r.get("status")).isSubsetOf("created", "updated");
        }
        assertThat(callsPerCode).as("every row created").hasSize(3 * rows);
        int calls = callsPerCode.values().stream().mapToInt(AtomicInteger::get).sum();
        assertThat(calls).as("re-sent: at most the row in flight at the kill").isBetween(3 * rows, 3 * rows + 1);
        assertThat(survivor.output()).contains("whose heartbeat stopped: " + survivor.name + " takes it over");

        await().atMost(Duration.ofSeconds(120)).until(() -> rows("status IN ('PENDING', 'IN_FLIGHT')") == 0);
        assertThat(rows("source = 'table' AND status IN ('DONE', 'UNKNOWN')")).as("every queued dial row terminal").isEqualTo(40);
        assertThat(rows("status IN ('PENDING', 'IN_FLIGHT')")).as("no dial row left open, REST ones included").isZero();
        assertThat(rows("status = 'UNKNOWN'")).as("at most the dial in flight at the kill").isLessThanOrEqualTo(1);
        assertThat(dialsPerPhone.values()).as("no customer dialled twice").allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
        assertThat(dialsPerPhone.size()).as("queued + REST dials").isBetween(40 + 7 - 1, 40 + 7);
        assertThat(sandbox.overlaps()).as("calls that overlapped on the token, across the instances").isZero();
        assertOncePerTick();
    }

    @Test
    void whenTheInstanceFiringTheScheduleIsKilledAnotherTakesOverWithinABoundedTime() throws Exception {
        InstanceProcess a = startInstance("a");
        InstanceProcess b = startInstance("b");
        awaitStarted(a, b);
        await().atMost(Duration.ofSeconds(60)).until(() -> pullsLogged(a) + pullsLogged(b) >= 3);
        InstanceProcess firing = pullsLogged(a) >= pullsLogged(b) ? a : b;
        InstanceProcess other = firing == a ? b : a;
        int otherBefore = pullsLogged(other);
        firing.kill();
        int pullsAtKill = reportPulls.size();
        // Quartz recovers the dead instance's trigger after its missed check-ins (2 x 500 ms + 7.5 s),
        // the next 2-second tick fires on the survivor
        await().atMost(Duration.ofSeconds(30)).until(() -> pullsLogged(other) >= otherBefore + 2);
        assertThat(reportPulls.size()).isGreaterThanOrEqualTo(pullsAtKill + 2);
        assertOncePerTick();
    }

    /** Report pulls an instance logged (one line per routing-points snapshot). */
    private static int pullsLogged(InstanceProcess instance) throws java.io.IOException {
        return (int) instance.output().lines().filter(l -> l.contains("Report routing-points: snapshot of")).count();
    }
}
