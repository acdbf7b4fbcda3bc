package io.github.camelwolkvox.component;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.TreeMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The JVM-wide registry of token lanes: every endpoint, route, account alias and CamelContext in this
 * JVM that uses the same token gets the same {@link TokenLane}. Lanes are keyed by a SHA-256 of the
 * token so the map never holds the token itself.
 *
 * Camel's Throttle EIP is not used: in 4.14 its concurrent-requests mode forgets a key's state 10 s
 * after a release, so a call longer than that could let a second one through; and a throttler in a
 * route is something a route can leave out, a guard in the producer is not.
 */
public final class TokenGuard {

    private static final Map<String, TokenLane> LANES = new ConcurrentHashMap<>();

    private TokenGuard() {
    }

    /**
     * The lane for a token. The first caller names it (by account, for logs and metrics). A later
     * caller asking for a lower concurrency lowers it: the strictest setting wins.
     */
    public static TokenLane laneFor(String token, String label, int maxConcurrent) {
        TokenLane lane = LANES.computeIfAbsent(fingerprint(token), k -> new TokenLane(k, label, maxConcurrent));
        lane.limitConcurrency(maxConcurrent);
        return lane;
    }

    /**
     * Forgets the lanes no call holds, waits for or is still finishing (a given-up call's tail). The
     * registry outlives every CamelContext of the JVM; tests call this between test classes so one
     * class's counters and concurrency setting never reach the next. A lane in use stays.
     */
    static void forgetIdleLanes() {
        LANES.values().removeIf(lane -> lane.inFlight() == 0 && lane.queueDepth() == 0 && lane.holders().isEmpty());
    }

    /** Lanes by label, sorted; two tokens with the same label are told apart as label#2, label#3. */
    static Map<String, TokenLane> byLabel(Collection<TokenLane> lanes) {
        Map<String, TokenLane> out = new TreeMap<>();
        for (TokenLane lane : lanes) {
            String key = lane.label();
            for (int n = 2; out.containsKey(key); n++) {
                key = lane.label() + "#" + n;
            }
            out.put(key, lane);
        }
        return out;
    }

    static String fingerprint(String token) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
