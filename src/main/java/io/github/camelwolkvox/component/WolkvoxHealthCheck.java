package io.github.camelwolkvox.component;

import java.time.Instant;
import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness of the Wolkvox accounts from their present state: DOWN while an account's circuit is
 * open (host unreachable, token refused), with the reason; UP but DEGRADED (in the message) while a
 * token's daily quota is spent. It never calls Wolkvox itself. A closed circuit (a later success)
 * no longer counts. Details (queue depth, last outcome) are added only when {@code details} is on.
 */
public class WolkvoxHealthCheck extends AbstractHealthCheck {

    private final WolkvoxComponent component;

    public WolkvoxHealthCheck(WolkvoxComponent component) {
        super("camel", "wolkvox");
        this.component = component;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.up();
        boolean details = component.isHealthDetails();
        StringBuilder message = new StringBuilder(component.isSandboxActive() ? "sandbox mode" : "live");
        builder.detail("mode", component.isSandboxActive() ? "sandbox" : "live");
        component.getLanes().forEach((account, lane) -> {
            String prefix = "account." + account + ".";
            component.getCircuit(lane).pause().ifPresent(p -> {
                boolean down = p.state() == AccountCircuit.State.OPEN;
                if (down) {
                    builder.down();
                }
                message.append("; account ").append(account).append(down ? " DOWN" : " DEGRADED").append(" since ")
                        .append(p.since()).append(" (").append(p.reason()).append("), next probe ").append(p.nextProbe());
                builder.detail(prefix + "state", down ? "DOWN" : "DEGRADED");
                builder.detail(prefix + "since", p.since().toString());
            });
            if (details) {
                builder.detail(prefix + "queueDepth", lane.queueDepth());
                builder.detail(prefix + "inFlight", lane.inFlight());
                builder.detail(prefix + "lastOutcome", lane.lastOutcome());
                if (lane.lastOutcomeAt() > 0) {
                    builder.detail(prefix + "lastOutcomeAt", Instant.ofEpochMilli(lane.lastOutcomeAt()).toString());
                }
            }
        });
        builder.message(message.toString());
    }
}
