package io.github.camelwolkvox.rest;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.camel.CamelContext;

import io.github.camelwolkvox.component.AccountCircuit;
import io.github.camelwolkvox.component.TokenLane;
import io.github.camelwolkvox.component.WolkvoxComponent;

/**
 * GET /status: per Wolkvox account (token lane) the calls in flight, the queue, the last outcome and
 * the account's circuit and quota state (as the dev console reads them).
 */
public final class RestStatus {

    private RestStatus() {
    }

    /** The lanes of this CamelContext's Wolkvox accounts (the JVM may hold others, of other contexts). */
    public static Map<String, Object> status(CamelContext context) {
        WolkvoxComponent wolkvox = context.getComponent("wolkvox", WolkvoxComponent.class);
        List<Map<String, Object>> accounts = wolkvox.getLanes().entrySet().stream()
                .map(e -> lane(wolkvox, e.getKey(), e.getValue())).toList();
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("sandbox", wolkvox.isSandboxActive());
        status.put("accounts", accounts);
        return status;
    }

    private static Map<String, Object> lane(WolkvoxComponent wolkvox, String account, TokenLane lane) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("account", account);
        m.put("max_concurrent", lane.maxConcurrent());
        m.put("in_flight", lane.inFlight());
        m.put("queue_depth", lane.queueDepth());
        m.put("calls", lane.calls());
        m.put("total_wait_ms", lane.totalWait().toMillis());
        m.put("last_outcome", lane.lastOutcome());
        m.put("last_outcome_at", lane.lastOutcomeAt() == 0 ? null : Instant.ofEpochMilli(lane.lastOutcomeAt()).toString());
        AccountCircuit circuit = wolkvox.getCircuit(lane);
        // CLOSED: calls go out; OPEN: paused after token refusals; QUOTA_SPENT: the daily quota is used up
        m.put("circuit", circuit.state().name());
        m.put("quota_spent", circuit.state() == AccountCircuit.State.QUOTA_SPENT);
        m.put("pause", circuit.pause().map(p -> {
            Map<String, Object> pause = new LinkedHashMap<>();
            pause.put("reason", p.reason().name());
            pause.put("since", p.since().toString());
            pause.put("next_probe", p.nextProbe() == null ? null : p.nextProbe().toString());
            return pause;
        }).orElse(null));
        return m;
    }
}
