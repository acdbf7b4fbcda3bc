package io.github.camelwolkvox.component;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.impl.DefaultCamelContext;

import io.github.camelwolkvox.sandbox.WolkvoxSandbox;

/**
 * The set-up of the component tests: a sandbox on a free port and a plain CamelContext whose default
 * account (token and base URL) points at it. Settings and routes are added before {@link #start()}.
 */
final class SandboxedContext implements AutoCloseable {

    final WolkvoxSandbox sandbox = new WolkvoxSandbox(0);
    final CamelContext context = new DefaultCamelContext();
    ProducerTemplate template;

    private SandboxedContext(String token) {
        sandbox.start();
        set("wolkvox.token", token);
        set("wolkvox.base-url", sandbox.baseUrl());
    }

    /** A started sandbox and a context not yet started, its default account on {@code token}. */
    static SandboxedContext on(String token) {
        return new SandboxedContext(token);
    }

    SandboxedContext set(String key, String value) {
        context.getPropertiesComponent().addInitialProperty(key, value);
        return this;
    }

    SandboxedContext routes(RoutesBuilder routes) throws Exception {
        context.addRoutes(routes);
        return this;
    }

    SandboxedContext start() {
        context.start();
        template = context.createProducerTemplate();
        return this;
    }

    @Override
    public void close() {
        context.stop();
        sandbox.stop();
    }
}
