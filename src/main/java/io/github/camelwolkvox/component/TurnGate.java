package io.github.camelwolkvox.component;

import java.time.Duration;

/**
 * A second gate behind the in-JVM token lane (for cluster mode: a lock per token slot shared by
 * several instances). Called once the lane granted a turn and before the request is sent; it blocks
 * until the gate lets the call in, and registers its own release with {@link TokenLane.Turn#onRelease},
 * so it is held for exactly the turn's span (to sent + server limit for a call given up on). The
 * component uses the one {@code TurnGate} bean of the registry, if any.
 */
public interface TurnGate {

    /**
     * @param tokenKey the token's SHA-256 (never the token), the same in every instance
     * @param turn     the lane's turn, not yet sent
     * @param maxWait  the longest wait; then throw {@link TokenWaitTimeoutException}
     */
    void admit(String tokenKey, TokenLane.Turn turn, Duration maxWait) throws InterruptedException;
}
