package io.github.camelwolkvox.component;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

/**
 * Prepares the outgoing request message: strips every header (nothing from the route leaks to
 * Wolkvox) and injects the token and the content type.
 */
final class WolkvoxRequestHeaders implements Processor {

    private final String token;

    WolkvoxRequestHeaders(String token) {
        this.token = token;
    }

    @Override
    public void process(Exchange exchange) {
        Message in = exchange.getIn();
        in.removeHeaders("*");
        in.setHeader(WolkvoxConstants.TOKEN_HEADER, token);
        if (in.getBody() != null) {
            in.setHeader(Exchange.CONTENT_TYPE, "application/json");
        }
    }

    @Override
    public String toString() {
        return "WolkvoxRequestHeaders[token=****]";
    }
}
