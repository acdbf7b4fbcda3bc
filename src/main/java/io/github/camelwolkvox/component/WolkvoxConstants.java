package io.github.camelwolkvox.component;

/** Message headers the component reads and writes. */
public final class WolkvoxConstants {

    /** In: overrides the endpoint's call priority (interactive or batch) for one exchange. */
    public static final String PRIORITY = "CamelWolkvoxPriority";
    /**
     * In: an {@link org.apache.camel.Predicate} evaluated once the turn on the token is granted, just
     * before the call. False: the call is not made and {@link #CALL_SKIPPED} is set. A request table
     * claims its row here, so a row waiting for the token (or a shutdown during that wait) is never
     * claimed, and a claim is always followed by the call.
     */
    public static final String ON_TURN = "CamelWolkvoxOnTurn";
    /** Out: true when the {@link #ON_TURN} predicate said no; the body is left as it was. */
    public static final String CALL_SKIPPED = "CamelWolkvoxCallSkipped";
    /** Out: the envelope code of a successful call. */
    public static final String CODE = "CamelWolkvoxCode";
    /** Out: the envelope msg of a successful call. */
    public static final String MESSAGE = "CamelWolkvoxMessage";
    /** Out: milliseconds this exchange waited for its turn on the token. */
    public static final String TOKEN_WAIT_MILLIS = "CamelWolkvoxTokenWaitMillis";
    /** Out: milliseconds the HTTP call itself took. */
    public static final String CALL_MILLIS = "CamelWolkvoxCallMillis";

    /** The Wolkvox authentication header. */
    public static final String TOKEN_HEADER = "wolkvox-token";

    private WolkvoxConstants() {
    }
}
