package io.github.camelwolkvox.sandbox;

import java.util.Optional;
import java.util.function.Consumer;

import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.github.camelwolkvox.component.SandboxProvider;

/**
 * Plugs the built-in {@link WolkvoxSandbox} into the {@code wolkvox} component: a registry bean
 * (the job declares it in application.properties as {@code wolkvoxSandbox}) that starts the
 * simulator the first time the component asks for it, in sandbox mode only.
 */
public class WolkvoxSandboxSupport implements SandboxProvider {

    /** The bean name the job and {@link #installIn} use. */
    public static final String BEAN_NAME = "wolkvoxSandbox";
    private static final Logger LOG = LoggerFactory.getLogger(WolkvoxSandboxSupport.class);

    private int port;
    private Consumer<WolkvoxSandbox> customizer = s -> { };
    private WolkvoxSandbox sandbox;

    /** Binds a sandbox support into a context's registry (a host or a test that wants sandbox mode) and returns it. */
    public static WolkvoxSandboxSupport installIn(CamelContext context) {
        WolkvoxSandboxSupport support = new WolkvoxSandboxSupport();
        context.getRegistry().bind(BEAN_NAME, support);
        return support;
    }

    /** The sandbox support of a context (the job's bean, or one installed). */
    public static WolkvoxSandboxSupport of(CamelContext context) {
        return context.getRegistry().findSingleByType(WolkvoxSandboxSupport.class);
    }

    @Override
    public synchronized String start(String why) {
        if (sandbox == null) {
            WolkvoxSandbox s = new WolkvoxSandbox(port);
            customizer.accept(s);
            s.start();
            sandbox = s;
            LOG.warn("""

                    ************************************************************************
                    *  SANDBOX MODE - {}.
                    *  Every Wolkvox call goes to the built-in simulator at {}
                    *  and nothing reaches Wolkvox. Set wolkvox.token and wolkvox.server
                    *  (and leave wolkvox.sandbox.enabled=auto) to work against a real
                    *  Wolkvox operation.
                    ************************************************************************""", why, s.baseUrl());
        }
        return sandbox.baseUrl();
    }

    @Override
    public synchronized void stop() {
        if (sandbox != null) {
            sandbox.stop();
            sandbox = null;
        }
    }

    /** The running simulator, once the component has started it. */
    public synchronized Optional<WolkvoxSandbox> running() {
        return Optional.ofNullable(sandbox);
    }

    public int getPort() {
        return port;
    }

    /** Port on 127.0.0.1; 0 picks a free one. */
    public void setPort(int port) {
        this.port = port;
    }

    /** Called with the simulator before it serves its first call (tests, fault injection). */
    public void setCustomizer(Consumer<WolkvoxSandbox> customizer) {
        this.customizer = customizer;
    }
}
