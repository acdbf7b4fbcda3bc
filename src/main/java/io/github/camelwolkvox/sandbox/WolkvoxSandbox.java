package io.github.camelwolkvox.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import java.util.regex.Pattern;

import io.github.camelwolkvox.component.model.Connector;
import io.github.camelwolkvox.component.model.RoutingPoint;

/**
 * The built-in Wolkvox simulator: the five API v2 operations on 127.0.0.1 with the documented
 * request and response shapes and the same validation. It refuses as the vendor documents: HTTP 403
 * "EXCEEDS THE LIMIT OF SIMULTANEOUS REQUESTS PER TOKEN (n)" for a call that overlaps another with
 * the same token (counted, so tests can fail on any), 403 "PLEASE VALIDATE TOKEN", 401 "PLEASE ENTER
 * THE WOLKVOX-TOKEN", and 403 "TOKEN LIMIT EXCEEDED" once a token's daily quota (off unless set) is
 * spent. Every other API of the catalogue is answered generically ({@link CatalogueResponder}).
 * Latency and faults can be injected.
 *
 * Built on the JDK's HTTP server rather than a Camel route so it runs apart from any CamelContext
 * (the benchmark drives it with a plain HttpClient too) and each request has its own thread: an
 * overlap is seen, not queued away.
 */
public final class WolkvoxSandbox {

    // The vendor's documented refusal texts (its response-code page).
    public static final String BUSY_MESSAGE = "EXCEEDS THE LIMIT OF SIMULTANEOUS REQUESTS PER TOKEN";
    public static final String QUOTA_MESSAGE = "TOKEN LIMIT EXCEEDED";
    public static final String INVALID_TOKEN = "PLEASE VALIDATE TOKEN";
    public static final String NO_TOKEN = "PLEASE ENTER THE WOLKVOX-TOKEN";
    public static final String UNKNOWN_API = "THE API YOU WANT TO CONSULT DOES NOT EXIST";
    /** How many calls of each kind the sandbox remembers; older ones are forgotten. */
    public static final int REMEMBERED = 10_000;

    static {
        // The JDK server writes the status line and the body as separate packets; without TCP_NODELAY
        // the body waits for the client's delayed ACK: about 45 ms a call instead of 2 to 5 ms
        // (measured). Read once when the JDK server class loads; a value the user set is kept.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern DIGITS = Pattern.compile("\\d{1,12}");
    private static final Pattern PHONE = Pattern.compile("\\+?\\d{5,20}");
    private static final Set<String> YES_NO = Set.of("yes", "no");

    private final int requestedPort;
    private HttpServer server;
    private ExecutorService executor;

    private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private final AtomicInteger overlaps = new AtomicInteger();
    private final AtomicInteger concurrent = new AtomicInteger();
    private final AtomicInteger maxConcurrentSeen = new AtomicInteger();
    private final AtomicLong requests = new AtomicLong();
    private final List<RoutingPoint> routingPoints = new CopyOnWriteArrayList<>();
    private final List<Connector> connectors = new CopyOnWriteArrayList<>();
    /** Every activity-code key ever sent (small), so a repeat is answered "updated" as Wolkvox does. */
    private final Set<String> knownCodes = ConcurrentHashMap.newKeySet();
    // What was sent is remembered for tests and the operator, but bounded: a long sandbox run (a
    // 100,000-row file at -Xmx64m) must not run out of memory in the simulator.
    private final Map<String, JsonNode> activityCodes = new Recent<>();
    private final Map<Long, SandboxCall> dials = new Recent<>();
    private final Map<Long, SandboxCall> interactions = new Recent<>();
    private final AtomicLong interactionCount = new AtomicLong();
    private final AtomicLong dialCount = new AtomicLong();
    private final Set<String> acceptedTokens = ConcurrentHashMap.newKeySet();
    /** Every other API of the vendor's catalogue, answered generically. */
    private final CatalogueResponder catalogue = new CatalogueResponder();
    private final Map<String, AtomicLong> billedCalls = new ConcurrentHashMap<>();
    private final AtomicLong quotaRefusals = new AtomicLong();
    private volatile long dailyQuota = -1;

    private volatile int maxConcurrentPerToken = 1;
    private volatile ToLongFunction<SandboxCall> latencyMillis = call -> 0;
    private volatile double faultRate;
    private volatile Set<SandboxFault> faults = Set.of();
    private volatile long hangMillis = 65_000;
    private volatile Function<SandboxCall, String> contentRule = call -> null;
    private volatile Function<SandboxCall, String> connIds = call -> UUID.randomUUID().toString();
    private Random random = new Random(42);

    public WolkvoxSandbox(int port) {
        this.requestedPort = port;
        routingPoints.add(new RoutingPoint("101", "Sales inbound", "yes", "yes", "no", "yes", "2026-11-20 14:03:11"));
        routingPoints.add(new RoutingPoint("102", "Customer care", "yes", "no", "yes", "no", "2026-11-20 15:41:02"));
        routingPoints.add(new RoutingPoint("103", "Collections", "no", "no", "yes", "yes", "2026-11-19 09:12:45"));
        connectors.add(new Connector("5001", "101", "Web chat", "chat-web"));
        connectors.add(new Connector("5002", "101", "WhatsApp sales", "whatsapp"));
        connectors.add(new Connector("5003", "102", "Support mailbox", "email"));
        connectors.add(new Connector("5004", "103", "SMS reminders", "sms_bidirect"));
    }

    public synchronized void start() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), requestedPort), 200);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the Wolkvox sandbox on port " + requestedPort, e);
        }
        executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "wolkvox-sandbox");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/api/v2/", this::handle);
        server.start();
    }

    public synchronized void stop() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
            server = null;
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange http) throws IOException {
        requests.incrementAndGet();
        String token = http.getRequestHeaders().getFirst("wolkvox-token");
        if (token == null || token.isBlank()) {
            send(http, error(401, 401, NO_TOKEN, NO_TOKEN));
            return;
        }
        if (token.startsWith("invalid") || (!acceptedTokens.isEmpty() && !acceptedTokens.contains(token))) {
            send(http, error(403, 403, INVALID_TOKEN, INVALID_TOKEN));
            return;
        }
        Answer answer;
        AtomicInteger busy = inFlight.computeIfAbsent(token, t -> new AtomicInteger());
        maxConcurrentSeen.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
        try {
            if (busy.incrementAndGet() > maxConcurrentPerToken) {
                overlaps.incrementAndGet();
                answer = error(403, 403, BUSY_MESSAGE + " (" + maxConcurrentPerToken + ")", BUSY_MESSAGE + " (" + maxConcurrentPerToken + ")");
            } else if (!http.getRequestURI().getPath().endsWith("/agentbox.php") && !spendQuota(token)) {
                quotaRefusals.incrementAndGet();
                answer = error(403, 403, QUOTA_MESSAGE, QUOTA_MESSAGE);
            } else {
                answer = serve(http);
            }
            // Like Wolkvox, a hung call keeps its token busy until the server is done with it, even
            // after the client has given up.
            sleep(answer.hangMillis);
        } catch (RuntimeException e) {
            answer = error(500, 500, "Internal error", String.valueOf(e.getMessage()));
        } finally {
            // Released before the answer is written: once the client reads it, the next call may come.
            busy.decrementAndGet();
            concurrent.decrementAndGet();
        }
        send(http, answer);
    }

    /** Counts a billed call (anything but agentbox.php) against the token's daily quota. */
    private boolean spendQuota(String token) {
        long quota = dailyQuota;
        return quota < 0 || billedCalls.computeIfAbsent(token, t -> new AtomicLong()).incrementAndGet() <= quota;
    }

    private Answer serve(HttpExchange http) throws IOException {
        String path = http.getRequestURI().getPath();
        Map<String, String> query = parseQuery(http.getRequestURI().getRawQuery());
        String body = readBody(http.getRequestBody());
        String api = query.getOrDefault("api", "");
        Set<String> headerNames = new java.util.TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        headerNames.addAll(http.getRequestHeaders().keySet());
        SandboxCall call = new SandboxCall(api, query, body, headerNames);
        simulateLatency(latencyMillis.applyAsLong(call));
        String file = path.substring("/api/v2/".length());
        String expectedMethod = switch (file + "?" + api) {
            case "information.php?routing_points", "information.php?connectors" -> "GET";
            case "configuration.php?create_cod_act", "configuration.php?add_interaction", "agentbox.php?dial" -> "POST";
            default -> null;
        };
        boolean five = expectedMethod != null;
        if (!five) {
            expectedMethod = catalogue.method(file, api).orElse(null);
        }
        if (expectedMethod == null) {
            return error(400, 400, UNKNOWN_API, "Unknown api '" + api + "' for " + file);
        }
        if (!expectedMethod.equals(http.getRequestMethod())) {
            return error(405, 405, "Method not allowed", api + " takes " + expectedMethod);
        }
        SandboxFault fault = nextFault();
        if (fault == SandboxFault.SERVER_ERROR) {
            return new Answer(500, "<html><body><h1>500 Internal Server Error</h1></body></html>", 0);
        }
        if (fault == SandboxFault.ERROR_IN_200) {
            return error(200, 500, "Internal error", "The request could not be processed, try again later");
        }
        String refusal = contentRule.apply(call);
        if (refusal != null) {
            // one of the vendor's documented 403 texts is answered as the vendor does; any other as a bad request
            boolean vendor403 = List.of(BUSY_MESSAGE, QUOTA_MESSAGE, INVALID_TOKEN).stream().anyMatch(refusal::startsWith);
            return vendor403 ? error(403, 403, refusal, refusal) : error(400, 400, "Bad request", refusal);
        }
        Answer answer = !five ? catalogueAnswer(file, call) : switch (api) {
            case "routing_points" -> list(routingPoints);
            case "connectors" -> list(connectors);
            case "create_cod_act" -> createActivityCode(body);
            case "add_interaction" -> addInteraction(call);
            default -> dial(call);
        };
        if (fault == SandboxFault.GARBAGE) {
            return new Answer(200, "<html><body>502 Bad Gateway</body></html>", 0);
        }
        if (fault == SandboxFault.TRICKLE) {
            return new Answer(answer.status, answer.body, 0, true);
        }
        return fault == SandboxFault.HANG ? new Answer(answer.status, answer.body, hangMillis) : answer;
    }

    private Answer catalogueAnswer(String file, SandboxCall call) {
        CatalogueResponder.Reply reply = catalogue.answer(file, call);
        return new Answer(reply.status(), reply.body(), 0);
    }

    private Answer list(List<?> rows) {
        ObjectNode env = envelope(200, rows.size() + " records were found");
        env.set("data", JSON.valueToTree(rows));
        return new Answer(200, env.toString(), 0);
    }

    private Answer createActivityCode(String body) {
        JsonNode in = parse(body);
        if (in == null) {
            return error(400, 400, "Bad request", "The body is not valid JSON");
        }
        for (String f : List.of("type_code", "cod_act", "description_cod_act")) {
            if (in.path(f).asText("").isBlank()) {
                return error(400, 400, "Bad request", f + " is required");
            }
        }
        for (String f : List.of("hit", "rpc")) {
            if (in.has(f) && !YES_NO.contains(in.path(f).asText())) {
                return error(400, 400, "Bad request", f + " only receives yes or no");
            }
        }
        String key = in.path("type_code").asText() + "|" + in.path("cod_act").asText();
        boolean created = knownCodes.add(key);
        synchronized (activityCodes) {
            activityCodes.put(key, in);
        }
        return new Answer(200, envelope(201, created ? "Code successfully created" : "Code successfully updated").toString(), 0);
    }

    private Answer addInteraction(SandboxCall call) {
        JsonNode in = parse(call.body());
        if (in == null) {
            return error(400, 400, "Bad request", "The body is not valid JSON");
        }
        for (String f : List.of("from", "to", "subject", "body", "rp_id")) {
            if (in.path(f).asText("").isBlank()) {
                return error(400, 400, "Bad request", f + " is required");
            }
        }
        String rpId = in.path("rp_id").asText();
        RoutingPoint rp = routingPoints.stream().filter(r -> r.rpId().equals(rpId)).findFirst().orElse(null);
        if (rp == null) {
            return error(200, 404, "Not found", "Routing point " + rpId + " does not exist");
        }
        long n = interactionCount.incrementAndGet();
        synchronized (interactions) {
            interactions.put(n, call);
        }
        ObjectNode env = JSON.createObjectNode();
        env.put("code", "201");
        env.putNull("error");
        env.put("msg", rp.rpName() + " routing point was executed and assigned to agent (" + (1000 + n) + ") ");
        return new Answer(200, env.toString(), 0);
    }

    private Answer dial(SandboxCall call) {
        String agent = call.query().getOrDefault("agent_id", "");
        String phone = call.query().getOrDefault("customer_phone", "");
        if (!DIGITS.matcher(agent).matches()) {
            return error(200, 400, "Bad request", "agent_id must be the agent's extension number");
        }
        if (!PHONE.matcher(phone).matches()) {
            return error(200, 400, "Bad request", "customer_phone is not a valid phone number");
        }
        long n = dialCount.incrementAndGet();
        synchronized (dials) {
            dials.put(n, call);
        }
        ObjectNode env = JSON.createObjectNode();
        env.put("code", "200");
        env.putNull("error");
        env.put("msg", "Dial has been successful");
        env.putObject("data").put("conn_id", connIds.apply(call));
        return new Answer(200, env.toString(), 0);
    }

    private synchronized SandboxFault nextFault() {
        if (faultRate <= 0 || faults.isEmpty() || random.nextDouble() >= faultRate) {
            return null;
        }
        List<SandboxFault> options = new ArrayList<>(faults);
        Collections.sort(options);
        return options.get(random.nextInt(options.size()));
    }

    /** The vendor's success envelope {code, error: null, msg}, for the five and the catalogue alike. */
    static ObjectNode envelope(int code, String msg) {
        ObjectNode env = JSON.createObjectNode();
        env.put("code", code);
        env.putNull("error");
        env.put("msg", msg);
        return env;
    }

    private static Answer error(int status, int code, String error, String msg) {
        ObjectNode env = JSON.createObjectNode();
        env.put("code", code);
        env.put("error", error);
        env.put("msg", msg);
        return new Answer(status, env.toString(), 0);
    }

    private static JsonNode parse(String body) {
        try {
            JsonNode n = body == null || body.isBlank() ? null : JSON.readTree(body);
            return n != null && n.isObject() ? n : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static Map<String, String> parseQuery(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            out.put(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
        }
        return out;
    }

    private static String readBody(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    private void send(HttpExchange http, Answer answer) throws IOException {
        byte[] bytes = answer.body.getBytes(StandardCharsets.UTF_8);
        if (answer.trickle) {
            trickle(http, bytes);
            return;
        }
        http.getResponseHeaders().set("Content-Type",
                answer.body.startsWith("<") ? "text/html; charset=utf-8" : "application/json; charset=utf-8");
        try {
            http.sendResponseHeaders(answer.status, bytes.length);
            try (OutputStream out = http.getResponseBody()) {
                out.write(bytes);
            }
        } catch (IOException e) {
            // The client gave up (read timeout) before a hung answer was written.
        } finally {
            http.close();
        }
    }

    /** A slow answer: each byte well within any read timeout, the whole never within a call's deadline. */
    private void trickle(HttpExchange http, byte[] bytes) {
        long end = System.nanoTime() + hangMillis * 1_000_000L;
        try (OutputStream out = http.getResponseBody()) {
            http.sendResponseHeaders(200, 0);
            for (int i = 0; System.nanoTime() < end; i = (i + 1) % bytes.length) {
                out.write(bytes[i] == '}' ? ' ' : bytes[i]);
                out.flush();
                sleep(200);
            }
        } catch (IOException e) {
            // The client gave up.
        } finally {
            http.close();
        }
    }

    /**
     * Answers after exactly this latency: Thread.sleep alone overshoots by 0.2 to 0.6 ms on Linux
     * (measured), which a benchmark would charge to the module. Sleeps to 1.5 ms before the
     * deadline, then spins.
     */
    private static void simulateLatency(long millis) {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        for (long left = millis * 1_000_000L; left > 0; left = deadline - System.nanoTime()) {
            if (left > 2_000_000L) {
                sleep((left - 1_500_000L) / 1_000_000L);
            } else {
                Thread.onSpinWait();
            }
            if (Thread.currentThread().isInterrupted()) {
                return;
            }
        }
    }

    private static void sleep(long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private record Answer(int status, String body, long hangMillis, boolean trickle) {
        Answer(int status, String body, long hangMillis) {
            this(status, body, hangMillis, false);
        }
    }

    // --- behaviour knobs ---

    /** Latency of every call in milliseconds, chosen per call (e.g. by operation or by query). */
    public void setLatency(ToLongFunction<SandboxCall> latencyMillis) {
        this.latencyMillis = latencyMillis;
    }

    public void setLatencyMillis(long millis) {
        this.latencyMillis = call -> millis;
    }

    /** Injects one of {@code faults} into this share of calls (0 to 1), drawn from a seeded random. */
    public synchronized void setFaults(double rate, Set<SandboxFault> faults, long seed) {
        this.faultRate = rate;
        this.faults = Set.copyOf(faults);
        this.random = new Random(seed);
    }

    /**
     * A rule about content the real API enforces and the simulator does not know (a code list
     * Wolkvox refuses, say): a non-null answer refuses the call with HTTP 400, code 400 and that msg;
     * one of the vendor's documented 403 texts (BUSY_MESSAGE, QUOTA_MESSAGE, INVALID_TOKEN) with HTTP 403.
     */
    public void setContentRule(Function<SandboxCall, String> rule) {
        this.contentRule = rule;
    }

    /** The conn_id a dial answers (a random UUID unless set): a test can send an unusual one. */
    public void setConnIds(Function<SandboxCall, String> connIds) {
        this.connIds = connIds;
    }

    public void setHangMillis(long hangMillis) {
        this.hangMillis = hangMillis;
    }

    /**
     * Billed calls (all but agentbox.php, e.g. dial) each token may make before it is answered 403
     * "TOKEN LIMIT EXCEEDED"; negative (the default) is unlimited. Setting it starts a new "day".
     */
    public void setDailyQuota(long calls) {
        billedCalls.clear();
        this.dailyQuota = calls;
    }

    /** Calls refused because the token's daily quota was spent. */
    public long quotaRefusals() {
        return quotaRefusals.get();
    }

    public void setMaxConcurrentPerToken(int max) {
        this.maxConcurrentPerToken = max;
    }

    /** Restricts the accepted tokens; with none set, any token not starting with "invalid" is accepted. */
    public void acceptTokens(String... tokens) {
        acceptedTokens.addAll(List.of(tokens));
    }

    // --- what happened ---

    /** Calls that arrived while another call with the same token was in progress. */
    public int overlaps() {
        return overlaps.get();
    }

    /** Calls being served right now (a hung call stops counting once it hangs). */
    public int inFlight() {
        return concurrent.get();
    }

    /** The most calls, over all tokens, the sandbox was serving at one moment. */
    public int maxConcurrentSeen() {
        return maxConcurrentSeen.get();
    }

    public long requests() {
        return requests.get();
    }

    /** The generic answers to the rest of the catalogue, and the calls they saw. */
    public CatalogueResponder catalogue() {
        return catalogue;
    }

    public List<RoutingPoint> routingPoints() {
        return routingPoints;
    }

    public List<Connector> connectors() {
        return connectors;
    }

    /** The last {@value #REMEMBERED} activity codes sent, by "type_code|cod_act" (a copy). */
    public Map<String, JsonNode> activityCodes() {
        synchronized (activityCodes) {
            return new LinkedHashMap<>(activityCodes);
        }
    }

    /** The last {@value #REMEMBERED} dials, oldest first (a copy). */
    public List<SandboxCall> dials() {
        synchronized (dials) {
            return List.copyOf(dials.values());
        }
    }

    /** The last {@value #REMEMBERED} interactions, oldest first (a copy). */
    public List<SandboxCall> interactions() {
        synchronized (interactions) {
            return List.copyOf(interactions.values());
        }
    }

    /** Forgets the calls remembered so far (activity codes stay known: a repeat is still "updated"). */
    public void clearRecords() {
        synchronized (activityCodes) {
            activityCodes.clear();
        }
        synchronized (dials) {
            dials.clear();
        }
        synchronized (interactions) {
            interactions.clear();
        }
    }

    /** Insertion-ordered map that forgets its oldest entry past {@link #REMEMBERED}; guarded by itself. */
    private static final class Recent<K, V> extends LinkedHashMap<K, V> {
        @Override
        protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
            return size() > REMEMBERED;
        }
    }
}
