package io.github.camelwolkvox.component;

import java.time.Duration;
import java.time.Instant;

/**
 * The call was not sent: its account is paused (circuit open, or daily quota spent for a billed
 * call). Retryable, nothing was done; {@link #getRetryAfter()} says when the next probe is due
 * (REST answers 503 with it as Retry-After).
 */
public class AccountPausedException extends WolkvoxApiException {

    private final String account;
    private final AccountCircuit.Pause pause;

    public AccountPausedException(WolkvoxApi api, String account, AccountCircuit.Pause pause) {
        super(api, WolkvoxFailure.ACCOUNT_PAUSED, 0, null, null, "account '" + account + "' is paused since "
                + pause.since() + " (" + pause.reason() + (pause.detail() == null ? "" : ": " + pause.detail())
                + "); not sent, the next probe is at " + pause.nextProbe(), null);
        this.account = account;
        this.pause = pause;
    }

    public String getAccount() {
        return account;
    }

    public AccountCircuit.Pause getPause() {
        return pause;
    }

    /** Time until the next probe (at least one second). */
    public Duration getRetryAfter() {
        Duration d = Duration.between(Instant.now(), pause.nextProbe());
        return d.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : d;
    }
}
