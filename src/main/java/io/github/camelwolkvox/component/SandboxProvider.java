package io.github.camelwolkvox.component;

/**
 * A stand-in for Wolkvox that receives every call in sandbox mode (the job's built-in simulator, a
 * test double). The component looks for one in the registry only in sandbox mode, and refuses to
 * start without one: the component itself never starts a simulator, so a host that embeds only the
 * component cannot fall into sandbox mode by accident.
 */
public interface SandboxProvider {

    /**
     * Starts the stand-in unless it runs already, and gives its base URL.
     *
     * @param why why sandbox mode is on (the setting that turned it on), for the stand-in's banner
     */
    String start(String why);

    /** The token sent for an account that has none in sandbox mode. */
    default String tokenFor(String account) {
        return "sandbox-" + account;
    }

    /** Stops the stand-in; called when the component that started it stops. */
    void stop();
}
