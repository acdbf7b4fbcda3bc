package io.github.camelwolkvox.auth;

/**
 * Who sent a request, as the guard established it. {@code user} is the logged-in user's name, or
 * null for an API key or the sandbox's loopback caller (they name themselves in the action's body).
 */
public record Caller(String user, Role role) {

    /** Where the guard leaves the caller in the request's context. */
    public static final String KEY = "wolkvox.caller";

    public boolean mayAct() {
        return role == Role.OPERATOR;
    }
}
