package io.github.camelwolkvox.component;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One token's lane: at most {@code maxConcurrent} calls in flight; waiting callers are served
 * first-come-first-served within their priority. Interactive callers go before batch callers, but
 * after {@link #INTERACTIVE_BURST} interactive grants in a row a waiting batch caller gets the next
 * turn, so a steady stream of REST calls cannot starve a CSV file. A permit is held for the whole
 * call, however long it lasts, and is released when the call returns, fails or times out.
 */
public final class TokenLane {

    /** Interactive grants in a row before a waiting batch caller gets a turn. */
    static final int INTERACTIVE_BURST = 4;

    private final String label;
    private final ReentrantLock lock = new ReentrantLock(true);
    private final ArrayDeque<Waiter> interactive = new ArrayDeque<>();
    private final ArrayDeque<Waiter> batch = new ArrayDeque<>();
    private int maxConcurrent;
    private int inFlight;
    private int interactiveStreak;

    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong waitNanosTotal = new AtomicLong();
    private volatile String lastOutcome = "none";
    private volatile long lastOutcomeAt;

    TokenLane(String label, int maxConcurrent) {
        this.label = label;
        this.maxConcurrent = Math.max(1, maxConcurrent);
    }

    void limitConcurrency(int max) {
        lock.lock();
        try {
            maxConcurrent = Math.max(1, Math.min(maxConcurrent, max));
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits for a turn on the token. Returns a permit to close when the call is over.
     *
     * @throws TokenWaitTimeoutException when no turn came within {@code maxWait}
     */
    public Permit acquire(CallPriority priority, Duration maxWait) throws InterruptedException {
        long start = System.nanoTime();
        lock.lock();
        try {
            if (inFlight < maxConcurrent && interactive.isEmpty() && batch.isEmpty()) {
                inFlight++;
                return granted(start);
            }
            Waiter me = new Waiter(lock.newCondition());
            queueOf(priority).addLast(me);
            long remaining = maxWait.toNanos();
            try {
                while (!me.granted) {
                    if (remaining <= 0) {
                        queueOf(priority).remove(me);
                        throw new TokenWaitTimeoutException(label, Duration.ofNanos(System.nanoTime() - start),
                                interactive.size() + batch.size());
                    }
                    remaining = me.turn.awaitNanos(remaining);
                }
            } catch (InterruptedException e) {
                if (me.granted) {
                    // The turn came as we were interrupted: hand it on rather than leak it.
                    release();
                } else {
                    queueOf(priority).remove(me);
                }
                throw e;
            }
            return granted(start);
        } finally {
            lock.unlock();
        }
    }

    private Permit granted(long start) {
        long waited = System.nanoTime() - start;
        calls.incrementAndGet();
        waitNanosTotal.addAndGet(waited);
        return new Permit(Duration.ofNanos(waited));
    }

    private ArrayDeque<Waiter> queueOf(CallPriority priority) {
        return priority == CallPriority.interactive ? interactive : batch;
    }

    private void release() {
        lock.lock();
        try {
            inFlight--;
            while (inFlight < maxConcurrent) {
                Waiter next = next();
                if (next == null) {
                    return;
                }
                inFlight++;
                next.granted = true;
                next.turn.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    private Waiter next() {
        boolean batchDue = !batch.isEmpty() && (interactive.isEmpty() || interactiveStreak >= INTERACTIVE_BURST);
        if (batchDue) {
            interactiveStreak = 0;
            return batch.pollFirst();
        }
        Waiter w = interactive.pollFirst();
        if (w != null) {
            interactiveStreak++;
        }
        return w;
    }

    void recordOutcome(String outcome) {
        lastOutcome = outcome;
        lastOutcomeAt = System.currentTimeMillis();
    }

    /** The account name the lane was first registered under (never the token). */
    public String label() {
        return label;
    }

    public int maxConcurrent() {
        return maxConcurrent;
    }

    public int inFlight() {
        lock.lock();
        try {
            return inFlight;
        } finally {
            lock.unlock();
        }
    }

    public int queueDepth() {
        lock.lock();
        try {
            return interactive.size() + batch.size();
        } finally {
            lock.unlock();
        }
    }

    public long calls() {
        return calls.get();
    }

    public Duration totalWait() {
        return Duration.ofNanos(waitNanosTotal.get());
    }

    /** "ok", a failure kind, or "none" before the first call. */
    public String lastOutcome() {
        return lastOutcome;
    }

    /** Epoch millis of the last outcome, 0 before the first call. */
    public long lastOutcomeAt() {
        return lastOutcomeAt;
    }

    private static final class Waiter {
        final Condition turn;
        boolean granted;

        Waiter(Condition turn) {
            this.turn = turn;
        }
    }

    /** A turn on the token; closing it (once) lets the next caller in. */
    public final class Permit implements AutoCloseable {
        private Duration waited;
        /** A turn at a second guard (cluster-wide), given back with this one. */
        private TokenTurnGate.Turn gateTurn;
        private boolean closed;

        private Permit(Duration waited) {
            this.waited = waited;
        }

        public Duration waited() {
            return waited;
        }

        void holdWith(TokenTurnGate.Turn turn, Duration waitedInAll) {
            gateTurn = turn;
            waited = waitedInAll;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                if (gateTurn != null) {
                    gateTurn.close();
                }
                release();
            }
        }
    }
}
