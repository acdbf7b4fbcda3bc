package io.github.camelwolkvox.component;

import org.apache.camel.spi.Metadata;

/** Message headers the component reads and writes (listed in the generated wolkvox.json). */
public final class WolkvoxConstants {

    @Metadata(label = "producer", javaType = "io.github.camelwolkvox.component.CallPriority",
              description = "In: overrides the endpoint's call priority (interactive or batch) for one exchange")
    public static final String PRIORITY = "CamelWolkvoxPriority";
    @Metadata(label = "producer", javaType = "org.apache.camel.Predicate",
              description = "In: a Predicate evaluated once the turn on the token is granted, just before the call. False: the"
                      + " call is not made and CamelWolkvoxCallSkipped is set. A request table claims its row here, so a row"
                      + " waiting for the token (or a shutdown during that wait) is never claimed, and a claim is always"
                      + " followed by the call")
    public static final String ON_TURN = "CamelWolkvoxOnTurn";
    @Metadata(label = "producer", javaType = "boolean",
              description = "Out: true when the CamelWolkvoxOnTurn predicate said no; the body is left as it was")
    public static final String CALL_SKIPPED = "CamelWolkvoxCallSkipped";
    @Metadata(label = "producer", javaType = "String", description = "Out: the envelope code of a successful call")
    public static final String CODE = "CamelWolkvoxCode";
    @Metadata(label = "producer", javaType = "String", description = "Out: the envelope msg of a successful call")
    public static final String MESSAGE = "CamelWolkvoxMessage";
    @Metadata(label = "producer", javaType = "long",
              description = "Out: milliseconds this exchange waited for its turn on the token")
    public static final String TOKEN_WAIT_MILLIS = "CamelWolkvoxTokenWaitMillis";
    @Metadata(label = "producer", javaType = "long", description = "Out: milliseconds the HTTP call itself took")
    public static final String CALL_MILLIS = "CamelWolkvoxCallMillis";

    @Metadata(label = "producer", javaType = "java.util.Map",
              description = "In (wolkvox:call and the newer operations): a Map of query parameters added to (and overriding) the query.* options")
    public static final String QUERY = "CamelWolkvoxQuery";
    @Metadata(label = "producer", javaType = "String",
              description = "In: write the answer's data to this file (streamed) instead of the body; overrides the outputFile option")
    public static final String OUTPUT_FILE = "CamelWolkvoxOutputFile";
    @Metadata(label = "producer", javaType = "int",
              description = "Out: how many HTTP calls the exchange took (date windows, upload chunks); 1 for a plain call")
    public static final String CALLS = "CamelWolkvoxCalls";
    @Metadata(label = "producer", javaType = "int",
              description = "Out, on failure: how many of the exchange's CamelWolkvoxCalls parts succeeded before one failed"
                      + " (e.g. the chunks of records already added; a redelivery continues after them)")
    public static final String CALLS_DONE = "CamelWolkvoxCallsDone";
    @Metadata(label = "producer", javaType = "long", description = "Out: records written to the output file")
    public static final String RECORD_COUNT = "CamelWolkvoxRecordCount";
    @Metadata(label = "producer", javaType = "String",
              description = "Out (report pulls): when the answer was pulled from Wolkvox, ISO-8601 UTC")
    public static final String ANSWERED_AT = "CamelWolkvoxAnsweredAt";
    @Metadata(label = "producer", javaType = "long",
              description = "Out (report pulls): the answer's age in milliseconds; 0 for a new pull, more when the report's"
                      + " latest answer was served because it was pulled less than minPullInterval ago")
    public static final String ANSWER_AGE_MILLIS = "CamelWolkvoxAnswerAgeMillis";

    /** The Wolkvox authentication header (an HTTP header of the request, not a message header). */
    public static final String TOKEN_HEADER = "wolkvox-token";

    private WolkvoxConstants() {
    }
}
