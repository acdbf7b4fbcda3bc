package io.github.camelwolkvox.component;

import java.time.Instant;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Circuit breaker of one account (token). An unreachable host or a refused token opens it: every
 * call on the account pauses. A spent daily quota pauses only billed calls (a dial is not billed).
 * A successful call closes it (for the quota: a successful billed call). While paused, batch callers
 * wait and interactive callers are refused with {@link AccountPausedException}; probe calls
 * ({@link AccountCircuits}) find out when to resume.
 */
public final class AccountCircuit {

    /** CLOSED: calls go; OPEN: no call goes; QUOTA_SPENT: billed calls wait for the quota's renewal. */
    public enum State { CLOSED, OPEN, QUOTA_SPENT }

    /** Why and since when an account is paused, and when the next probe is due. */
    public record Pause(State state, WolkvoxFailure reason, String detail, Instant since, Instant nextProbe) {
    }

    private State state = State.CLOSED;
    private Pause pause;

    /** Records a failed call; true when it changed the state (the caller then schedules probes). */
    synchronized boolean failed(WolkvoxFailure kind, String detail, long probeIntervalMillis) {
        State next = switch (kind) {
            case CONNECT_FAILED, TOKEN_REFUSED -> State.OPEN;
            case QUOTA_EXCEEDED -> state == State.OPEN ? State.OPEN : State.QUOTA_SPENT;
            default -> state;
        };
        if (next == State.CLOSED) {
            return false;
        }
        boolean changed = next != state;
        Instant since = changed || pause == null ? Instant.now() : pause.since();
        state = next;
        pause = new Pause(next, kind, detail, since, Instant.now().plusMillis(probeIntervalMillis));
        return changed;
    }

    /** A call succeeded: an open circuit closes; a spent quota is renewed only if the call was billed. */
    synchronized void succeeded(boolean billed) {
        if (state == State.OPEN || (state == State.QUOTA_SPENT && billed)) {
            state = State.CLOSED;
            pause = null;
            notifyAll();
        }
    }

    /** The pause that applies to a call, billed or not; empty when it may go. */
    public synchronized Optional<Pause> pauseFor(boolean billed) {
        return state == State.OPEN || (state == State.QUOTA_SPENT && billed) ? Optional.of(pause) : Optional.empty();
    }

    public synchronized State state() {
        return state;
    }

    /** Any pause, billed calls' included (for health and status pages). */
    public synchronized Optional<Pause> pause() {
        return Optional.ofNullable(pause);
    }

    /**
     * Waits while calls like this one are paused, as long as {@code keepWaiting} holds (checked each
     * second, so a stopping route is not held up). Returns the pause still in force, if any.
     */
    synchronized Optional<Pause> awaitResume(boolean billed, BooleanSupplier keepWaiting) throws InterruptedException {
        while (pauseFor(billed).isPresent() && keepWaiting.getAsBoolean()) {
            wait(1000);
        }
        return pauseFor(billed);
    }
}
