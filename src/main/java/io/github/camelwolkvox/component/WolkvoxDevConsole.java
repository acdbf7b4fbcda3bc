package io.github.camelwolkvox.component;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.apache.camel.spi.annotations.DevConsole;
import org.apache.camel.support.console.AbstractDevConsole;
import org.apache.camel.util.json.JsonArray;
import org.apache.camel.util.json.JsonObject;

/**
 * Camel dev console {@code wolkvox} (in the style of camel-quartz's): each token lane of the
 * component's accounts — who holds its turns, who waits by priority, calls and mean wait, the
 * account's circuit and quota state — and whether calls go to the sandbox. Never the token: a lane
 * is named by its account.
 */
@DevConsole(name = "wolkvox", displayName = "Wolkvox", description = "Wolkvox token lanes, circuits and quota")
public class WolkvoxDevConsole extends AbstractDevConsole {

    public WolkvoxDevConsole() {
        super("camel", "wolkvox", "Wolkvox", "Wolkvox token lanes, circuits and quota");
    }

    private WolkvoxComponent component() {
        return getCamelContext().hasComponent("wolkvox") instanceof WolkvoxComponent c ? c : null;
    }

    @Override
    protected String doCallText(Map<String, Object> options) {
        WolkvoxComponent wolkvox = component();
        if (wolkvox == null) {
            return "No wolkvox endpoint in use\n";
        }
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("Mode: %s%n", wolkvox.isSandboxActive() ? "sandbox (the built-in simulator)" : "real"));
        wolkvox.getLanes().forEach((account, lane) -> {
            sb.append(String.format("%nAccount: %s%n", account));
            sb.append(String.format("    Calls at once (max): %d%n", lane.maxConcurrent()));
            sb.append(String.format("    In flight: %d%n", lane.inFlight()));
            sb.append(String.format("    Waiting: %d interactive, %d batch%n",
                    lane.queueDepth(CallPriority.interactive), lane.queueDepth(CallPriority.batch)));
            lane.holders().forEach(h -> sb.append(String.format("    Held by: %s for %d ms%s%n", h.thread(), h.held().toMillis(),
                    h.givenUp() ? " (client gave up; held until Wolkvox's limit)" : "")));
            sb.append(String.format("    Calls: %d, mean wait %d ms%n", lane.calls(), meanWait(lane).toMillis()));
            sb.append(String.format("    Last outcome: %s%s%n", lane.lastOutcome(),
                    lane.lastOutcomeAt() > 0 ? " at " + Instant.ofEpochMilli(lane.lastOutcomeAt()) : ""));
            AccountCircuit circuit = wolkvox.getCircuit(lane);
            sb.append(String.format("    Circuit: %s%n", circuit.state()));
            circuit.pause().ifPresent(p -> sb.append(String.format("    Paused since %s (%s%s), next probe %s%n", p.since(),
                    p.reason(), p.detail() == null ? "" : ": " + p.detail(), p.nextProbe())));
        });
        return sb.toString();
    }

    @Override
    protected Map<String, Object> doCallJson(Map<String, Object> options) {
        JsonObject root = new JsonObject();
        WolkvoxComponent wolkvox = component();
        if (wolkvox == null) {
            return root;
        }
        root.put("mode", wolkvox.isSandboxActive() ? "sandbox" : "real");
        JsonArray accounts = new JsonArray();
        wolkvox.getLanes().forEach((account, lane) -> {
            JsonObject jo = new JsonObject();
            jo.put("account", account);
            jo.put("maxConcurrent", lane.maxConcurrent());
            jo.put("inFlight", lane.inFlight());
            jo.put("waitingInteractive", lane.queueDepth(CallPriority.interactive));
            jo.put("waitingBatch", lane.queueDepth(CallPriority.batch));
            JsonArray holders = new JsonArray();
            lane.holders().forEach(h -> {
                JsonObject ho = new JsonObject();
                ho.put("thread", h.thread());
                ho.put("heldMillis", h.held().toMillis());
                ho.put("givenUp", h.givenUp());
                holders.add(ho);
            });
            jo.put("holders", holders);
            jo.put("calls", lane.calls());
            jo.put("meanWaitMillis", meanWait(lane).toMillis());
            jo.put("lastOutcome", lane.lastOutcome());
            if (lane.lastOutcomeAt() > 0) {
                jo.put("lastOutcomeAt", Instant.ofEpochMilli(lane.lastOutcomeAt()).toString());
            }
            AccountCircuit circuit = wolkvox.getCircuit(lane);
            jo.put("circuit", circuit.state().name());
            circuit.pause().ifPresent(p -> {
                jo.put("pausedSince", p.since().toString());
                jo.put("pauseReason", p.reason().name());
                jo.put("nextProbe", p.nextProbe().toString());
            });
            accounts.add(jo);
        });
        root.put("accounts", accounts);
        return root;
    }

    private static Duration meanWait(TokenLane lane) {
        return lane.calls() == 0 ? Duration.ZERO : lane.totalWait().dividedBy(lane.calls());
    }
}
