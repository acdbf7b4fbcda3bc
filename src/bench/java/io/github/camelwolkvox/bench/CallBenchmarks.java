package io.github.camelwolkvox.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.impl.DefaultCamelContext;

import io.github.camelwolkvox.component.model.DialRequest;
import io.github.camelwolkvox.component.model.DialResult;

import static io.github.camelwolkvox.bench.Figures.median;
import static io.github.camelwolkvox.bench.Figures.spread;

/**
 * Items 1-3: calls through the {@code wolkvox:} component in this JVM (started with the README's
 * JVM options, WolkvoxBenchmark checks) against the sandbox in a JVM of its own, next to a plain JDK
 * HttpClient loop doing the same request and reading the same envelope.
 */
final class CallBenchmarks implements AutoCloseable {

    private static final String TOKEN = "bench-token-default";
    private static final List<String> ACCOUNTS = List.of("lane1", "lane2", "lane3", "lane4");
    private static final DialRequest DIAL = new DialRequest("1001", "+573001234567", "CC-1", "Ana Bench");
    private static final String DIAL_QUERY = "agentbox.php?agent_id=1001&api=dial&customer_phone=%2B573001234567"
            + "&customer_id=CC-1&customer_name=Ana%20Bench";
    private static final int LATENCY_MILLIS = 20;

    /** A call the benchmark repeats; it throws when the answer is not the expected success. */
    private interface Call {
        void run() throws Exception;
    }

    private final int runs;
    private final int latencyRuns;
    private final SandboxProcess sandbox;
    private final CamelContext context = new DefaultCamelContext();
    private final ProducerTemplate template;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final ObjectMapper json = new ObjectMapper();

    CallBenchmarks(int runs, int latencyRuns) throws Exception {
        this.runs = runs;
        this.latencyRuns = latencyRuns;
        sandbox = new SandboxProcess();
        context.getPropertiesComponent().addInitialProperty("wolkvox.token", TOKEN);
        context.getPropertiesComponent().addInitialProperty("wolkvox.base-url", sandbox.baseUrl());
        // every pull reaches the sandbox: the figures are of the call path, not of the 5-minute rule's answers
        context.getPropertiesComponent().addInitialProperty("wolkvox.min-pull-interval", "0");
        for (String account : ACCOUNTS) {
            context.getPropertiesComponent().addInitialProperty("wolkvox.accounts." + account + ".token", "bench-token-" + account);
            context.getPropertiesComponent().addInitialProperty("wolkvox.accounts." + account + ".base-url", sandbox.baseUrl());
        }
        context.start();
        template = context.createProducerTemplate();
    }

    void run(Figures figures) throws Exception {
        Call moduleDial = () -> moduleDial("wolkvox:dial");
        Call plainDial = () -> plain(HttpRequest.newBuilder(api(DIAL_QUERY)).POST(HttpRequest.BodyPublishers.noBody()));
        Call moduleConnectors = () -> {
            if (template.requestBody("wolkvox:connectors", null, List.class).isEmpty()) {
                throw new IllegalStateException("no connectors");
            }
        };
        Call plainConnectors = () -> plain(HttpRequest.newBuilder(api("information.php?api=connectors")).GET());

        moduleVsPlain(figures, "dial", moduleDial, plainDial);
        moduleVsPlain(figures, "connectors", moduleConnectors, plainConnectors);
        overheadAt20Millis(figures, moduleDial, plainDial);
        fourTokens(figures);
        int overlaps = sandbox.overlaps();
        figures.add("1-3. calls that overlapped on one token (sandbox count)", String.valueOf(overlaps), "0", overlaps == 0);
    }

    /** Item 1: the sandbox answers at once, so the figure is the module's own cost against a bare client's. */
    private void moduleVsPlain(Figures figures, String op, Call module, Call plain) throws Exception {
        sandbox.setLatencyMillis(0);
        int calls = Integer.getInteger("bench.calls", 1500);
        callsPerSecond(module, calls * 2);
        callsPerSecond(plain, calls * 2);
        List<Double> viaModule = new ArrayList<>();
        List<Double> viaPlain = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        for (int r = 0; r < runs; r++) {
            // Alternate which goes first so drift in the machine's load favours neither.
            double m;
            double p;
            if (r % 2 == 0) {
                m = callsPerSecond(module, calls);
                p = callsPerSecond(plain, calls);
            } else {
                p = callsPerSecond(plain, calls);
                m = callsPerSecond(module, calls);
            }
            viaModule.add(m);
            viaPlain.add(p);
            ratios.add(m / p);
        }
        String label = "1. one token, instant answer, " + op + ": ";
        figures.info(label + "module (ProducerTemplate)", spread(viaModule, "%.0f") + " calls/s");
        figures.info(label + "plain JDK HttpClient", spread(viaPlain, "%.0f") + " calls/s");
        figures.add(label + "ratio module / plain", spread(ratios, "%.2f"), ">= 0.90", median(ratios) >= 0.90);
    }

    /** Item 2: with a 20 ms answer the module should add (almost) nothing to the API's own time. */
    private void overheadAt20Millis(Figures figures, Call module, Call plain) throws Exception {
        sandbox.setLatencyMillis(LATENCY_MILLIS);
        int calls = 500;
        callsPerSecond(module, 25);
        callsPerSecond(plain, 25);
        List<Double> totals = new ArrayList<>();
        List<Double> overhead = new ArrayList<>();
        List<Double> plainOverhead = new ArrayList<>();
        for (int r = 0; r < latencyRuns; r++) {
            double totalMillis = calls / callsPerSecond(module, calls) * 1000;
            totals.add(totalMillis);
            overhead.add((totalMillis - calls * LATENCY_MILLIS) / calls);
            double plainMillis = calls / callsPerSecond(plain, calls) * 1000;
            plainOverhead.add((plainMillis - calls * LATENCY_MILLIS) / calls);
        }
        String label = "2. one token, 20 ms answers, 500 dials: ";
        figures.info(label + "module total (500 x 20 ms = 10000)", spread(totals, "%.0f") + " ms");
        figures.add(label + "module overhead a call", spread(overhead, "%.2f") + " ms", "<= 1 ms", median(overhead) <= 1.0);
        figures.info(label + "plain HttpClient overhead a call (the sandbox's own)", spread(plainOverhead, "%.2f") + " ms");
        List<Double> added = new ArrayList<>();
        for (int r = 0; r < overhead.size(); r++) {
            added.add(overhead.get(r) - plainOverhead.get(r));
        }
        figures.info(label + "module overhead minus plain overhead", spread(added, "%.2f") + " ms");
    }

    /** Item 3: tokens are independent lanes, so four of them should carry four times the calls. */
    private void fourTokens(Figures figures) throws Exception {
        sandbox.setLatencyMillis(LATENCY_MILLIS);
        int perLane = Integer.getInteger("bench.lane-calls", 150);
        ExecutorService threads = Executors.newFixedThreadPool(ACCOUNTS.size());
        try {
            parallel(threads, ACCOUNTS, 10);
            List<Double> one = new ArrayList<>();
            List<Double> four = new ArrayList<>();
            List<Double> ratios = new ArrayList<>();
            List<Double> sharedToken = new ArrayList<>();
            for (int r = 0; r < latencyRuns; r++) {
                double single = parallel(threads, ACCOUNTS.subList(0, 1), perLane);
                double parallel = parallel(threads, ACCOUNTS, perLane);
                one.add(single);
                four.add(parallel);
                ratios.add(parallel / single);
                sharedToken.add(parallel(threads, List.of("lane1", "lane1", "lane1", "lane1"), perLane / 4));
            }
            String label = "3. 20 ms answers: ";
            figures.info(label + "one token, one thread", spread(one, "%.1f") + " calls/s");
            figures.info(label + "four tokens, four threads", spread(four, "%.1f") + " calls/s");
            figures.add(label + "ratio four tokens / one", spread(ratios, "%.2f"), ">= 3.6", median(ratios) >= 3.6);
            figures.info(label + "one token, four threads (guard serialises)", spread(sharedToken, "%.1f") + " calls/s");
        } finally {
            threads.shutdownNow();
        }
    }

    /** Runs {@code calls} dials on each account in the list at once, one thread each; returns calls/s overall. */
    private double parallel(ExecutorService threads, List<String> accounts, int calls) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (String account : accounts) {
            String uri = "wolkvox:dial?account=" + account;
            done.add(threads.submit(() -> {
                go.await();
                for (int i = 0; i < calls; i++) {
                    moduleDial(uri);
                }
                return null;
            }));
        }
        long start = System.nanoTime();
        go.countDown();
        for (Future<?> f : done) {
            f.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        sandbox.clearRecords();
        return accounts.size() * calls / seconds;
    }

    private double callsPerSecond(Call call, int calls) throws Exception {
        long start = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            call.run();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        // The sandbox keeps every dial in a copy-on-write list: empty it so it does not slow later runs.
        sandbox.clearRecords();
        return calls / seconds;
    }

    private void moduleDial(String uri) {
        if (template.requestBody(uri, DIAL, DialResult.class).connId() == null) {
            throw new IllegalStateException("dial answered without conn_id");
        }
    }

    /** What a hand-written client does at least: send with the token, read the envelope, check its code. */
    private void plain(HttpRequest.Builder request) throws Exception {
        HttpResponse<String> answer = http.send(request.header("wolkvox-token", TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode envelope = json.readTree(answer.body());
        String code = envelope.path("code").asText();
        if (answer.statusCode() != 200 || !(code.equals("200") || code.equals("201"))) {
            throw new IllegalStateException("plain call failed: " + answer.body());
        }
    }

    private URI api(String fileAndQuery) {
        return URI.create(sandbox.baseUrl() + "/api/v2/" + fileAndQuery);
    }

    @Override
    public void close() throws Exception {
        context.stop();
        sandbox.close();
    }
}
