package io.github.camelwolkvox.component;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Called by the {@code wolkvox-retries} route configuration before each redelivery: counts the retry
 * in the metrics. The component binds it as {@code wolkvoxRetryCounter}.
 */
public class RetryCounter implements Processor {

    static final String BEAN_NAME = "wolkvoxRetryCounter";

    @Override
    public void process(Exchange exchange) {
        Exception e = exchange.getException();
        if (e == null) {
            e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        }
        if (e instanceof WolkvoxApiException api) {
            exchange.getContext().getComponent("wolkvox", WolkvoxComponent.class).getMetrics().retry(api.getApi().label());
        }
    }
}
