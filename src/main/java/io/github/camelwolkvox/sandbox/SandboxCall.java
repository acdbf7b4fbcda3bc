package io.github.camelwolkvox.sandbox;

import java.util.Map;
import java.util.Set;

/** One request as the sandbox saw it: the api name, the query parameters, the JSON body, the header names. */
public record SandboxCall(String api, Map<String, String> query, String body, Set<String> headerNames) {
}
