package io.github.camelwolkvox.component;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness of the Wolkvox accounts, from what the calls already told us: queue depth, calls in
 * flight and the last call's outcome per account. It never calls Wolkvox itself (that would spend
 * the token). DOWN when an account's last call could not reach Wolkvox or its token was refused.
 */
public class WolkvoxHealthCheck extends AbstractHealthCheck {

    static final Set<String> DOWN_OUTCOMES = Set.of(WolkvoxFailure.CONNECT_FAILED.name(), WolkvoxProducer.UNAUTHORIZED);

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
        component.getLanes().forEach((account, lane) -> {
            String prefix = "account." + account + ".";
            builder.detail(prefix + "queueDepth", lane.queueDepth());
            builder.detail(prefix + "inFlight", lane.inFlight());
            builder.detail(prefix + "lastOutcome", lane.lastOutcome());
            if (lane.lastOutcomeAt() > 0) {
                builder.detail(prefix + "lastOutcomeAt", Instant.ofEpochMilli(lane.lastOutcomeAt()).toString());
            }
            if (DOWN_OUTCOMES.contains(lane.lastOutcome())) {
                builder.down().message("Account " + account + ": last Wolkvox call ended " + lane.lastOutcome());
            }
        });
    }
}
