package io.github.camelwolkvox.component;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.apache.camel.CamelContext;

/**
 * Micrometer meters of the component, tagged by account (never the token) and operation. Uses the
 * MeterRegistry found in the Camel registry (Camel Main's {@code camel.metrics.enabled=true} puts a
 * Prometheus one there); without one, recording is a no-op.
 */
public final class WolkvoxMetrics {

    private final CamelContext context;
    private final Set<TokenLane> gaugedLanes = ConcurrentHashMap.newKeySet();
    private volatile MeterRegistry registry;

    private final BooleanSupplier sandbox;
    private volatile boolean modeRegistered;

    WolkvoxMetrics(CamelContext context, BooleanSupplier sandbox) {
        this.context = context;
        this.sandbox = sandbox;
    }

    private MeterRegistry registry() {
        MeterRegistry r = registry;
        if (r == null) {
            r = context.getRegistry().findSingleByType(MeterRegistry.class);
            registry = r;
        }
        return r;
    }

    /** Queue depth and calls in flight of a lane, as gauges (once per lane). */
    void watch(TokenLane lane, AccountCircuit circuit) {
        MeterRegistry r = registry();
        if (r != null && !modeRegistered) {
            modeRegistered = true;
            Gauge.builder("wolkvox.mode", () -> 1).description("Always 1; the label mode says sandbox (every call to the simulator) or live")
                    .tag("mode", sandbox.getAsBoolean() ? "sandbox" : "live").register(r);
        }
        if (r != null && gaugedLanes.add(lane)) {
            Gauge.builder("wolkvox.token.queue.depth", lane, TokenLane::queueDepth)
                    .description("Calls waiting for their turn on the token").tag("account", lane.label()).register(r);
            Gauge.builder("wolkvox.token.in.flight", lane, TokenLane::inFlight)
                    .description("Calls in flight with the token").tag("account", lane.label()).register(r);
            Gauge.builder("wolkvox.account.paused", circuit, c -> c.state().ordinal())
                    .description("0: calls go; 1: circuit open, every call waits; 2: daily quota spent, billed calls wait")
                    .tag("account", lane.label()).register(r);
        }
    }

    void callCompleted(TokenLane lane, WolkvoxApi operation, String outcome, long waitNanos, long callNanos) {
        MeterRegistry r = registry();
        if (r == null) {
            return;
        }
        Counter.builder("wolkvox.calls").description("Wolkvox calls by operation and outcome")
                .tags("account", lane.label(), "operation", operation.label(), "outcome", outcome).register(r).increment();
        Timer.builder("wolkvox.call.duration").description("Time of the HTTP call to Wolkvox")
                .tags("account", lane.label(), "operation", operation.label()).register(r).record(callNanos, TimeUnit.NANOSECONDS);
        Timer.builder("wolkvox.token.wait").description("Time waited for a turn on the token")
                .tags("account", lane.label()).register(r).record(waitNanos, TimeUnit.NANOSECONDS);
    }

    /** Wolkvox refused a call because the token's daily quota is spent. */
    void quotaRefused(TokenLane lane) {
        MeterRegistry r = registry();
        if (r != null) {
            Counter.builder("wolkvox.quota.refusals").description("Calls refused with TOKEN LIMIT EXCEEDED (daily quota spent)")
                    .tag("account", lane.label()).register(r).increment();
        }
    }

    /** A failed call about to be made again by the retry policy. */
    public void retry(String operation) {
        MeterRegistry r = registry();
        if (r != null) {
            Counter.builder("wolkvox.retries").description("Wolkvox calls retried after a safe-to-retry failure")
                    .tag("operation", operation).register(r).increment();
        }
    }

    /** Work that finally failed and was written to the dead-letter record. */
    public void deadLetter(String operation) {
        MeterRegistry r = registry();
        if (r != null) {
            Counter.builder("wolkvox.dead.letters").description("Work that finally failed, recorded as a dead letter")
                    .tag("operation", operation).register(r).increment();
        }
    }
}
