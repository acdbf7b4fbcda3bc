package io.github.camelwolkvox.component;

/**
 * A second guard behind the in-JVM {@link TokenLane}, shared with other processes (the cluster-wide
 * guard of {@code io.github.camelwolkvox.cluster}). When one is bound in the Camel registry, every
 * call takes its in-JVM turn first (so one instance never queues on the shared guard needlessly),
 * then a turn here; the gate's turn is released when the in-JVM turn is, never earlier.
 */
public interface TokenTurnGate {

    /**
     * Waits for one of {@code maxConcurrent} turns of the token, until {@code deadlineNanos}
     * ({@link System#nanoTime()} based).
     *
     * @return the turn, or null when none came before the deadline or the gate cannot be reached
     *         (the gate logs why): the call is then not made
     */
    Turn acquire(String tokenFingerprint, int maxConcurrent, long deadlineNanos) throws InterruptedException;

    /** A held turn; closing it (once) gives it back. */
    interface Turn extends AutoCloseable {
        @Override
        void close();
    }
}
