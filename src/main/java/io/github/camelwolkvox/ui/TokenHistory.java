package io.github.camelwolkvox.ui;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.camel.support.service.ServiceSupport;

import io.github.camelwolkvox.component.CallPriority;
import io.github.camelwolkvox.component.TokenLane;
import io.github.camelwolkvox.component.WolkvoxComponent;

/**
 * A few minutes of each token lane, sampled on the server every {@code intervalMillis}, so the
 * token view's chart shows the last minutes as soon as it opens: per sample the calls in flight,
 * waiting (by priority), calls made and their mean wait since the previous sample. A ring buffer
 * per lane, in memory only (a restart starts it again; the totals since start are in GET /status).
 */
final class TokenHistory extends ServiceSupport {

    private record Totals(long calls, long waitMillis) {
    }

    private final WolkvoxComponent wolkvox;
    private final long intervalMillis;
    private final int capacity;
    private final Map<String, Deque<Map<String, Object>>> samples = new ConcurrentHashMap<>();
    private final Map<String, Totals> previous = new ConcurrentHashMap<>();
    private ScheduledExecutorService sampler;

    TokenHistory(WolkvoxComponent wolkvox, long intervalMillis, long spanMillis) {
        this.wolkvox = wolkvox;
        this.intervalMillis = intervalMillis;
        this.capacity = (int) Math.max(1, spanMillis / intervalMillis);
    }

    @Override
    protected void doStart() {
        // Camel's own thread pool: named like Camel's threads, shut down with the context
        sampler = wolkvox.getCamelContext().getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "wolkvox-token-history");
        sampler.scheduleAtFixedRate(this::sample, 0, intervalMillis, TimeUnit.MILLISECONDS);
    }

    void sample() {
        String at = Instant.now().toString();
        wolkvox.getLanes().forEach((account, lane) -> {
            Totals now = new Totals(lane.calls(), lane.totalWait().toMillis());
            Totals before = previous.getOrDefault(account, now);
            previous.put(account, now);
            long calls = now.calls() - before.calls();
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("at", at);
            s.put("in_flight", lane.inFlight());
            s.put("waiting_interactive", lane.queueDepth(CallPriority.interactive));
            s.put("waiting_batch", lane.queueDepth(CallPriority.batch));
            s.put("calls", calls);
            s.put("mean_wait_ms", calls == 0 ? 0 : (now.waitMillis() - before.waitMillis()) / calls);
            Deque<Map<String, Object>> ring = samples.computeIfAbsent(account, a -> new ArrayDeque<>());
            synchronized (ring) {
                ring.addLast(s);
                while (ring.size() > capacity) {
                    ring.removeFirst();
                }
            }
        });
    }

    /** GET /api/v1/operator/token-history: the samples of each lane, oldest first. */
    Map<String, Object> view() {
        Map<String, Object> lanes = new LinkedHashMap<>();
        samples.forEach((account, ring) -> {
            synchronized (ring) {
                lanes.put(account, new ArrayList<>(ring));
            }
        });
        return Map.of("interval_ms", intervalMillis, "span_ms", intervalMillis * capacity, "lanes", lanes);
    }

    @Override
    protected void doStop() {
        if (sampler != null) {
            wolkvox.getCamelContext().getExecutorServiceManager().shutdownNow(sampler);
        }
    }
}
