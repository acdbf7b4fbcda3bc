package io.github.camelwolkvox.component.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Outcome of a successful dial: Wolkvox's call identifier. */
public record DialResult(@JsonProperty("conn_id") String connId, @JsonProperty("msg") String msg) {
}
