package io.github.camelwolkvox.component;

import org.apache.camel.spi.Metadata;

/** Message headers the component reads and writes (listed in the generated wolkvox.json). */
public final class WolkvoxConstants {

    @Metadata(label = "producer", javaType = "io.github.camelwolkvox.component.CallPriority",
              description = "In: overrides the endpoint's call priority (interactive or batch) for one exchange")
    public static final String PRIORITY = "CamelWolkvoxPriority";
    @Metadata(label = "producer", javaType = "String", description = "Out: the envelope code of a successful call")
    public static final String CODE = "CamelWolkvoxCode";
    @Metadata(label = "producer", javaType = "String", description = "Out: the envelope msg of a successful call")
    public static final String MESSAGE = "CamelWolkvoxMessage";
    @Metadata(label = "producer", javaType = "long",
              description = "Out: milliseconds this exchange waited for its turn on the token")
    public static final String TOKEN_WAIT_MILLIS = "CamelWolkvoxTokenWaitMillis";
    @Metadata(label = "producer", javaType = "long", description = "Out: milliseconds the HTTP call itself took")
    public static final String CALL_MILLIS = "CamelWolkvoxCallMillis";

    /** The Wolkvox authentication header (an HTTP header of the request, not a message header). */
    public static final String TOKEN_HEADER = "wolkvox-token";

    private WolkvoxConstants() {
    }
}
