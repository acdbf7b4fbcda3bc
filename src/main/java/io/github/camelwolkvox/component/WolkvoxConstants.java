package io.github.camelwolkvox.component;

/** Message headers the component reads and writes. */
public final class WolkvoxConstants {

    /** In: overrides the endpoint's call priority (interactive or batch) for one exchange. */
    public static final String PRIORITY = "CamelWolkvoxPriority";
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
