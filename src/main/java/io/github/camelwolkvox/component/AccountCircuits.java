package io.github.camelwolkvox.component;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the circuits of a component's accounts: feeds them the outcome of every call, and while an
 * account is paused makes a probe call ({@code routingPoints}) every {@code circuitProbeInterval}
 * (an open circuit) or {@code quotaRetryInterval} (a spent quota), until one succeeds and the
 * waiting work resumes by itself.
 */
final class AccountCircuits extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(AccountCircuits.class);

    private final WolkvoxComponent component;
    private final Map<AccountCircuit, ScheduledFuture<?>> probes = new ConcurrentHashMap<>();
    // Per component, not in the JVM-wide lane: the component that probes a circuit owns it, and a
    // context started later (or again) starts with closed circuits.
    private final Map<TokenLane, AccountCircuit> circuits = new ConcurrentHashMap<>();
    private ScheduledExecutorService scheduler;

    AccountCircuits(WolkvoxComponent component) {
        this.component = component;
    }

    @Override
    protected void doStart() {
        scheduler = component.getCamelContext().getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "wolkvox-probe");
    }

    @Override
    protected void doStop() {
        probes.values().forEach(f -> f.cancel(false));
        probes.clear();
        if (scheduler != null) {
            component.getCamelContext().getExecutorServiceManager().shutdownNow(scheduler);
            scheduler = null;
        }
    }

    AccountCircuit of(TokenLane lane) {
        return circuits.computeIfAbsent(lane, l -> new AccountCircuit());
    }

    void failed(WolkvoxEndpoint endpoint, WolkvoxApiException e) {
        AccountCircuit circuit = of(endpoint.lane());
        long interval = e.getFailure() == WolkvoxFailure.QUOTA_EXCEEDED ? component.getQuotaRetryInterval() : component.getCircuitProbeInterval();
        if (circuit.failed(e.getFailure(), e.getMessage(), interval)) {
            LOG.warn("Wolkvox account '{}' paused ({}): {}; its work waits, a probe call every {} ms", endpoint.lane().label(),
                    circuit.state(), e.getMessage(), interval);
            ScheduledFuture<?> previous = probes.put(circuit, scheduler.scheduleWithFixedDelay(() -> probe(endpoint),
                    interval, interval, TimeUnit.MILLISECONDS));
            if (previous != null) {
                previous.cancel(false);
            }
        }
    }

    void succeeded(WolkvoxEndpoint endpoint) {
        AccountCircuit circuit = of(endpoint.lane());
        if (circuit.state() == AccountCircuit.State.CLOSED) {
            return;
        }
        circuit.succeeded(endpoint.getApi().billed());
        if (circuit.state() == AccountCircuit.State.CLOSED) {
            LOG.info("Wolkvox account '{}' answers again: its work resumes", endpoint.lane().label());
            ScheduledFuture<?> probe = probes.remove(circuit);
            if (probe != null) {
                probe.cancel(false);
            }
        }
    }

    private void probe(WolkvoxEndpoint endpoint) {
        try {
            endpoint.probe();
        } catch (Exception e) {
            LOG.info("Wolkvox account '{}': probe call failed, still paused: {}", endpoint.lane().label(), e.getMessage());
        }
    }
}
