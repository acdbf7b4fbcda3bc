package io.github.camelwolkvox.component;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One token's lane: at most {@code maxConcurrent} calls in flight; waiting callers are served
 * first-come-first-served within their priority. Interactive callers go before batch callers, but
 * after {@link #INTERACTIVE_BURST} interactive grants in a row a waiting batch caller gets the next
 * turn, so a steady stream of REST calls cannot starve a CSV file.
 *
 * A {@link Turn} is held for as long as Wolkvox may be busy with the call: released when the answer
 * came (or the request never left), but a call the client gave up on keeps its turn until the
 * server's own limit after the request was sent, so the next call cannot reach a token Wolkvox is
 * still working for. {@link Turn#onRelease} lets a second gate (a cluster-wide lock) be held for
 * exactly the same span.
 */
public final class TokenLane {

    /** Interactive grants in a row before a waiting batch caller gets a turn. */
    static final int INTERACTIVE_BURST = 4;

    /** Releases the turns of given-up calls when the server's limit is over; one daemon thread for the JVM's lanes. */
    private static final ScheduledExecutorService LATE_RELEASE = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "wolkvox-turn-release");
        t.setDaemon(true);
        return t;
    });

    private final String key;
    private final String label;
    private final ReentrantLock lock = new ReentrantLock(true);
    private final ArrayDeque<Waiter> interactive = new ArrayDeque<>();
    private final ArrayDeque<Waiter> batch = new ArrayDeque<>();
    private int maxConcurrent;
    private int inFlight;
    private int interactiveStreak;

    private final Set<Turn> held = ConcurrentHashMap.newKeySet();
    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong waitNanosTotal = new AtomicLong();
    private volatile String lastOutcome = "none";
    private volatile long lastOutcomeAt;

    TokenLane(String key, String label, int maxConcurrent) {
        this.key = key;
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
     * Waits for a turn on the token. Returns the turn to close when the call is over.
     *
     * @throws TokenWaitTimeoutException when no turn came within {@code maxWait}
     */
    public Turn acquire(CallPriority priority, Duration maxWait) throws InterruptedException {
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

    private Turn granted(long start) {
        long waited = System.nanoTime() - start;
        calls.incrementAndGet();
        waitNanosTotal.addAndGet(waited);
        Turn turn = new Turn(Duration.ofNanos(waited));
        held.add(turn);
        return turn;
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

    /** The token's SHA-256, the same in every JVM (never the token). */
    public String key() {
        return key;
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

    /** Callers waiting for a turn with this priority. */
    public int queueDepth(CallPriority priority) {
        lock.lock();
        try {
            return queueOf(priority).size();
        } finally {
            lock.unlock();
        }
    }

    /** Who holds the turns now (the dev console): thread, how long, whether its client gave up. */
    public List<Holder> holders() {
        return held.stream().map(Turn::holder).toList();
    }

    /** One held turn: a call in flight, or one given up that Wolkvox may still be working on. */
    public record Holder(String thread, Duration held, boolean givenUp) {
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

    /**
     * A turn on the token. Lifecycle: acquired, then {@link #sent()} when the request goes out; then
     * either {@link #close()} once the answer came (or nothing was sent), releasing it now, or
     * {@link #gaveUp} when the client stopped waiting, releasing it at sent + the server's limit.
     */
    public final class Turn implements AutoCloseable {
        private final Duration waited;
        private final String thread = Thread.currentThread().getName();
        private final long grantedAt = System.nanoTime();
        private final List<Runnable> onRelease = new ArrayList<>(1);
        private boolean givenUp;
        private long sentAt;
        private boolean done;

        private Turn(Duration waited) {
            this.waited = waited;
        }

        public Duration waited() {
            return waited;
        }

        /** The lane this turn is on (a second gate reads its label and its calls at once). */
        public TokenLane lane() {
            return TokenLane.this;
        }

        /** The request is leaving: from now on Wolkvox may be working on it. */
        public synchronized void sent() {
            sentAt = System.nanoTime();
        }

        /** Runs when the turn is released (now, or at the end of a given-up call's server limit). */
        public synchronized void onRelease(Runnable action) {
            onRelease.add(action);
        }

        /**
         * The client stopped waiting for the answer. Wolkvox may still be busy with the request until
         * {@code serverLimit} after it was sent, so the turn is released only then.
         */
        public void gaveUp(Duration serverLimit) {
            long delay;
            synchronized (this) {
                if (done) {
                    return;
                }
                done = true;
                givenUp = true;
                delay = sentAt == 0 ? 0 : sentAt + serverLimit.toNanos() - System.nanoTime();
            }
            if (delay <= 0) {
                releaseTurn();
            } else {
                LATE_RELEASE.schedule(this::releaseTurn, delay, TimeUnit.NANOSECONDS);
            }
        }

        /** The answer came, or the request never left: the next caller may go. Once; a no-op after {@link #gaveUp}. */
        @Override
        public void close() {
            synchronized (this) {
                if (done) {
                    return;
                }
                done = true;
            }
            releaseTurn();
        }

        private synchronized Holder holder() {
            return new Holder(thread, Duration.ofNanos(System.nanoTime() - grantedAt), givenUp);
        }

        private void releaseTurn() {
            held.remove(this);
            release();
            List<Runnable> actions;
            synchronized (this) {
                actions = List.copyOf(onRelease);
            }
            actions.forEach(Runnable::run);
        }
    }
}
